// The report's SQL aggregates against the pure functions of src/domain/conversion.ts on generated
// data full of edge cases: contacts at the very first and last millisecond of local weeks and
// months (time zone UTC+7, so local and UTC periods differ), calls and CRM deals without a client,
// the same client in several periods, deals paid several times (the earliest confirmed fact wins,
// even when it falls before the report's range), unconfirmed payments, payments without a deal,
// won deals without a payment and lost/open deals. Runs on PGlite and PostgreSQL.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { calls, clients } from '../../src/db/schema/calls.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { deals, payments } from '../../src/db/schema/outcomes.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { paidDealsByPeriod, uniqueLeadsByPeriod, type DealFact, type LeadContact, type PeriodKind } from '../../src/domain/conversion.ts';
import { buildMainReport, type MainReport } from '../../src/reports/report.service.ts';
import { periodOfDate, shiftPeriod } from '../../src/reports/report-context.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { buildCompany } from '../support/factories.ts';

const TZ = 'Asia/Novosibirsk';
const DAY = 86_400_000;

/** A small deterministic generator (mulberry32): the same data on every run and engine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  contacts: LeadContact[];
  facts: DealFact[];
}

async function generate(db: TestDatabase['database']['db'], companyId: string): Promise<Generated> {
  const rnd = random(20261203);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const from = periodOfDate('month', '2026-02-01', TZ).start.getTime();
  const to = periodOfDate('month', '2026-11-01', TZ).end.getTime();
  const someTime = (): Date => new Date(from + Math.floor(rnd() * (to - from)));
  // every local week and month boundary, hit at its first millisecond and just before it
  const edges: Date[] = [];
  for (let w = periodOfDate('week', '2026-02-02', TZ); w.start.getTime() < to; w = shiftPeriod(w, -1, TZ)) edges.push(w.start, new Date(w.start.getTime() - 1));
  for (let month = 2; month <= 11; month++) {
    const m = periodOfDate('month', `2026-${String(month).padStart(2, '0')}-01`, TZ);
    edges.push(m.start, new Date(m.end.getTime() - 1));
  }

  return withTenant(db, companyId, async (tx) => {
    const clientIds = (await tx.insert(clients).values(Array.from({ length: 45 }, (_, i) => ({ companyId, phoneE164: `+7913${String(i).padStart(7, '0')}` }))).returning({ id: clients.id })).map((row) => row.id);
    const maybeClient = (): string | null => (rnd() < 0.1 ? null : pick(clientIds));
    const callRows = [...edges, ...Array.from({ length: 700 }, someTime)].map((startedAt) => ({ companyId, clientId: maybeClient(), startedAt, status: 'transcribed' as const }));
    const insertedCalls = await tx.insert(calls).values(callRows).returning({ id: calls.id, clientId: calls.clientId, startedAt: calls.startedAt });
    const dealRows = Array.from({ length: 90 }, (_, i) => {
      const openedAt = i < edges.length ? edges[i]! : someTime();
      const status = pick(['won', 'won', 'open', 'lost'] as const);
      const closedAt = status === 'open' || rnd() < 0.15 ? null : new Date(openedAt.getTime() + Math.floor(rnd() * 40 * DAY));
      return { companyId, clientId: maybeClient(), source: 'csv' as const, externalId: `G-${i}`, amount: 50_000, status, openedAt, closedAt };
    });
    const insertedDeals = await tx.insert(deals).values(dealRows).returning({ id: deals.id, clientId: deals.clientId, openedAt: deals.openedAt, status: deals.status, closedAt: deals.closedAt });
    const paymentRows = insertedDeals.flatMap((deal, i) => Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => ({
      companyId, dealId: rnd() < 0.1 ? null : deal.id, clientId: deal.clientId, amount: 50_000,
      // some before the deal was opened or long before the report's months: the earliest still wins
      paidAt: k === 0 && rnd() < 0.3 ? edges[(i * 7) % edges.length]! : new Date(deal.openedAt.getTime() + Math.floor((rnd() - 0.2) * 60 * DAY)),
      confirmed: rnd() < 0.8, source: 'csv' as const, externalKey: `G-${i}-${k}`,
    })));
    const insertedPayments = await tx.insert(payments).values(paymentRows).returning({ dealId: payments.dealId, paidAt: payments.paidAt, confirmed: payments.confirmed });
    const contacts: LeadContact[] = [
      ...insertedCalls.map((c, i): LeadContact => ({ id: `call-${i}`, source: 'call', phone: c.clientId, occurredAt: c.startedAt })),
      ...insertedDeals.map((d, i): LeadContact => ({ id: `deal-${i}`, source: 'crm', phone: d.clientId, occurredAt: d.openedAt })),
    ];
    const facts: DealFact[] = [
      ...insertedPayments.filter((p) => p.confirmed && p.dealId).map((p): DealFact => ({ dealId: p.dealId!, status: 'paid', paidAt: p.paidAt })),
      ...insertedDeals.filter((d) => d.status === 'won').map((d): DealFact => ({ dealId: d.id, status: 'paid', paidAt: d.closedAt })),
    ];
    return { contacts, facts };
  });
}

function expected(data: Generated, kind: PeriodKind): { leads: ReturnType<typeof uniqueLeadsByPeriod>; paid: ReturnType<typeof paidDealsByPeriod> } {
  const options = { kind, timeZone: TZ, normalizePhone: (phone: string) => phone };
  return { leads: uniqueLeadsByPeriod(data.contacts, options), paid: paidDealsByPeriod(data.facts, options) };
}

function assertTrend(report: MainReport, data: Generated, kind: PeriodKind): void {
  const { leads, paid } = expected(data, kind);
  for (const period of report.trend) {
    const want = leads.get(period.period) ?? { leads: 0, leadsWithoutPhone: 0 };
    assert.equal(period.leads, want.leads, `${period.period} leads`);
    assert.equal(period.paidDeals, paid.get(period.period)?.length ?? 0, `${period.period} paid deals`);
  }
  for (const figure of [report.current, report.previous]) {
    assert.deepEqual(figure.paidDealIds, paid.get(figure.period) ?? [], `${figure.period} paid deal ids`);
    assert.equal(figure.leadsWithoutPhone, leads.get(figure.period)?.leadsWithoutPhone ?? 0, `${figure.period} leads without phone`);
  }
}

for (const { kind, skip } of await engines()) {
  describe(`report aggregates agree with the domain functions on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let companyId: string;
    let data: Generated;
    before(async () => {
      testDb = await createTestDatabase(kind);
      companyId = (await buildCompany(testDb.database.db)).companyId;
      // go-live in June: the baseline month (May) lies outside the week view's twelve weeks
      await testDb.database.db.update(companies).set({ timezone: TZ, goLiveAt: new Date('2026-06-10T05:00:00Z') }).where(eq(companies.id, companyId));
      data = await generate(testDb.database.db, companyId);
    });
    after(async () => {
      await testDb?.drop();
    });

    test('the data set really has the edge cases', () => {
      const { leads } = expected(data, 'month');
      assert.ok([...leads.values()].every((m) => m.leadsWithoutPhone > 0), 'contacts without a client in every month');
      const dealIds = data.facts.map((f) => f.dealId);
      assert.ok(dealIds.length - new Set(dealIds).size > 20, 'deals with several payment facts');
    });

    test('month view: six months of leads and paid deals, and the money figure', async () => {
      for (const at of ['2026-10-15', '2026-07-01', '2026-11-30']) {
        const report = await buildMainReport(testDb.database.db, companyId, { kind: 'month', at });
        assertTrend(report, data, 'month');
        assert.equal(report.baseline.state, 'ok');
        const { leads, paid } = expected(data, 'month');
        assert.ok(report.baseline.state === 'ok' && report.baseline.source === 'month');
        assert.equal(report.baseline.leads, leads.get('2026-05')?.leads);
        assert.equal(report.baseline.paidDeals, paid.get('2026-05')?.length);
      }
    });

    test('week view: twelve ISO weeks, plus the month and the baseline month outside them', async () => {
      for (const at of ['2026-09-01', '2026-06-29', '2026-10-31']) {
        const report = await buildMainReport(testDb.database.db, companyId, { kind: 'week', at });
        assertTrend(report, data, 'week');
        const month = expected(data, 'month');
        assert.equal(report.money.state, 'ok');
        if (report.money.state !== 'ok') continue;
        assert.equal(report.money.breakdown.leads, month.leads.get(at.slice(0, 7))?.leads, `${at} month leads`);
        assert.equal(report.money.breakdown.paidDeals, month.paid.get(at.slice(0, 7))?.length, `${at} month paid deals`);
        assert.ok(report.baseline.state === 'ok' && report.baseline.source === 'month');
        assert.equal(report.baseline.leads, month.leads.get('2026-05')?.leads);
      }
    });
  });
}
