// The head of sales' report through the real API, against the hand-built fixture whose figures are
// worked out in test/support/report-fixtures.ts. Runs on PGlite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildReportFixture, type ReportFixture } from '../support/report-fixtures.ts';
import { buildCompany } from '../support/factories.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { runWeeklyReportJob } from '../../src/reports/weekly-report.service.ts';

const close = (actual: number | null, expected: number, what: string): void => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
};

for (const { kind, skip } of await engines()) {
  describe(`main report on ${kind}`, { skip }, () => {
    let server: TestServer;
    let fx: ReportFixture;
    let head: ApiClient;
    before(async () => {
      server = await startTestServer({ engine: kind });
      fx = await buildReportFixture(server.runtime.database.db);
      head = new ApiClient(server.url);
      await head.login(fx.headOfSales.email, fx.headOfSales.password);
    });
    after(async () => {
      await server?.close();
    });

    test('conversion, growth and money brought match the hand calculation', async () => {
      const res = await head.request('GET', '/api/v1/report?period=month&at=2026-10-15');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const r = res.body;
      assert.equal(r.period.key, '2026-10');
      assert.equal(r.current.leads, 8);
      assert.equal(r.current.paidDeals, 3);
      assert.deepEqual([...r.current.paidDealIds].sort(), [fx.deals.a, fx.deals.b, fx.deals.c].sort());
      close(r.current.conversion, 3 / 8, 'conversion');
      assert.equal(r.previous.period, '2026-09');
      assert.equal(r.previous.leads, 10);
      close(r.previous.conversion, 0.1, 'previous conversion');
      close(r.growth.percentagePoints, 27.5, 'growth pp');
      close(r.growth.relativePercent, 275, 'growth %');
      assert.match(r.tooltips.conversion.ru, /3 \/ 8 = 37,50%/);

      assert.equal(r.baseline.state, 'ok');
      assert.equal(r.baseline.month, '2026-09');
      assert.equal(r.money.state, 'ok');
      const m = r.money.breakdown;
      assert.equal(m.leads, 8);
      assert.equal(m.paidDeals, 3);
      assert.equal(m.returnedDealsInPaidDeals, 1);
      close(m.baselineRate, 0.1, 'baseline');
      close(m.extraDeals, 1.2, 'extra deals');
      assert.equal(m.averageCheckMinor, 8_500_000);
      assert.equal(m.conversionTermMinor, 10_200_000);
      assert.equal(m.returnedPaymentsMinor, 9_000_000);
      assert.equal(m.totalMinor, 19_200_000);
      assert.match(m.tooltip.ru, /192\u00a0000\u00a0₽/);

      assert.deepEqual(r.recommendations, { total: 4, returned: 1, appliedNotReturned: 1, notApplied: 1, open: 1, expired: 0, successShare: 1 / 3 });
      assert.equal(r.trend.length, 6);
      assert.deepEqual(r.trend.slice(-2).map((p: { period: string; leads: number }) => [p.period, p.leads]), [['2026-09', 10], ['2026-10', 8]]);
    });

    test('the routes are in the OpenAPI document', async () => {
      const doc = await head.request('GET', '/api/openapi.json');
      assert.equal(doc.status, 200);
      for (const path of ['/api/v1/report', '/api/v1/managers/{id}', '/api/v1/reports/weekly/{id}/print', '/api/v1/deals/import', '/api/v1/payments', '/api/v1/notifications', '/api/v1/telegram/link-code']) {
        assert.ok(doc.body.paths[path], path);
      }
      const code = await head.request('POST', '/api/v1/telegram/link-code');
      assert.equal(code.status, 200);
      assert.match(code.body.code, /^[A-Z0-9]{8}$/);
    });

    test('the week view compares ISO weeks', async () => {
      const res = await head.request('GET', '/api/v1/report?period=week&at=2026-10-15');
      assert.equal(res.status, 200);
      assert.equal(res.body.period.key, '2026-W42');
      assert.equal(res.body.previousPeriod.key, '2026-W41');
      assert.equal(res.body.trend.length, 12);
      // week 42 (12–18 Oct): calls p5, p6, p7, p1 → 4 leads; no payment that week
      assert.equal(res.body.current.leads, 4);
      assert.equal(res.body.current.paidDeals, 0);
    });

    test('stage success per manager, with the threshold from the company settings', async () => {
      const res = await head.request('GET', '/api/v1/managers?period=month&at=2026-10-15');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const m1 = res.body.managers.find((m: { id: string }) => m.id === fx.managers[0]!.id);
      const m2 = res.body.managers.find((m: { id: string }) => m.id === fx.managers[1]!.id);
      assert.deepEqual(m1.stages.map((s: { successfulCalls: number; scoredCalls: number }) => `${s.successfulCalls}/${s.scoredCalls}`), ['3/4', '2/4', '3/4', '1/2', '1/4']);
      assert.deepEqual(m1.overall, { scored: 18, successful: 10, share: 10 / 18 });
      assert.deepEqual(m1.weakStages, ['closing']);
      assert.equal(m1.calls, 4);
      assert.equal(m1.lostCalls, 2);
      assert.deepEqual(m2.overall, { scored: 20, successful: 15, share: 0.75 });

      await withTenant(server.runtime.database.db, fx.companyId, (tx) => tx.update(companies).set({ settings: { stageSuccessThreshold: 8 } }).where(eq(companies.id, fx.companyId)));
      const strict = await head.request('GET', '/api/v1/managers?period=month&at=2026-10-15');
      const s1 = strict.body.managers.find((m: { id: string }) => m.id === fx.managers[0]!.id);
      assert.equal(strict.body.threshold, 8);
      assert.equal(s1.stages[0].successfulCalls, 2); // greeting 8 and 9
      await withTenant(server.runtime.database.db, fx.companyId, (tx) => tx.update(companies).set({ settings: {} }).where(eq(companies.id, fx.companyId)));
    });

    test('a manager reads only their own card; another manager gets 404', async () => {
      const [first, second] = fx.managers;
      const manager = new ApiClient(server.url);
      await manager.login(first!.email, first!.password);
      const own = await manager.request('GET', `/api/v1/managers/${first!.id}`);
      assert.equal(own.status, 200, JSON.stringify(own.body));
      assert.equal(own.body.analysedCalls, 4);
      assert.deepEqual(own.body.weakStages.map((s: { stage: string }) => s.stage), ['closing']);
      assert.equal(own.body.recommendations.byStatus.returned, 1);
      assert.deepEqual(own.body.trainer, { sessions: 0, lastAt: null, meanScore: null });
      const home = await manager.request('GET', '/api/v1/me/quality');
      assert.equal(home.status, 200);
      assert.equal(home.body.manager.id, first!.id);
      assert.ok(home.body.trend.length >= 1);
      const other = await manager.request('GET', `/api/v1/managers/${second!.id}`);
      assert.equal(other.status, 404);
      assert.equal((await manager.request('GET', '/api/v1/report?period=month')).status, 403);
      assert.equal((await manager.request('GET', '/api/v1/managers')).status, 403);
      // the head of sales of another company does not see this one
      const outsider = new ApiClient(server.url);
      await outsider.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      assert.equal((await outsider.request('GET', `/api/v1/managers/${first!.id}`)).status, 404);
    });

    test('a company without a baseline month says so and still shows the returned sum', async () => {
      const db = server.runtime.database.db;
      const bare = await buildCompany(db, { managers: 1 });
      await withTenant(db, bare.companyId, (tx) => tx.update(companies).set({ goLiveAt: new Date('2026-10-01T12:00:00Z') }).where(eq(companies.id, bare.companyId)));
      const api = new ApiClient(server.url);
      await api.login(bare.headOfSales.email, bare.headOfSales.password);
      const res = await api.request('GET', '/api/v1/report?period=month&at=2026-10-15');
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.baseline.state, 'baseline_missing');
      assert.equal(res.body.baseline.month, '2026-09');
      assert.match(res.body.baseline.reason, /2026-09/);
      assert.equal(res.body.money.state, 'baseline_missing');
      assert.equal(res.body.money.returnedPaymentsMinor, 0);
      assert.equal(res.body.current.conversion, null);
    });

    test('weekly report: frozen once per week, listed, printable; the job notifies the head of sales', async () => {
      const db = server.runtime.database.db;
      const first = await runWeeklyReportJob({ companyId: fx.companyId, weekStart: '2026-10-12' }, { db });
      const again = await runWeeklyReportJob({ companyId: fx.companyId, weekStart: '2026-10-12' }, { db });
      assert.equal(first.id, again.id);
      const list = await head.request('GET', '/api/v1/reports/weekly');
      assert.equal(list.body.reports.length, 1);
      assert.equal(list.body.reports[0].leads, 4);
      const one = await head.request('GET', `/api/v1/reports/weekly/${first.id}`);
      assert.equal(one.status, 200);
      assert.equal(one.body.figures.report.period.key, '2026-W42');
      const print = await fetch(`${server.url}/api/v1/reports/weekly/${first.id}/print`, { headers: { cookie: head.cookie } });
      assert.equal(print.status, 200);
      assert.match(print.headers.get('content-type') ?? '', /text\/html/);
      const html = await print.text();
      assert.match(html, /Недельный отчёт/);
      assert.match(html, /@media print/);
      const notes = await head.request('GET', '/api/v1/notifications');
      assert.equal(notes.body.notifications.filter((n: { kind: string }) => n.kind === 'weekly_report').length, 1);
      const read = await head.request('POST', `/api/v1/notifications/${notes.body.notifications[0].id}/read`);
      assert.equal(read.status, 200);
      assert.ok(read.body.readAt);
      assert.equal((await head.request('GET', `/api/v1/reports/weekly/${fx.managers[0]!.id}`)).status, 404);
    });
  });
}
