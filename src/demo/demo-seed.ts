// Fills the demo company with weeks of work so every screen shows real trends on first start:
// leads and calls with transcripts, then the product's own pipeline on every call in the order they
// happened — the builtin analysis, lost records and win-back recommendations for lost calls, the
// follow-up check on the second call to a lost client — then deals and payments for the clients who
// agreed, the reminder sweep and the sabotage scan. Deterministic for a seed; runs once (a company
// that already has calls is left alone).
import { and, count, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, clients, transcripts } from '../db/schema/calls.ts';
import { companies, users } from '../db/schema/companies.ts';
import { deals, payments, recommendations } from '../db/schema/outcomes.ts';
import { withTenant } from '../db/tenant.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { analyseCall } from '../calls/analyse-call.ts';
import { createBuiltinEngine } from '../analysis/builtin/builtin-engine.ts';
import { createBuiltinFollowUpChecker } from '../analysis/followup/followup-checker.ts';
import { loadKnowledge } from '../knowledge/load-knowledge.ts';
import { createBuiltinRecommendationWriter } from '../recommendations/builtin/recommendation-writer.ts';
import { recommendationToVerify, verifyRecommendation } from '../recommendations/follow-up.service.ts';
import { recordLostCall } from '../recommendations/lost-clients.service.ts';
import { markCalled, recommendForCall } from '../recommendations/recommendations.service.ts';
import { sweepRecommendations } from '../recommendations/reminders.service.ts';
import { scanSabotage } from '../reports/sabotage.service.ts';
import { DEMO_COMPANY, DEMO_PEOPLE } from './demo-content.ts';
import { MANAGER_CHARACTERS } from './demo-calls/demo-managers.ts';
import { composeAppliedFollowUp } from './demo-calls/applied-follow-up.ts';
import { createRandom, type Random } from './demo-calls/seeded-random.ts';
import { planDemoActivity, type PlannedCall } from './demo-activity.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const BATCH = 100;

export interface SeedDemoOptions {
  now?: Date;
  weeks?: number;
  seed?: string;
  /** default: the builtin engine, as on a fresh install */
  engine?: CallAnalysisEngine;
}

export interface DemoSeedSummary {
  skipped: boolean;
  calls: number;
  clients: number;
  analysed: number;
  lostCalls: number;
  recommendations: number;
  returnedClients: number;
  deals: number;
  payments: number;
  referenceCalls: number;
  /** wall time of the whole seeding */
  milliseconds: number;
  /** CPU time of this process (with PGlite that includes the database), a figure a busy machine does not inflate */
  cpuMilliseconds: number;
  /** wall time per step, to see what a slow first start spends its time on */
  phases: Record<string, number>;
}

const EMPTY: Omit<DemoSeedSummary, 'milliseconds' | 'cpuMilliseconds' | 'phases'> = {
  skipped: true, calls: 0, clients: 0, analysed: 0, lostCalls: 0, recommendations: 0, returnedClients: 0, deals: 0, payments: 0, referenceCalls: 0,
};

/** Any seed gives a working demo; this one gives a typical month (a dozen or so clients won back). */
export const DEFAULT_DEMO_SEED = 'teplosfera-2';

function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function seedDemoActivity(db: AppDb, companyId: string, options: SeedDemoOptions = {}): Promise<DemoSeedSummary> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const now = options.now ?? new Date();
  const weeks = options.weeks ?? 10;
  const seed = options.seed ?? DEFAULT_DEMO_SEED;
  // go-live four weeks ago, at the start of that day: the month before it is the baseline
  const goLiveAt = new Date(Math.floor((now.getTime() - 28 * DAY_MS) / DAY_MS) * DAY_MS);

  const team = await withTenant(db, companyId, async (tx) => {
    const existing = (await tx.select({ n: count() }).from(calls).where(eq(calls.companyId, companyId)))[0]?.n ?? 0;
    if (Number(existing) > 0) return null;
    return tx.select({ id: users.id, email: users.email, role: users.role }).from(users).where(eq(users.companyId, companyId));
  });
  if (!team) return { ...EMPTY, milliseconds: Math.round(performance.now() - started), cpuMilliseconds: 0, phases: {} };
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string): void => {
    const at = performance.now();
    phases[name] = Math.round(at - mark);
    mark = at;
  };

  const managerIds = new Map(team.filter((u) => u.role === 'manager').map((u) => [u.email, u.id]));
  const people = DEMO_PEOPLE.managers.filter((m) => managerIds.has(m.email));
  const plan = planDemoActivity({
    seed, now, weeks, goLiveAt, company: DEMO_COMPANY.name,
    team: people.map((m) => ({ email: m.email, firstName: m.name.split(' ')[0] ?? m.name })),
  });
  const callIds = await storeCalls(db, companyId, plan, managerIds, people);
  await withTenant(db, companyId, async (tx) => {
    await tx.update(companies).set({ goLiveAt, baselineMonth: null }).where(eq(companies.id, companyId));
    await backdateTeam(tx, companyId, team, now, weeks, seed);
  });
  phase('store');

  const pipeline = await runPipeline(db, companyId, plan, callIds, options.engine ?? createBuiltinEngine(), goLiveAt, seed, phase);
  const money = await storeDealsAndPayments(db, companyId, plan, callIds, managerIds, pipeline.returnedBy, now, seed);
  phase('deals');
  await pressCalledForDiligentManagers(db, companyId, now, seed, managerIds);
  await sweepRecommendations({ db, telegram: null, now: () => now }, companyId);
  await scanSabotage(db, companyId, now, null);
  phase('reminders');

  const used = process.cpuUsage(cpu);
  const recCount = await withTenant(db, companyId, async (tx) => Number((await tx.select({ n: count() }).from(recommendations).where(eq(recommendations.companyId, companyId)))[0]?.n ?? 0));
  return {
    skipped: false,
    calls: plan.length,
    clients: new Set(plan.map((c) => c.client.phone)).size,
    analysed: pipeline.analysed,
    lostCalls: pipeline.lost,
    recommendations: recCount,
    returnedClients: pipeline.returnedBy.size,
    deals: money.deals,
    payments: money.payments,
    referenceCalls: plan.filter((c) => c.reference).length,
    milliseconds: Math.round(performance.now() - started),
    cpuMilliseconds: Math.round((used.user + used.system) / 1000),
    phases,
  };
}

/** Clients, calls and transcripts in batches: hundreds of rows in a few statements. */
async function storeCalls(db: AppDb, companyId: string, plan: readonly PlannedCall[], managerIds: Map<string, string>, people: readonly { email: string; extension: string }[]): Promise<Map<string, string>> {
  const extensions = new Map(people.map((m) => [m.email, m.extension]));
  return withTenant(db, companyId, async (tx) => {
    const firstCalls = plan.filter((c) => c.followUpOf === null);
    const clientIds = new Map<string, string>();
    for (const batch of chunks(firstCalls)) {
      const rows = await tx.insert(clients).values(batch.map((c) => ({
        companyId, phoneE164: c.client.phone, name: c.client.name, managerId: managerIds.get(c.managerEmail) ?? null, source: 'call', firstSeenAt: c.startedAt,
      }))).returning({ id: clients.id, phone: clients.phoneE164 });
      for (const row of rows) if (row.phone) clientIds.set(row.phone, row.id);
    }
    const callIds = new Map<string, string>();
    for (const batch of chunks(plan)) {
      const rows = await tx.insert(calls).values(batch.map((c) => ({
        companyId, managerId: managerIds.get(c.managerEmail) ?? null, clientId: clientIds.get(c.client.phone) ?? null, source: 'demo',
        externalId: c.key, direction: 'outbound' as const, managerExtension: extensions.get(c.managerEmail) ?? null, clientPhone: c.client.phone,
        startedAt: c.startedAt, durationSeconds: c.durationSeconds, status: 'transcribed' as const, isReference: c.reference,
        rawMetadata: { demo: { key: c.key, intended: c.intended, loss: c.loss, objection: c.objection, quality: c.quality, followUpOf: c.followUpOf, applied: c.applied } },
        createdAt: c.startedAt, updatedAt: c.startedAt,
      }))).returning({ id: calls.id, key: calls.externalId });
      for (const row of rows) if (row.key) callIds.set(row.key, row.id);
      await tx.insert(transcripts).values(batch.map((c) => ({ callId: callIds.get(c.key)!, companyId, language: 'ru', turns: c.turns, source: 'import' as const, createdAt: c.startedAt })));
    }
    return callIds;
  });
}

/**
 * The team has worked for months; everybody signed in lately except Дмитрий, who has not opened
 * Mentor for five days — the sabotage scan's case.
 */
async function backdateTeam(tx: AppDb, companyId: string, team: readonly { id: string; email: string }[], now: Date, weeks: number, seed: string): Promise<void> {
  const random = createRandom(`${seed}:sign-ins`);
  const hired = new Date(now.getTime() - (weeks + 2) * 7 * DAY_MS);
  for (const person of team) {
    const idle = person.email === 'dmitry@demo.mentor' ? 5 * DAY_MS + 3 * 3_600_000 : random.int(1, 20) * 3_600_000;
    await tx.update(users).set({ createdAt: hired, lastSignInAt: new Date(now.getTime() - idle) }).where(and(eq(users.id, person.id), eq(users.companyId, companyId)));
  }
}

interface PipelineResult {
  analysed: number;
  lost: number;
  /** the follow-up call's key → the recommendation the client returned on */
  returnedBy: Map<string, string>;
}

/**
 * Every call through the product's steps, oldest first, each at the moment it would have run.
 * Before go-live Mentor did not run yet: those calls are analysed (history imported at go-live)
 * and their losses recorded, but nobody wrote recommendations for them then.
 */
async function runPipeline(db: AppDb, companyId: string, plan: readonly PlannedCall[], callIds: Map<string, string>, engine: CallAnalysisEngine, goLiveAt: Date, seed: string, phase: (name: string) => void): Promise<PipelineResult> {
  const knowledge = await loadKnowledge(db, companyId);
  const writer = createBuiltinRecommendationWriter();
  const checker = createBuiltinFollowUpChecker();
  const random = createRandom(`${seed}:follow-ups`);
  const result: PipelineResult = { analysed: 0, lost: 0, returnedBy: new Map() };
  const lostBeforeGoLive: string[] = [];
  for (const call of plan) {
    const callId = callIds.get(call.key);
    if (!callId) continue;
    const live = call.startedAt.getTime() >= goLiveAt.getTime();
    // only a second call can find a waiting recommendation: every first call is a new lead
    const waiting = live && call.followUpOf ? await withTenant(db, companyId, (tx) => recommendationToVerify(tx, companyId, callId)) : null;
    if (waiting && call.applied) await sayTheRecommendation(db, companyId, callId, call, waiting.script, random);
    const analysis = await analyseCall(db, engine, companyId, callId, { knowledge });
    if (analysis.status !== 'analysed') continue;
    result.analysed++;
    const lost = analysis.analysis.outcome === 'lost';
    if (lost) result.lost++;
    if (!live) {
      if (lost) lostBeforeGoLive.push(callId);
      continue;
    }
    // the pipeline's jobs run a few minutes after the call; due dates count from then
    const at = new Date(call.startedAt.getTime() + call.durationSeconds * 1000 + 5 * MINUTE_MS);
    if (waiting) {
      const verdict = await verifyRecommendation({ db, checker, jobs: null, now: () => at }, companyId, waiting.id, callId);
      if (verdict.status === 'verified' && verdict.recommendationStatus === 'returned') result.returnedBy.set(call.key, waiting.id);
      // lost again and not won back: the follow-up call is the one to win back from (as the job would)
      if (verdict.status === 'verified' && verdict.recommendationStatus !== 'returned' && lost) await recommendForCall({ db, writer, jobs: null, now: () => at }, companyId, callId);
    } else if (lost) {
      await recommendForCall({ db, writer, jobs: null, now: () => at }, companyId, callId);
    }
  }
  phase('pipeline');
  // one transaction for the history: oldest first, so a client's later loss updates the record
  await withTenant(db, companyId, async (tx) => {
    for (const callId of lostBeforeGoLive) await recordLostCall(tx, companyId, callId);
  });
  phase('history');
  return result;
}

/** Replaces a planned follow-up's words with what the recommendation told the manager to say. */
async function sayTheRecommendation(db: AppDb, companyId: string, callId: string, call: PlannedCall, script: string, random: Random): Promise<void> {
  const person = DEMO_PEOPLE.managers.find((m) => m.email === call.managerEmail);
  const character = MANAGER_CHARACTERS.find((c) => c.email === call.managerEmail);
  const speaker = { name: person?.name.split(' ')[0] ?? '', female: character?.female ?? false, company: DEMO_COMPANY.name };
  const composed = composeAppliedFollowUp(random, call.client, speaker, script, call.intended);
  call.turns = composed.turns;
  call.durationSeconds = composed.durationSeconds;
  await withTenant(db, companyId, async (tx) => {
    await tx.update(transcripts).set({ turns: composed.turns }).where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId)));
    await tx.update(calls).set({ durationSeconds: composed.durationSeconds }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId)));
  });
}

/** Around the average check: the engineer's estimate, give or take what the visit found. */
function dealAmount(estimateThousands: number, random: Random): number {
  return Math.round((estimateThousands * (0.88 + random.next() * 0.27))) * 1000;
}

/**
 * Clients who agreed to the engineer's visit: most sign and pay three to twelve days later (the
 * visit, the estimate, the contract); payments not yet due by `now` leave an open deal. A returned
 * client's payment carries the recommendation that brought them back.
 */
async function storeDealsAndPayments(db: AppDb, companyId: string, plan: readonly PlannedCall[], callIds: Map<string, string>, managerIds: Map<string, string>, returnedBy: Map<string, string>, now: Date, seed: string): Promise<{ deals: number; payments: number }> {
  const random = createRandom(`${seed}:payments`);
  return withTenant(db, companyId, async (tx) => {
    const ids = [...callIds.values()];
    const outcomes = new Map<string, string>();
    for (const batch of chunks(ids, 500)) {
      const rows = await tx.select({ callId: analyses.callId, outcome: analyses.outcome }).from(analyses)
        .where(and(eq(analyses.companyId, companyId), eq(analyses.isCurrent, true), inArray(analyses.callId, batch)));
      for (const row of rows) outcomes.set(row.callId, row.outcome);
    }
    const clientRows = await tx.select({ id: clients.id, phone: clients.phoneE164 }).from(clients).where(eq(clients.companyId, companyId));
    const clientIds = new Map(clientRows.map((c) => [c.phone, c.id]));
    const paidClients = new Set<string>();
    const dealRows: (typeof deals.$inferInsert)[] = [];
    const paymentRows: { dealExternalId: string; values: typeof payments.$inferInsert }[] = [];
    for (const call of plan) {
      const callId = callIds.get(call.key);
      if (!callId || outcomes.get(callId) !== 'success' || paidClients.has(call.client.phone)) continue;
      const recommendationId = returnedBy.get(call.key) ?? null;
      const pays = random.chance(recommendationId ? 0.85 : 0.7);
      const paidAt = new Date(call.startedAt.getTime() + random.int(3, 12) * DAY_MS + random.int(1, 8) * 3_600_000);
      const paid = pays && paidAt.getTime() < now.getTime();
      const amount = dealAmount(call.client.estimate, random);
      const clientId = clientIds.get(call.client.phone) ?? null;
      const externalId = `demo-${call.key}`;
      dealRows.push({
        companyId, clientId, managerId: managerIds.get(call.managerEmail) ?? null, source: 'demo', externalId, amount,
        status: paid ? 'won' : 'open', openedAt: call.startedAt, closedAt: paid ? paidAt : null, createdAt: call.startedAt,
      });
      if (!paid) continue;
      paidClients.add(call.client.phone);
      paymentRows.push({ dealExternalId: externalId, values: { companyId, clientId, amount, paidAt, source: 'demo', externalKey: externalId, confirmed: true, recommendationId, createdAt: paidAt } });
    }
    const dealIds = new Map<string, string>();
    for (const batch of chunks(dealRows)) {
      for (const row of await tx.insert(deals).values(batch).returning({ id: deals.id, externalId: deals.externalId })) dealIds.set(row.externalId, row.id);
    }
    for (const batch of chunks(paymentRows)) await tx.insert(payments).values(batch.map((p) => ({ ...p.values, dealId: dealIds.get(p.dealExternalId) ?? null })));
    const dealCount = dealRows.length;
    const paymentCount = paymentRows.length;
    return { deals: dealCount, payments: paymentCount };
  });
}

/**
 * Managers who work their recommendations press "I called" on some of the ones no second call
 * followed; the careless ones leave theirs open, which the reminders and the sabotage scan show.
 */
async function pressCalledForDiligentManagers(db: AppDb, companyId: string, now: Date, seed: string, managerIds: Map<string, string>): Promise<void> {
  const random = createRandom(`${seed}:called`);
  const diligence = new Map(MANAGER_CHARACTERS.map((c) => [managerIds.get(c.email), c.appliesRecommendations]));
  const open = await withTenant(db, companyId, (tx) => tx.select({ id: recommendations.id, managerId: recommendations.managerId, dueAt: recommendations.dueAt, createdAt: recommendations.createdAt })
    .from(recommendations).where(and(eq(recommendations.companyId, companyId), eq(recommendations.status, 'open'))).orderBy(recommendations.createdAt, recommendations.id));
  for (const rec of open) {
    if (!rec.managerId || !random.chance(diligence.get(rec.managerId) ?? 0)) continue;
    const pressedAt = new Date(Math.min(now.getTime(), rec.createdAt.getTime() + DAY_MS));
    if (pressedAt.getTime() >= now.getTime()) continue;
    await markCalled({ db, now: () => pressedAt }, { kind: 'user', userId: rec.managerId, companyId, role: 'manager', sessionId: 'demo-seed' }, rec.id);
  }
}
