// Win-back recommendations: written for a lost call with the configured writer, grounded in the
// company's reference and successful calls, rules, objection handling, corrections and the
// client's words; stored with sources and basis, bound to the manager and the client, with a due
// date. The manager marks "I called"; the head of sales can mark one wrong with a comment, which
// becomes a correction every later recommendation respects, and a replacement is written at once.
//
// Rules that keep it predictable:
// - one recommendation in progress (open / called / verifying) per client: a second lost call while
//   one waits is the follow-up check's business, not a second recommendation;
// - writing happens outside any transaction (an LLM may take seconds); the insert re-checks;
// - a rejected recommendation is kept (history) with rejected_at, and moves to `expired` when the
//   lifecycle allows, so it no longer counts as overdue;
// - rejected twice (or more): each rejection is stored and a replacement is tried; when the writer
//   has nothing different left (its draft equals a rejected one), no replacement is stored and the
//   answer says what material to add.
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { calls, transcripts } from '../db/schema/calls.ts';
import { corrections } from '../db/schema/knowledge.ts';
import { lostClients, recommendations } from '../db/schema/outcomes.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { managerScope, requireRole, type Actor } from '../auth/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { RecommendationDraft, RecommendationInput, RecommendationWriter } from '../domain/recommendation.ts';
import { canTransition, recommendationDueAt, transition, type RecommendationStatus } from '../domain/recommendation-lifecycle.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { withoutRejected } from './builtin/recommendation-writer.ts';
import { rejectedPhrasings } from './retrieval/knowledge-retrieval.ts';
import { lostStatusFor, recordLostCall } from './lost-clients.service.ts';
import { loadWriterInput, recommendationSettings } from './recommendation-material.ts';
import { toRecommendationView, type RecommendationRow, type RecommendationView } from './recommendation-view.ts';

export type JobSender = Pick<JobQueue, 'send'>;

export interface RecommendationDeps {
  db: AppDb;
  writer: RecommendationWriter;
  /** reminders are queued when present */
  jobs?: JobSender | null;
  now?: () => Date;
}

/** Who may mark a recommendation wrong or have it rewritten. */
export const RECOMMENDATION_EDITORS = ['head_of_sales', 'integrator'] as const;
/** A recommendation being worked on; a client has at most one. */
export const IN_PROGRESS: readonly RecommendationStatus[] = ['open', 'called', 'verifying'];

export type RecommendForCallResult =
  | { status: 'created' | 'exists'; recommendationId: string; lostClientId: string }
  | { status: 'skipped'; reason: 'not_lost' | 'call_missing' | 'client_has_recommendation'; recommendationId?: string };

const clock = (deps: RecommendationDeps): Date => deps.now?.() ?? new Date();

async function currentForCall(tx: Tx, companyId: string, callId: string): Promise<RecommendationRow | undefined> {
  return (await tx.select().from(recommendations)
    .where(and(eq(recommendations.companyId, companyId), eq(recommendations.callId, callId), isNull(recommendations.rejectedAt)))
    .orderBy(desc(recommendations.createdAt)).limit(1))[0];
}

async function inProgressForClient(tx: Tx, companyId: string, clientId: string): Promise<RecommendationRow | undefined> {
  return (await tx.select().from(recommendations)
    .where(and(eq(recommendations.companyId, companyId), eq(recommendations.clientId, clientId), isNull(recommendations.rejectedAt), inArray(recommendations.status, [...IN_PROGRESS])))
    .orderBy(desc(recommendations.createdAt)).limit(1))[0];
}

/** Whatever the writer says, a phrasing the head of sales rejected is cut out before storing. */
function respectRejections(draft: RecommendationDraft, input: RecommendationInput): RecommendationDraft {
  const rejected = rejectedPhrasings(input.knowledge);
  const language = input.knowledge.language || input.transcript.language;
  return { ...draft, text: withoutRejected(draft.text, rejected, language), script: withoutRejected(draft.script, rejected, language) };
}

async function insertRecommendation(tx: Tx, companyId: string, base: { lostClientId: string; callId: string; clientId: string; managerId: string | null }, draft: RecommendationDraft, now: Date): Promise<RecommendationRow> {
  const settings = await recommendationSettings(tx, companyId);
  const dueAt = recommendationDueAt(now, { timeZone: settings.timeZone, workingDays: settings.dueWorkingDays });
  const [row] = await tx.insert(recommendations).values({
    companyId, ...base, text: draft.text, script: draft.script, sources: draft.sources, basis: draft.basis, engine: draft.engine, status: 'open', dueAt, createdAt: now, updatedAt: now,
  }).returning();
  await tx.update(lostClients).set({ status: 'lost', updatedAt: now }).where(and(eq(lostClients.id, base.lostClientId), eq(lostClients.companyId, companyId)));
  return row!;
}

/** Reminders: a day before the due time, at the due time, and at the expiry; the handler decides what each one does. */
export async function scheduleReminders(jobs: JobSender | null | undefined, companyId: string, row: Pick<RecommendationRow, 'id' | 'dueAt'>, expiryDays: number): Promise<void> {
  if (!jobs) return;
  const day = 24 * 60 * 60 * 1000;
  const moments: [string, Date][] = [['soon', new Date(row.dueAt.getTime() - day)], ['due', row.dueAt], ['expiry', new Date(row.dueAt.getTime() + expiryDays * day + 60_000)]];
  for (const [key, at] of moments) {
    await jobs.send('recommendation.remind', { companyId, recommendationId: row.id }, { startAfter: at.getTime() > Date.now() ? at : 0, singletonKey: `recommendation.remind:${row.id}:${key}` });
  }
}

/** call.recommend: lost call → lost record → recommendation. Idempotent per call. */
export async function recommendForCall(deps: RecommendationDeps, companyId: string, callId: string): Promise<RecommendForCallResult> {
  type Prepared = { done: RecommendForCallResult } | { input: RecommendationInput; base: { lostClientId: string; callId: string; clientId: string; managerId: string | null } };
  const prepared = await withTenant(deps.db, companyId, async (tx): Promise<Prepared> => {
    const existing = await currentForCall(tx, companyId, callId);
    if (existing) return { done: { status: 'exists', recommendationId: existing.id, lostClientId: existing.lostClientId } as const };
    const call = (await tx.select({ clientId: calls.clientId }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0];
    if (!call) return { done: { status: 'skipped', reason: 'call_missing' } as const };
    if (call.clientId) {
      const busy = await inProgressForClient(tx, companyId, call.clientId);
      if (busy) return { done: { status: 'skipped', reason: 'client_has_recommendation', recommendationId: busy.id } as const };
    }
    const lost = await recordLostCall(tx, companyId, callId);
    if (lost.status !== 'recorded') return { done: { status: 'skipped', reason: lost.status } as const };
    const input = await loadWriterInput(tx, companyId, callId);
    if (!input) return { done: { status: 'skipped', reason: 'not_lost' } as const };
    const managerId = (await tx.select({ managerId: calls.managerId }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0]?.managerId ?? null;
    return { input, base: { lostClientId: lost.lostClientId, callId, clientId: lost.clientId, managerId } };
  });
  if ('done' in prepared) return prepared.done;

  const draft = respectRejections(await deps.writer.write(prepared.input), prepared.input);
  const now = clock(deps);
  const stored = await withTenant(deps.db, companyId, async (tx) => {
    // serialises two runs of the same job: the second sees the first one's row
    await tx.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update');
    const again = await currentForCall(tx, companyId, callId);
    if (again) return { row: again, created: false };
    return { row: await insertRecommendation(tx, companyId, prepared.base, draft, now), created: true, expiryDays: (await recommendationSettings(tx, companyId)).expiryDays };
  });
  if (stored.created) await scheduleReminders(deps.jobs, companyId, stored.row, stored.expiryDays ?? 14);
  return { status: stored.created ? 'created' : 'exists', recommendationId: stored.row.id, lostClientId: stored.row.lostClientId };
}

async function loadForActor(tx: Tx, actor: Actor, id: string): Promise<RecommendationRow> {
  const own = managerScope(actor);
  const row = (await tx.select().from(recommendations)
    .where(and(eq(recommendations.id, id), eq(recommendations.companyId, actor.companyId), ...(own ? [eq(recommendations.managerId, own)] : [])))
    .for('update'))[0];
  if (!row) throw notFound('Recommendation');
  return row;
}

function stateOf(row: RecommendationRow) {
  return { id: row.id, status: row.status, createdAt: row.createdAt, dueAt: row.dueAt, history: [] };
}

/** The manager (or the head of sales for them) says the client was called back. */
export async function markCalled(deps: Pick<RecommendationDeps, 'db' | 'now'>, actor: Actor, id: string): Promise<RecommendationView> {
  const now = deps.now?.() ?? new Date();
  return withTenant(deps.db, actor.companyId, async (tx) => {
    const row = await loadForActor(tx, actor, id);
    if (row.rejectedAt) throw new AppError('recommendation.rejected', 'This recommendation was marked wrong by the head of sales; open the client card for the current one.', { status: 409 });
    if (row.status === 'called') return toRecommendationView(row, now); // pressing twice is fine
    const next = transition(stateOf(row), 'called', now);
    const [updated] = await tx.update(recommendations).set({ status: next.status, calledAt: now, updatedAt: now })
      .where(and(eq(recommendations.id, id), eq(recommendations.companyId, actor.companyId))).returning();
    await tx.update(lostClients).set({ status: lostStatusFor('called'), updatedAt: now }).where(and(eq(lostClients.id, row.lostClientId), eq(lostClients.companyId, actor.companyId)));
    return toRecommendationView(updated!, now);
  });
}

export interface RejectInput {
  comment: string;
  /** the words that are wrong; default: the material the recommendation's call-back words stood on */
  phrase?: string | null | undefined;
}

export interface RejectResult {
  rejected: RecommendationView;
  replacement: RecommendationView | null;
  /** why no replacement was written, in words the head of sales can act on */
  note: string | null;
}

/** What to forbid when the head of sales names no phrase: the excerpt or handling the words to say were built on. */
export function defaultRejectedPhrase(row: Pick<RecommendationRow, 'sources' | 'script'>): string {
  const sources = sourceList(row.sources);
  const excerpt = sources.find((s) => s.kind === 'reference_call' || s.kind === 'successful_call');
  if (excerpt) return excerpt.excerpt;
  const handling = sources.find((s) => s.kind === 'objection_handling');
  if (handling) return handling.excerpt.split(' → ').slice(1).join(' → ') || handling.excerpt;
  return row.script;
}

function sourceList(value: unknown[]): { kind: string; excerpt: string }[] {
  return value.filter((s): s is { kind: string; excerpt: string } => typeof s === 'object' && s !== null && typeof (s as { kind?: unknown }).kind === 'string' && typeof (s as { excerpt?: unknown }).excerpt === 'string');
}

export async function rejectRecommendation(deps: RecommendationDeps, actor: Actor, id: string, body: RejectInput): Promise<RejectResult> {
  requireRole(actor, RECOMMENDATION_EDITORS);
  const comment = body.comment.trim();
  if (!comment) throw invalid('Say what is wrong with the recommendation: the comment must not be empty.', { field: 'comment' });
  const now = clock(deps);
  const rejected = await withTenant(deps.db, actor.companyId, async (tx) => {
    const row = await loadForActor(tx, actor, id);
    if (row.rejectedAt) throw new AppError('recommendation.already_rejected', 'This recommendation is already marked wrong; reject the current one in the client card instead.', { status: 409 });
    const target = (body.phrase?.trim() || defaultRejectedPhrase(row)).slice(0, 500);
    const transcript = (await tx.select({ turns: transcripts.turns }).from(transcripts).where(and(eq(transcripts.callId, row.callId), eq(transcripts.companyId, actor.companyId))).limit(1))[0];
    await tx.insert(corrections).values({
      companyId: actor.companyId, callId: row.callId, recommendationId: row.id, kind: 'recommendation', target, comment,
      // the client's side of the lost call: later recommendations for similar clients rank this correction first
      context: (transcript?.turns ?? []).filter((t) => t.speaker === 'client').slice(-4),
      createdBy: actor.kind === 'user' ? actor.userId : null,
    });
    const status = canTransition(row.status, 'expired') ? 'expired' : row.status;
    const [updated] = await tx.update(recommendations).set({ rejectedAt: now, rejectionComment: comment, status, updatedAt: now })
      .where(and(eq(recommendations.id, id), eq(recommendations.companyId, actor.companyId))).returning();
    return updated!;
  });
  // the manager already acted on it: the correction teaches later recommendations, this client needs no new one
  if (rejected.status !== 'expired' || rejected.calledAt) return { rejected: toRecommendationView(rejected, now), replacement: null, note: null };
  const { replacement, note } = await writeReplacement(deps, actor.companyId, rejected);
  return { rejected: toRecommendationView(rejected, now), replacement: replacement ? toRecommendationView(replacement, now) : null, note };
}

async function writeReplacement(deps: RecommendationDeps, companyId: string, old: RecommendationRow): Promise<{ replacement: RecommendationRow | null; note: string | null }> {
  const input = await withTenant(deps.db, companyId, (tx) => loadWriterInput(tx, companyId, old.callId));
  if (!input) return { replacement: null, note: 'The lost call is no longer analysed as lost, so no new recommendation was written.' };
  const draft = respectRejections(await deps.writer.write(input), input);
  const now = clock(deps);
  const result = await withTenant(deps.db, companyId, async (tx) => {
    await tx.select({ id: lostClients.id }).from(lostClients).where(and(eq(lostClients.id, old.lostClientId), eq(lostClients.companyId, companyId))).for('update');
    const earlier = await tx.select({ text: recommendations.text, script: recommendations.script }).from(recommendations)
      .where(and(eq(recommendations.companyId, companyId), eq(recommendations.lostClientId, old.lostClientId)));
    const busy = await inProgressForClient(tx, companyId, old.clientId);
    if (busy) return { replacement: busy, note: null };
    if (earlier.some((e) => e.script === draft.script || e.text === draft.text)) {
      return { replacement: null, note: 'Mentor has no other material for this client: every recommendation it can write was already rejected. Add a reference call, an objection handling or an expert rule for this situation, then press "Regenerate".' };
    }
    const row = await insertRecommendation(tx, companyId, { lostClientId: old.lostClientId, callId: old.callId, clientId: old.clientId, managerId: old.managerId }, draft, now);
    return { replacement: row, note: null, expiryDays: (await recommendationSettings(tx, companyId)).expiryDays };
  });
  if (result.replacement && 'expiryDays' in result) await scheduleReminders(deps.jobs, companyId, result.replacement, result.expiryDays ?? 14);
  return { replacement: result.replacement, note: result.note };
}

/**
 * Rewrites a recommendation nobody acted on yet (after reference calls, rules or corrections
 * changed). The current one must be `open`; it is rewritten in place and keeps its due date.
 * A recommendation whose replacement could not be written (rejected with nothing left) is
 * regenerated by passing the rejected one's id: a new one is written if the writer now can.
 */
export async function regenerateRecommendation(deps: RecommendationDeps, actor: Actor, id: string): Promise<RecommendationView> {
  requireRole(actor, RECOMMENDATION_EDITORS);
  const row = await withTenant(deps.db, actor.companyId, (tx) => loadForActor(tx, actor, id));
  const now = clock(deps);
  if (row.rejectedAt) {
    const { replacement, note } = await writeReplacement(deps, actor.companyId, row);
    if (!replacement) throw new AppError('recommendation.no_material', note ?? 'No new recommendation could be written.', { status: 409 });
    return toRecommendationView(replacement, now);
  }
  if (row.status !== 'open') throw new AppError('recommendation.in_progress', `The manager already acted on this recommendation (status "${row.status}"); it cannot be rewritten now.`, { status: 409 });
  const input = await withTenant(deps.db, actor.companyId, (tx) => loadWriterInput(tx, actor.companyId, row.callId));
  if (!input) throw new AppError('recommendation.not_lost', 'The call is no longer analysed as lost; there is nothing to win back.', { status: 409 });
  const draft = respectRejections(await deps.writer.write(input), input);
  return withTenant(deps.db, actor.companyId, async (tx) => {
    const fresh = await loadForActor(tx, actor, id);
    if (fresh.status !== 'open' || fresh.rejectedAt) throw new AppError('recommendation.in_progress', 'The recommendation changed while it was being rewritten; reload the card.', { status: 409 });
    const [updated] = await tx.update(recommendations).set({ text: draft.text, script: draft.script, sources: draft.sources, basis: draft.basis, engine: draft.engine, updatedAt: now })
      .where(and(eq(recommendations.id, id), eq(recommendations.companyId, actor.companyId))).returning();
    return toRecommendationView(updated!, now);
  });
}

export async function listRecommendations(db: AppDb, actor: Actor, filters: { status?: RecommendationStatus | undefined; limit?: number } = {}): Promise<RecommendationView[]> {
  const own = managerScope(actor);
  const now = new Date();
  return withTenant(db, actor.companyId, async (tx) => {
    const rows = await tx.select().from(recommendations)
      .where(and(eq(recommendations.companyId, actor.companyId), isNull(recommendations.rejectedAt),
        ...(own ? [eq(recommendations.managerId, own)] : []), ...(filters.status ? [eq(recommendations.status, filters.status)] : [])))
      .orderBy(desc(recommendations.createdAt), desc(recommendations.id)).limit(filters.limit ?? 200);
    return rows.map((r) => toRecommendationView(r, now));
  });
}
