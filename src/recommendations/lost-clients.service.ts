// Lost clients: the record a lost call leaves (who lost whom, at which stage, why, in the
// client's own words), the lists the head of sales and the managers see, and the client card.
//
// One record per client "episode": while a client's record is still `lost` or `in_progress`, a
// later lost call of the same client updates it (the newest call is the one to win back from);
// once the client returned or the record expired, a new loss opens a new record. Recording is
// idempotent per call: the unique (company, call) index and the "newer call only" rule make a
// re-run change nothing.
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, clients } from '../db/schema/calls.ts';
import { users } from '../db/schema/companies.ts';
import { lostClients, recommendations } from '../db/schema/outcomes.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { managerScope, type Actor } from '../auth/actor.ts';
import type { CallAnalysis } from '../domain/call-analysis.ts';
import { notFound } from '../domain/errors.ts';
import { isRecommendationStatus, type RecommendationStatus } from '../domain/recommendation-lifecycle.ts';
import { toRecommendationView, type RecommendationView } from './recommendation-view.ts';

export const LOST_CLIENT_STATUSES = ['lost', 'in_progress', 'returned', 'expired'] as const;
export type LostClientStatus = (typeof LOST_CLIENT_STATUSES)[number];

/** The lost record follows its current recommendation: waiting → lost, being worked → in progress. */
export function lostStatusFor(status: RecommendationStatus): LostClientStatus {
  switch (status) {
    case 'open':
      return 'lost';
    case 'called':
    case 'verifying':
    case 'applied':
    case 'not_applied':
      return 'in_progress';
    case 'returned':
      return 'returned';
    case 'expired':
      return 'expired';
  }
}

export type LostRecordResult =
  | { status: 'recorded'; lostClientId: string; clientId: string; created: boolean }
  | { status: 'not_lost' }
  | { status: 'call_missing' };

/** The client's words that show the loss, as one line for lists. */
export function clientWordsOf(analysis: CallAnalysis): string {
  return (analysis.loss?.clientWords ?? []).map((e) => e.text.trim()).filter(Boolean).join(' … ').slice(0, 1000);
}

/**
 * Creates or updates the lost record of the call's client. A call without a client (no phone in
 * the PBX data) gets a client of its own, so the loss is never dropped.
 */
export async function recordLostCall(tx: Tx, companyId: string, callId: string): Promise<LostRecordResult> {
  const call = (await tx.select().from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update'))[0];
  if (!call) return { status: 'call_missing' };
  const current = (await tx.select({ result: analyses.result }).from(analyses)
    .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true))).limit(1))[0];
  const analysis = current?.result;
  if (!analysis || analysis.outcome !== 'lost' || !analysis.loss) return { status: 'not_lost' };

  let clientId = call.clientId;
  if (!clientId) {
    const [client] = await tx.insert(clients).values({ companyId, phoneE164: null, managerId: call.managerId, source: 'call' }).returning({ id: clients.id });
    clientId = client!.id;
    await tx.update(calls).set({ clientId, updatedAt: new Date() }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId)));
  }
  const values = { managerId: call.managerId, lossStage: analysis.loss.stage, reason: analysis.loss.reason, clientWords: clientWordsOf(analysis), updatedAt: new Date() };

  const same = (await tx.select({ id: lostClients.id }).from(lostClients).where(and(eq(lostClients.companyId, companyId), eq(lostClients.callId, callId))).limit(1))[0];
  if (same) {
    await tx.update(lostClients).set(values).where(and(eq(lostClients.id, same.id), eq(lostClients.companyId, companyId)));
    return { status: 'recorded', lostClientId: same.id, clientId, created: false };
  }
  const active = (await tx.select({ id: lostClients.id, startedAt: calls.startedAt }).from(lostClients)
    .innerJoin(calls, and(eq(calls.id, lostClients.callId), eq(calls.companyId, companyId)))
    .where(and(eq(lostClients.companyId, companyId), eq(lostClients.clientId, clientId), inArray(lostClients.status, ['lost', 'in_progress'])))
    .orderBy(desc(lostClients.createdAt)).limit(1))[0];
  if (active) {
    // an older lost call re-run after a newer one must not pull the record back in time
    if (active.startedAt.getTime() > call.startedAt.getTime()) return { status: 'recorded', lostClientId: active.id, clientId, created: false };
    await tx.update(lostClients).set({ ...values, callId, status: 'lost' }).where(and(eq(lostClients.id, active.id), eq(lostClients.companyId, companyId)));
    return { status: 'recorded', lostClientId: active.id, clientId, created: false };
  }
  const [row] = await tx.insert(lostClients).values({ companyId, clientId, callId, ...values }).returning({ id: lostClients.id });
  return { status: 'recorded', lostClientId: row!.id, clientId, created: true };
}

export interface LostClientFilters {
  /** one record (the card) */
  id?: string | undefined;
  managerId?: string | undefined;
  stage?: string | undefined;
  /** a lost-record status (lost, in_progress, returned, expired) or a recommendation status */
  status?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface LostClientItem {
  id: string;
  status: LostClientStatus;
  lossStage: string;
  reason: string;
  clientWords: string;
  lostAt: Date;
  callId: string;
  client: { id: string; name: string | null; phone: string | null };
  manager: { id: string; name: string } | null;
  recommendation: null | { id: string; status: RecommendationStatus; dueAt: Date; applied: boolean | null };
  updatedAt: Date;
}

/** The current recommendation of a lost record: the newest one the head of sales did not reject. */
const currentRecommendationId = sql<string | null>`(select r.id from ${recommendations} r where r.lost_client_id = ${lostClients.id} and r.company_id = ${lostClients.companyId} and r.rejected_at is null order by r.created_at desc, r.id desc limit 1)`;
const currentRecommendationStatus = sql`(select r.status from ${recommendations} r where r.lost_client_id = ${lostClients.id} and r.company_id = ${lostClients.companyId} and r.rejected_at is null order by r.created_at desc, r.id desc limit 1)`;

export async function listLostClients(db: AppDb, actor: Actor, filters: LostClientFilters = {}): Promise<{ lostClients: LostClientItem[]; total: number }> {
  const companyId = actor.companyId;
  const where: SQL[] = [eq(lostClients.companyId, companyId)];
  const own = managerScope(actor);
  if (own) where.push(eq(lostClients.managerId, own));
  if (filters.id) where.push(eq(lostClients.id, filters.id));
  if (filters.managerId) where.push(eq(lostClients.managerId, filters.managerId));
  if (filters.stage) where.push(eq(lostClients.lossStage, filters.stage));
  if (filters.from) where.push(gte(calls.startedAt, filters.from));
  if (filters.to) where.push(lt(calls.startedAt, filters.to));
  if (filters.status) {
    if ((LOST_CLIENT_STATUSES as readonly string[]).includes(filters.status)) where.push(eq(lostClients.status, filters.status as LostClientStatus));
    else if (isRecommendationStatus(filters.status)) where.push(sql`${currentRecommendationStatus} = ${filters.status}`);
  }
  return withTenant(db, companyId, async (tx) => {
    const rows = await tx
      .select({
        id: lostClients.id, status: lostClients.status, lossStage: lostClients.lossStage, reason: lostClients.reason, clientWords: lostClients.clientWords,
        callId: lostClients.callId, lostAt: calls.startedAt, updatedAt: lostClients.updatedAt,
        clientId: lostClients.clientId, clientName: clients.name, clientPhone: clients.phoneE164,
        managerId: lostClients.managerId, managerName: users.name, recommendationId: currentRecommendationId,
      })
      .from(lostClients)
      .innerJoin(calls, and(eq(calls.id, lostClients.callId), eq(calls.companyId, companyId)))
      .leftJoin(clients, and(eq(clients.id, lostClients.clientId), eq(clients.companyId, companyId)))
      .leftJoin(users, and(eq(users.id, lostClients.managerId), eq(users.companyId, companyId)))
      .where(and(...where))
      .orderBy(desc(calls.startedAt), desc(lostClients.id))
      .limit(filters.limit ?? 50)
      .offset(filters.offset ?? 0);
    const totalRow = (await tx.select({ total: sql<number>`count(*)` }).from(lostClients)
      .innerJoin(calls, and(eq(calls.id, lostClients.callId), eq(calls.companyId, companyId)))
      .where(and(...where)))[0];
    const recIds = rows.map((r) => r.recommendationId).filter((id): id is string => typeof id === 'string');
    const recs = recIds.length === 0 ? [] : await tx.select({ id: recommendations.id, status: recommendations.status, dueAt: recommendations.dueAt, verdict: recommendations.verdict })
      .from(recommendations).where(and(eq(recommendations.companyId, companyId), inArray(recommendations.id, recIds)));
    const byId = new Map(recs.map((r) => [r.id, r]));
    return {
      total: Number(totalRow?.total ?? 0),
      lostClients: rows.map((r) => {
        const rec = r.recommendationId ? byId.get(r.recommendationId) : undefined;
        const applied = rec?.verdict && typeof rec.verdict.applied === 'boolean' ? rec.verdict.applied : null;
        return {
          id: r.id, status: r.status, lossStage: r.lossStage, reason: r.reason, clientWords: r.clientWords, lostAt: r.lostAt, callId: r.callId, updatedAt: r.updatedAt,
          client: { id: r.clientId, name: r.clientName ?? null, phone: r.clientPhone ?? null },
          manager: r.managerId ? { id: r.managerId, name: r.managerName ?? '' } : null,
          recommendation: rec ? { id: rec.id, status: rec.status, dueAt: rec.dueAt, applied } : null,
        };
      }),
    };
  });
}

export interface LostClientCard {
  lostClient: LostClientItem;
  /** the analysis' own words about the loss and the quotes it rests on */
  loss: { explanation: string; clientWords: { turn: number; text: string }[] } | null;
  calls: { id: string; startedAt: Date; direction: string; manager: { id: string; name: string } | null; outcome: string | null; isLostCall: boolean }[];
  /** the current recommendation first, then the rejected and earlier ones */
  recommendations: RecommendationView[];
}

export async function getLostClient(db: AppDb, actor: Actor, id: string): Promise<LostClientCard> {
  const companyId = actor.companyId;
  const own = managerScope(actor);
  const base = await listLostClientById(db, actor, id);
  return withTenant(db, companyId, async (tx) => {
    const analysis = (await tx.select({ result: analyses.result }).from(analyses)
      .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, base.callId), eq(analyses.isCurrent, true))).limit(1))[0]?.result;
    const history = await tx
      .select({ id: calls.id, startedAt: calls.startedAt, direction: calls.direction, managerId: calls.managerId, managerName: users.name, outcome: analyses.outcome })
      .from(calls)
      .leftJoin(users, and(eq(users.id, calls.managerId), eq(users.companyId, companyId)))
      .leftJoin(analyses, and(eq(analyses.callId, calls.id), eq(analyses.companyId, companyId), eq(analyses.isCurrent, true)))
      .where(and(eq(calls.companyId, companyId), eq(calls.clientId, base.client.id), ...(own ? [eq(calls.managerId, own)] : [])))
      .orderBy(asc(calls.startedAt), asc(calls.id))
      .limit(200);
    const recs = await tx.select().from(recommendations)
      .where(and(eq(recommendations.companyId, companyId), eq(recommendations.lostClientId, id)))
      .orderBy(sql`${recommendations.rejectedAt} is not null`, desc(recommendations.createdAt), desc(recommendations.id));
    return {
      lostClient: base,
      loss: analysis?.loss ? { explanation: analysis.loss.explanation, clientWords: analysis.loss.clientWords } : null,
      calls: history.map((c) => ({
        id: c.id, startedAt: c.startedAt, direction: c.direction, outcome: c.outcome ?? null, isLostCall: c.id === base.callId,
        manager: c.managerId ? { id: c.managerId, name: c.managerName ?? '' } : null,
      })),
      recommendations: recs.map((r) => toRecommendationView(r, new Date())),
    };
  });
}

async function listLostClientById(db: AppDb, actor: Actor, id: string): Promise<LostClientItem> {
  // the same query as the list, so the card and the list never disagree; manager scope included
  const item = (await listLostClients(db, actor, { id, limit: 1 })).lostClients[0];
  if (!item) throw notFound('Lost client');
  return item;
}
