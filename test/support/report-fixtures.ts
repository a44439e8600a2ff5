// A hand-built company for the report tests: every number the API must return can be worked out
// by hand from this file (see the comments). Time zone Europe/Moscow; dates are mid-day UTC so no
// figure depends on a period boundary.
//
// September 2026 (baseline, the month before go-live on 2026-10-01): 10 calls from 10 phones,
//   1 paid deal → b = 1 / 10 = 10 %.
// October 2026: 8 calls from 7 phones (p1 called twice) + CRM deals A (p1), B (p9, new), C (p2)
//   → L = 8 unique leads; paid deals A, B, C → P = 3 → conversion 37,5 %; growth +27,5 pp, +275 %.
//   Returned client p2: recommendation "returned", receipt payment 90 000 ₽ linked to deal C → R = 1,
//   S = 90 000 ₽. Average check A = 85 000 ₽.
//   money = ((3 − 1) − 0,1 × 8) × 85 000 + 90 000 = 1,2 × 85 000 + 90 000 = 102 000 + 90 000 = 192 000 ₽.
// Stage success (threshold 7), October analyses:
//   manager 1: greeting 3/4, needs 2/4, presentation 3/4, objections 1/2, closing 1/4 → overall 10/18; weak: closing
//   manager 2: every stage 3/4 → overall 15/20
// Recommendations written in October: returned, applied, not_applied, open.
import { eq } from 'drizzle-orm';
import type { AppDb } from '../../src/db/database.ts';
import { analyses, calls, clients } from '../../src/db/schema/calls.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { deals, lostClients, payments, recommendations, type RecommendationStatus } from '../../src/db/schema/outcomes.ts';
import { withTenant, type Tx } from '../../src/db/tenant.ts';
import type { CallAnalysis } from '../../src/domain/call-analysis.ts';
import { buildCompany, type BuiltCompany } from './factories.ts';

export const phone = (n: number, prefix = '916'): string => `+7${prefix}${String(1_000_000 + n).slice(1).padStart(7, '0')}`;
const at = (day: string): Date => new Date(`${day}T12:00:00Z`);

export interface ReportFixture extends BuiltCompany {
  deals: { a: string; b: string; c: string; september: string };
  returnedRecommendationId: string;
  returnedClientId: string;
}

async function client(tx: Tx, companyId: string, p: string, managerId: string | null): Promise<string> {
  const [row] = await tx.insert(clients).values({ companyId, phoneE164: p, managerId, name: `Клиент ${p.slice(-4)}` })
    .onConflictDoUpdate({ target: [clients.companyId, clients.phoneE164], set: { name: `Клиент ${p.slice(-4)}` } }).returning({ id: clients.id });
  return row!.id;
}

async function call(tx: Tx, companyId: string, spec: { phone: string; managerId: string; day: string; scores?: Record<string, number> }): Promise<{ callId: string; clientId: string }> {
  const clientId = await client(tx, companyId, spec.phone, spec.managerId);
  const [row] = await tx.insert(calls).values({ companyId, managerId: spec.managerId, clientId, clientPhone: spec.phone, startedAt: at(spec.day), status: spec.scores ? 'analysed' : 'transcribed' }).returning({ id: calls.id });
  if (spec.scores) {
    await tx.insert(analyses).values({
      companyId, callId: row!.id, engine: 'fixture', engineVersion: '1', knowledgeHash: 'x', outcome: Object.values(spec.scores).some((s) => s < 4) ? 'lost' : 'success',
      confidence: 0.9, scores: spec.scores, result: {} as unknown as CallAnalysis,
    });
  }
  return { callId: row!.id, clientId };
}

async function deal(tx: Tx, companyId: string, spec: { phone: string; externalId: string; opened: string; paid: string; amount: number }): Promise<string> {
  const clientId = await client(tx, companyId, spec.phone, null);
  const [row] = await tx.insert(deals).values({ companyId, clientId, source: 'csv', externalId: spec.externalId, amount: spec.amount, status: 'won', openedAt: at(spec.opened), closedAt: at(spec.paid) }).returning({ id: deals.id });
  await tx.insert(payments).values({ companyId, dealId: row!.id, clientId, amount: spec.amount, paidAt: at(spec.paid), source: 'csv', externalKey: `csv:deal:${spec.externalId}` });
  return row!.id;
}

async function recommendation(tx: Tx, companyId: string, managerId: string, source: { callId: string; clientId: string }, status: RecommendationStatus, day: string): Promise<string> {
  const [lost] = await tx.insert(lostClients).values({ companyId, clientId: source.clientId, managerId, callId: source.callId, lossStage: 'closing', reason: 'дорого', status: status === 'returned' ? 'returned' : 'in_progress', createdAt: at(day) }).returning({ id: lostClients.id });
  const [rec] = await tx.insert(recommendations).values({ companyId, lostClientId: lost!.id, callId: source.callId, clientId: source.clientId, managerId, text: 'Перезвонить', engine: 'fixture', status, dueAt: at(day), createdAt: at(day) }).returning({ id: recommendations.id });
  return rec!.id;
}

export async function buildReportFixture(db: AppDb): Promise<ReportFixture> {
  const company = await buildCompany(db, { managers: 2 });
  const { companyId } = company;
  const [m1, m2] = [company.managers[0]!.id, company.managers[1]!.id];
  return withTenant(db, companyId, async (tx) => {
    await tx.update(companies).set({ averageCheck: 85_000, goLiveAt: new Date('2026-09-30T21:00:00Z'), timezone: 'Europe/Moscow', currency: 'RUB' }).where(eq(companies.id, companyId));
    // September: 10 leads, one paid deal (its phone is one of the callers)
    for (let i = 1; i <= 10; i++) await call(tx, companyId, { phone: phone(100 + i), managerId: i % 2 ? m1 : m2, day: `2026-09-${String(i + 5).padStart(2, '0')}` });
    const september = await deal(tx, companyId, { phone: phone(101), externalId: 'S-1', opened: '2026-09-06', paid: '2026-09-20', amount: 80_000 });
    // October: manager 1's four analysed calls
    const s = (greeting: number, needs: number, presentation: number, objections: number | null, closing: number): Record<string, number> =>
      ({ greeting, needs, presentation, ...(objections === null ? {} : { objections }), closing });
    const c1 = await call(tx, companyId, { phone: phone(1), managerId: m1, day: '2026-10-05', scores: s(8, 6, 7, null, 5) });
    const c2 = await call(tx, companyId, { phone: phone(2), managerId: m1, day: '2026-10-06', scores: s(9, 7, 4, null, 7) });
    const c3 = await call(tx, companyId, { phone: phone(3), managerId: m1, day: '2026-10-07', scores: s(6, 8, 8, 9, 3) });
    const c4 = await call(tx, companyId, { phone: phone(4), managerId: m1, day: '2026-10-08', scores: s(7, 5, 9, 6, 2) });
    // manager 2: three good calls and one weak one (p1 calls a second time)
    for (const [n, score, day] of [[5, 8, '2026-10-12'], [6, 8, '2026-10-13'], [7, 8, '2026-10-14'], [1, 4, '2026-10-15']] as const) {
      await call(tx, companyId, { phone: phone(n), managerId: m2, day, scores: s(score, score, score, score, score) });
    }
    const a = await deal(tx, companyId, { phone: phone(1), externalId: 'A', opened: '2026-10-05', paid: '2026-10-10', amount: 85_000 });
    const b = await deal(tx, companyId, { phone: phone(9), externalId: 'B', opened: '2026-10-11', paid: '2026-10-20', amount: 70_000 });
    const c = await deal(tx, companyId, { phone: phone(2), externalId: 'C', opened: '2026-10-06', paid: '2026-10-22', amount: 90_000 });
    const returned = await recommendation(tx, companyId, m1, c2, 'returned', '2026-10-06');
    await recommendation(tx, companyId, m1, c1, 'applied', '2026-10-05');
    await recommendation(tx, companyId, m1, c3, 'not_applied', '2026-10-07');
    await recommendation(tx, companyId, m1, c4, 'open', '2026-10-08');
    // the returned client's receipt, linked to its deal and recommendation
    await tx.insert(payments).values({ companyId, dealId: c, clientId: c2.clientId, amount: 90_000, paidAt: at('2026-10-22'), source: 'manual', externalKey: 'manual:fixture', confirmed: true, recommendationId: returned, receiptSha256: 'f'.repeat(64) });
    return { ...company, deals: { a, b, c, september }, returnedRecommendationId: returned, returnedClientId: c2.clientId };
  });
}
