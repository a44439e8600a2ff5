// The demo company's generated weeks of work, on both engines: calls for every manager over 8+
// weeks, the product's own analysis of each, a mix of outcomes, lost clients with reasons, win-back
// recommendations and a returned client, deals and payments after go-live, managers whose weak
// stages differ, the idle manager the sabotage scan flags; the same seed writes the same words; a
// second run adds nothing; and the engine's verdicts agree with what the generator meant.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { engines, createTestDatabase, type TestDatabase } from '../support/database.ts';
import { analyses, calls, clients, transcripts } from '../../src/db/schema/calls.ts';
import { companies, users } from '../../src/db/schema/companies.ts';
import { deals, lostClients, payments, recommendations } from '../../src/db/schema/outcomes.ts';
import { sabotageAlerts } from '../../src/db/schema/people.ts';
import { asSystem } from '../../src/db/tenant.ts';
import { ensureDemoCompany, type DemoSignIns } from '../../src/demo/demo-company.ts';
import { planDemoActivity } from '../../src/demo/demo-activity.ts';
import { DEMO_PEOPLE } from '../../src/demo/demo-content.ts';
import { seedDemoActivity } from '../../src/demo/demo-seed.ts';
import { buildMainReport } from '../../src/reports/report.service.ts';

const NOW = new Date('2026-11-23T07:00:00Z');
const SEED = 'demo-test';
const WEEK_MS = 7 * 86_400_000;

interface DemoMeta { key: string; intended: 'success' | 'lost'; followUpOf: string | null; applied: boolean | null }
const metaOf = (raw: Record<string, unknown>): DemoMeta => raw.demo as DemoMeta;

for (const { kind, skip } of await engines()) {
  describe(`demo activity on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let demo: DemoSignIns;
    const db = () => testDb.database.db;
    const all = async () => asSystem(db(), async (tx) => ({
      calls: await tx.select().from(calls).where(eq(calls.companyId, demo.companyId)),
      transcripts: await tx.select().from(transcripts).where(eq(transcripts.companyId, demo.companyId)),
      analyses: await tx.select().from(analyses).where(eq(analyses.companyId, demo.companyId)),
      clients: await tx.select().from(clients).where(eq(clients.companyId, demo.companyId)),
      lost: await tx.select().from(lostClients).where(eq(lostClients.companyId, demo.companyId)),
      recommendations: await tx.select().from(recommendations).where(eq(recommendations.companyId, demo.companyId)),
      deals: await tx.select().from(deals).where(eq(deals.companyId, demo.companyId)),
      payments: await tx.select().from(payments).where(eq(payments.companyId, demo.companyId)),
      users: await tx.select().from(users).where(eq(users.companyId, demo.companyId)),
      alerts: await tx.select().from(sabotageAlerts).where(eq(sabotageAlerts.companyId, demo.companyId)),
      company: (await tx.select().from(companies).where(eq(companies.id, demo.companyId)))[0]!,
    }));

    before(async () => {
      testDb = await createTestDatabase(kind);
      demo = await ensureDemoCompany(db(), { activity: { now: NOW, seed: SEED } });
    });
    after(async () => {
      await testDb?.drop();
    });

    test('ten weeks of calls for all five managers, each analysed by the product', async (t) => {
      const summary = demo.activity!;
      assert.equal(summary.skipped, false);
      t.diagnostic(`seeded on ${kind} in ${summary.milliseconds} ms: ${JSON.stringify(summary)}`);
      const data = await all();
      assert.ok(data.calls.length >= 300 && data.calls.length <= 550, `calls: ${data.calls.length}`);
      const managerIds = new Map(data.users.filter((u) => u.role === 'manager').map((u) => [u.id, u.email]));
      assert.equal(managerIds.size, 5);
      for (const [id, email] of managerIds) {
        const weeks = new Set(data.calls.filter((c) => c.managerId === id).map((c) => Math.floor((NOW.getTime() - c.startedAt.getTime()) / WEEK_MS)));
        assert.ok(weeks.size >= 8, `${email} has calls in ${weeks.size} weeks`);
      }
      assert.ok(data.calls.every((c) => c.startedAt.getTime() < NOW.getTime() && c.clientId && c.clientPhone?.startsWith('+7999')));
      // some clients were called twice
      assert.ok(data.clients.length < data.calls.length);
      // every call with a transcript has a current analysis, and nothing failed
      const current = new Map(data.analyses.filter((a) => a.isCurrent).map((a) => [a.callId, a]));
      assert.equal(data.transcripts.length, data.calls.length);
      assert.ok(data.calls.every((c) => c.status === 'analysed' && current.has(c.id)));
      assert.ok(data.transcripts.every((tr) => tr.turns.length >= 8 && tr.turns.length <= 30 && tr.turns.every((turn) => typeof turn.start === 'number' && typeof turn.end === 'number' && turn.end > turn.start)));
      assert.equal(data.calls.filter((c) => c.isReference).length, summary.referenceCalls);
      assert.ok(summary.referenceCalls >= 2);
    });

    test('a realistic mix: lost clients with reasons, recommendations, a returned client, deals and payments after go-live', async () => {
      const data = await all();
      const current = data.analyses.filter((a) => a.isCurrent);
      const success = current.filter((a) => a.outcome === 'success').length / current.length;
      assert.ok(success > 0.25 && success < 0.75, `success share ${success}`);
      assert.ok(data.lost.length > 50);
      assert.ok(data.lost.every((l) => l.reason && l.lossStage));
      assert.ok(data.lost.filter((l) => l.clientWords.length > 0).length >= data.lost.length * 0.9, "the client's words quoted");
      assert.ok(new Set(data.lost.map((l) => l.lossStage)).size >= 3, 'losses at several stages');

      const goLive = data.company.goLiveAt!;
      assert.ok(Math.abs(NOW.getTime() - goLive.getTime() - 4 * WEEK_MS) < 2 * 86_400_000, 'go-live about four weeks ago');
      assert.ok(data.recommendations.length > 20);
      assert.ok(data.recommendations.every((r) => r.createdAt.getTime() >= goLive.getTime()), 'recommendations only once Mentor runs');
      const returned = data.recommendations.filter((r) => r.status === 'returned');
      assert.ok(returned.length >= 1, 'at least one returned client');
      const linked = data.payments.filter((p) => p.recommendationId);
      assert.ok(linked.length >= 1 && linked.every((p) => returned.some((r) => r.id === p.recommendationId)));

      assert.ok(data.payments.length > 40 && data.payments.every((p) => p.paidAt.getTime() <= NOW.getTime() && p.dealId));
      assert.ok(data.payments.filter((p) => p.paidAt.getTime() >= goLive.getTime()).length > 15, 'payments after go-live');
      const average = data.payments.reduce((s, p) => s + Number(p.amount), 0) / data.payments.length;
      assert.ok(average > 180_000 && average < 320_000, `average payment ${average}`);
      assert.ok(data.deals.length >= data.payments.length);

      // conversion (paid deals / unique leads) is higher after go-live than in the weeks before it
      const rate = (from: number, to: number) => {
        const leads = new Set(data.calls.filter((c) => c.startedAt.getTime() >= from && c.startedAt.getTime() < to).map((c) => c.clientPhone)).size;
        const paid = data.payments.filter((p) => p.paidAt.getTime() >= from && p.paidAt.getTime() < to).length;
        return paid / leads;
      };
      assert.ok(rate(goLive.getTime(), NOW.getTime()) > rate(goLive.getTime() - 6 * WEEK_MS, goLive.getTime()), 'conversion grew after go-live');
    });

    test('the main report has a baseline, a weekly trend and money brought on first start', async () => {
      const report = await buildMainReport(db(), demo.companyId, { kind: 'week', now: NOW });
      assert.equal(report.baseline.state, 'ok');
      assert.equal(report.money.state, 'ok');
      const weeks = report.trend.filter((w) => w.leads > 0 && w.conversion !== null);
      assert.ok(weeks.length >= 8, `weeks with figures: ${weeks.length}`);
      // the month so far: recommendations written, and clients already won back with them
      const month = await buildMainReport(db(), demo.companyId, { kind: 'month', now: NOW });
      assert.ok(month.recommendations.total > 0 && month.recommendations.returned > 0, JSON.stringify(month.recommendations));
    });

    test('managers differ in weak stages, and the idle one is flagged', async () => {
      const data = await all();
      const byEmail = new Map(data.users.map((u) => [u.email, u.id]));
      const callsOf = new Map(data.calls.map((c) => [c.id, c.managerId]));
      const average = (email: string, stage: string): number => {
        const scores = data.analyses.filter((a) => a.isCurrent && callsOf.get(a.callId) === byEmail.get(email) && typeof a.scores[stage] === 'number').map((a) => a.scores[stage]!);
        return scores.reduce((s, x) => s + x, 0) / scores.length;
      };
      assert.ok(average('dmitry@demo.mentor', 'greeting') < average('anna@demo.mentor', 'greeting') - 2, 'Дмитрий greets badly');
      assert.ok(average('maria@demo.mentor', 'objections') < average('anna@demo.mentor', 'objections') - 2, 'Мария gives in on objections');
      assert.ok(average('igor@demo.mentor', 'needs') < average('anna@demo.mentor', 'needs') - 1.5, 'Игорь skips the needs discovery');
      const idle = data.alerts.filter((a) => a.kind === 'no_sign_in' && !a.resolvedAt).map((a) => a.managerId);
      assert.deepEqual(idle, [byEmail.get('dmitry@demo.mentor')]);
    });

    test('the engine agrees with what the generator meant in at least 85% of calls', async (t) => {
      const data = await all();
      const outcome = new Map(data.analyses.filter((a) => a.isCurrent).map((a) => [a.callId, a.outcome]));
      const agreed = data.calls.filter((c) => outcome.get(c.id) === metaOf(c.rawMetadata).intended).length;
      const share = agreed / data.calls.length;
      t.diagnostic(`verdict agreement on ${kind}: ${agreed}/${data.calls.length} = ${(share * 100).toFixed(1)}%`);
      assert.ok(share >= 0.85, `agreement ${share}`);
    });

    test('the same seed writes the same words; a second run adds nothing', async () => {
      const data = await all();
      const goLiveAt = data.company.goLiveAt!;
      const team = DEMO_PEOPLE.managers.map((m) => ({ email: m.email, firstName: m.name.split(' ')[0]! }));
      const plan = planDemoActivity({ seed: SEED, now: NOW, weeks: 10, goLiveAt, company: 'ТеплоСфера', team });
      assert.deepEqual(planDemoActivity({ seed: SEED, now: NOW, weeks: 10, goLiveAt, company: 'ТеплоСфера', team }), plan);
      assert.notDeepEqual(planDemoActivity({ seed: 'another', now: NOW, weeks: 10, goLiveAt, company: 'ТеплоСфера', team }).map((c) => c.turns), plan.map((c) => c.turns));
      const stored = new Map(data.calls.map((c) => [metaOf(c.rawMetadata).key, data.transcripts.find((tr) => tr.callId === c.id)!.turns]));
      assert.equal(stored.size, plan.length);
      // a follow-up where the manager did what the recommendation said is rewritten from its words
      for (const call of plan) if (!call.applied) assert.deepEqual(stored.get(call.key), call.turns, call.key);

      const again = await seedDemoActivity(db(), demo.companyId, { now: NOW, seed: SEED });
      assert.equal(again.skipped, true);
      const after = await all();
      assert.equal(after.calls.length, data.calls.length);
      assert.equal(after.payments.length, data.payments.length);
      assert.equal((await ensureDemoCompany(db())).created, false);
    });
  });
}
