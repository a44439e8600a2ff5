// The follow-up check in the product: a later call with a lost client (by the same manager or a
// colleague) is checked against the client's waiting recommendation by the FollowUpChecker port,
// and the verdict — applied or not, evidence quotes, explanation, whether the client agreed — is
// stored on the recommendation, which moves called → verifying → applied / not_applied, and
// applied + the client agreed → returned.
//
// Decisions (documented in the report and tested):
// - Which recommendation: the client's newest one still waiting (called, open, then not_applied),
//   not rejected, written from an earlier call. A phone shared by several client records
//   (older, un-normalised rows) counts all of them; when several have a waiting recommendation,
//   the one bound to the call's manager wins, then the newest.
// - A call that is not about the same deal (the client calls about something else): not applied,
//   and fewer than 3 topic words shared with the lost call and the words to say (see same-deal.ts). The recommendation
//   is left as it was (still waiting, still due) and the skipped call is noted on it.
// - Applied but the client still refused: `applied` (the manager did the job); if that call was
//   lost, a new recommendation is written from it.
import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, clients, transcripts } from '../db/schema/calls.ts';
import { lostClients, recommendations } from '../db/schema/outcomes.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import type { FollowUpChecker, FollowUpVerdict } from '../domain/follow-up.ts';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import { transition, type RecommendationState, type RecommendationStatus } from '../domain/recommendation-lifecycle.ts';
import type { Turn } from '../domain/transcript.ts';
import { normalizePhone } from '../domain/phone.ts';
import { loadKnowledgeTx } from '../knowledge/load-knowledge.ts';
import { lostStatusFor } from './lost-clients.service.ts';
import { recommendationSettings } from './recommendation-material.ts';
import type { JobSender } from './recommendations.service.ts';
import type { RecommendationRow } from './recommendation-view.ts';
import { sharesTopic } from './same-deal.ts';

export interface FollowUpDeps {
  db: AppDb;
  checker: FollowUpChecker;
  /** to write a new recommendation when the follow-up call was lost again */
  jobs?: JobSender | null;
  now?: () => Date;
}

const WAITING: readonly RecommendationStatus[] = ['called', 'open', 'not_applied', 'verifying'];

/** The recommendation a newly analysed call should be checked against, if any. */
export async function recommendationToVerify(tx: Tx, companyId: string, callId: string): Promise<RecommendationRow | null> {
  const call = (await tx.select().from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0];
  if (!call) return null;
  const phone = normalizePhone(call.clientPhone);
  const sameClient = await tx.select({ id: clients.id }).from(clients)
    .where(and(eq(clients.companyId, companyId), or(...(call.clientId ? [eq(clients.id, call.clientId)] : []), ...(phone ? [eq(clients.phoneE164, phone)] : []))));
  const clientIds = sameClient.map((c) => c.id);
  if (clientIds.length === 0) return null;
  const rows = await tx.select({ rec: recommendations, lostAt: calls.startedAt }).from(recommendations)
    .innerJoin(calls, and(eq(calls.id, recommendations.callId), eq(calls.companyId, companyId)))
    .where(and(eq(recommendations.companyId, companyId), inArray(recommendations.clientId, clientIds), isNull(recommendations.rejectedAt), inArray(recommendations.status, [...WAITING])))
    .orderBy(desc(recommendations.createdAt));
  const candidates = rows
    .filter((r) => r.rec.callId !== callId && r.lostAt.getTime() < call.startedAt.getTime())
    // a verification already running belongs to its own call
    .filter((r) => r.rec.status !== 'verifying' || r.rec.verifiedCallId === callId)
    .sort((a, b) => rank(a.rec, call.managerId) - rank(b.rec, call.managerId) || b.rec.createdAt.getTime() - a.rec.createdAt.getTime());
  return candidates[0]?.rec ?? null;
}

function rank(rec: RecommendationRow, managerId: string | null): number {
  const byStatus = rec.status === 'not_applied' ? 2 : 0;
  return byStatus + (rec.managerId && rec.managerId === managerId ? 0 : 1);
}

export type VerifyResult =
  | { status: 'verified'; recommendationStatus: RecommendationStatus; applied: boolean; clientAgreed: boolean }
  | { status: 'already_verified'; recommendationStatus: RecommendationStatus }
  | { status: 'skipped'; reason: 'recommendation_missing' | 'rejected' | 'not_waiting' | 'no_transcript' | 'not_same_deal' };

function stateOf(row: RecommendationRow): RecommendationState {
  return { id: row.id, status: row.status, createdAt: row.createdAt, dueAt: row.dueAt, history: [] };
}

/** The path through the lifecycle from a waiting status to the verdict. */
export function verdictPath(from: RecommendationStatus, applied: boolean, returned: boolean): RecommendationStatus[] {
  const path: RecommendationStatus[] = [];
  if (from === 'open' || from === 'not_applied') path.push('called');
  if (from !== 'verifying') path.push('verifying');
  path.push(applied ? 'applied' : 'not_applied');
  if (applied && returned) path.push('returned');
  return path;
}

/** recommendation.verify: idempotent per (recommendation, call). */
export async function verifyRecommendation(deps: FollowUpDeps, companyId: string, recommendationId: string, callId: string): Promise<VerifyResult> {
  type Prepared = { done: VerifyResult } | { rec: RecommendationRow; transcript: { language: string; turns: Turn[] }; lostTurns: Turn[]; outcome: 'success' | 'lost' | null; startedAt: Date | null; knowledge: CompanyKnowledge };
  const prepared = await withTenant(deps.db, companyId, async (tx): Promise<Prepared> => {
    const rec = (await tx.select().from(recommendations).where(and(eq(recommendations.id, recommendationId), eq(recommendations.companyId, companyId))).limit(1))[0];
    if (!rec) return { done: { status: 'skipped', reason: 'recommendation_missing' } as const };
    if (rec.verdict?.callId === callId && typeof rec.verdict.applied === 'boolean') return { done: { status: 'already_verified', recommendationStatus: rec.status } as const };
    if (rec.rejectedAt) return { done: { status: 'skipped', reason: 'rejected' } as const };
    if (!WAITING.includes(rec.status)) return { done: { status: 'skipped', reason: 'not_waiting' } as const };
    const transcript = (await tx.select({ language: transcripts.language, turns: transcripts.turns }).from(transcripts)
      .where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1))[0];
    if (!transcript) return { done: { status: 'skipped', reason: 'no_transcript' } as const };
    const lost = (await tx.select({ turns: transcripts.turns }).from(transcripts).where(and(eq(transcripts.callId, rec.callId), eq(transcripts.companyId, companyId))).limit(1))[0];
    const outcome = (await tx.select({ outcome: analyses.outcome }).from(analyses)
      .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true))).limit(1))[0]?.outcome ?? null;
    const startedAt = (await tx.select({ startedAt: calls.startedAt }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0]?.startedAt ?? null;
    return { rec, transcript, lostTurns: lost?.turns ?? [], outcome, startedAt, knowledge: await loadKnowledgeTx(tx, companyId) };
  });
  if ('done' in prepared) return prepared.done;

  const verdict = await deps.checker.check({ recommendation: prepared.rec.text, transcript: prepared.transcript, knowledge: prepared.knowledge });
  const related = isSameDeal(verdict, prepared.rec, prepared.lostTurns, prepared.transcript.turns, prepared.transcript.language, prepared.knowledge.name);
  const now = deps.now?.() ?? new Date();

  const result = await withTenant(deps.db, companyId, async (tx): Promise<VerifyResult> => {
    const rec = (await tx.select().from(recommendations).where(and(eq(recommendations.id, recommendationId), eq(recommendations.companyId, companyId))).for('update'))[0];
    if (!rec || rec.rejectedAt) return { status: 'skipped', reason: rec ? 'rejected' : 'recommendation_missing' };
    if (rec.verdict?.callId === callId && typeof rec.verdict.applied === 'boolean') return { status: 'already_verified', recommendationStatus: rec.status };
    if (!WAITING.includes(rec.status)) return { status: 'skipped', reason: 'not_waiting' };
    if (!related) {
      const note = { ...(rec.verdict ?? {}), skippedCallId: callId, skippedReason: 'not_same_deal', skippedAt: now.toISOString() };
      await tx.update(recommendations).set({ verdict: note, updatedAt: now }).where(and(eq(recommendations.id, rec.id), eq(recommendations.companyId, companyId)));
      return { status: 'skipped', reason: 'not_same_deal' };
    }
    const returned = verdict.clientAgreed || prepared.outcome === 'success';
    let state = stateOf(rec);
    for (const step of verdictPath(rec.status, verdict.applied, returned)) state = transition(state, step, now);
    const stored = { ...verdict, callId, checkedAt: now.toISOString() };
    await tx.update(recommendations).set({
      status: state.status, verdict: stored, verifiedCallId: callId, updatedAt: now,
      ...(rec.calledAt ? {} : { calledAt: prepared.startedAt ?? now }),
    }).where(and(eq(recommendations.id, rec.id), eq(recommendations.companyId, companyId)));
    await tx.update(lostClients).set({ status: lostStatusFor(state.status), updatedAt: now }).where(and(eq(lostClients.id, rec.lostClientId), eq(lostClients.companyId, companyId)));
    return { status: 'verified', recommendationStatus: state.status, applied: verdict.applied, clientAgreed: verdict.clientAgreed };
  });

  if (result.status === 'verified' && result.recommendationStatus !== 'returned') {
    // applied / not applied waits for a payment or its expiry: one reminder run at the end of the window
    const { expiryDays } = await withTenant(deps.db, companyId, (tx) => recommendationSettings(tx, companyId));
    await deps.jobs?.send('recommendation.remind', { companyId, recommendationId }, {
      startAfter: new Date(now.getTime() + expiryDays * 86_400_000 + 60_000), singletonKey: `recommendation.remind:${recommendationId}:verdict:${callId}`,
    });
    // lost again, and not won back: the follow-up call becomes the one to win back from
    if (prepared.outcome === 'lost') await deps.jobs?.send('call.recommend', { companyId, callId }, { singletonKey: `call.recommend:${callId}:after-verify` });
  }
  return result;
}

// Points such as "call back" or "remind the client" are "done" by any call, so only the topic decides.
function isSameDeal(verdict: FollowUpVerdict, rec: RecommendationRow, lostTurns: Turn[], followUp: Turn[], language: string, companyName: string): boolean {
  if (verdict.applied) return true;
  return sharesTopic({ lostTurns, recommendationScript: rec.script, followUpTurns: followUp, language, ignore: companyName });
}
