// The head of sales' corrections of an analysed call: the verdict (outcome), a stage score, or a
// deduction that was wrong, each with a comment. A correction keeps the call's relevant turns as
// its context: engines compare later calls with that context, so the correction changes the next
// analysis of this call and of calls like it. Corrections are shown on the call.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, transcripts } from '../db/schema/calls.ts';
import { users } from '../db/schema/companies.ts';
import { corrections } from '../db/schema/knowledge.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireRole, type Actor } from '../auth/actor.ts';
import type { CallAnalysis, CallOutcome } from '../domain/call-analysis.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { Stage } from '../domain/stages.ts';
import type { Turn } from '../domain/transcript.ts';

/** Only the head of sales (and the integrator who sets the company up) corrects verdicts. */
export const CORRECTORS = ['head_of_sales', 'integrator'] as const;

export const CORRECTION_KINDS = ['outcome', 'stage_score', 'deduction'] as const;
export type CallCorrectionKind = (typeof CORRECTION_KINDS)[number];

/**
 * How many closing turns an outcome correction keeps. The verdict is decided at the end of the
 * call; more turns would pull in the opening every call of the company shares, and the correction
 * would then hit unrelated calls.
 */
const TAIL_TURNS = 3;
const MAX_CONTEXT_TURNS = 12;

export interface CorrectionInput {
  kind: CallCorrectionKind;
  stage?: Stage | null | undefined;
  outcome?: CallOutcome | null | undefined;
  score?: number | null | undefined;
  /** the deduction (its code or words of its reason) that was wrong */
  target?: string | null | undefined;
  comment: string;
}

export interface CorrectionView {
  id: string;
  kind: string;
  stage: string | null;
  outcome: string | null;
  score: number | null;
  target: string | null;
  comment: string;
  analysisId: string | null;
  context: Turn[];
  createdBy: { id: string; name: string } | null;
  createdAt: Date;
}

function validate(input: CorrectionInput): void {
  if (!input.comment.trim()) throw invalid('Say why the analysis is wrong: the comment must not be empty.', { field: 'comment' });
  switch (input.kind) {
    case 'outcome':
      if (input.outcome !== 'success' && input.outcome !== 'lost') throw invalid('An outcome correction needs "outcome": "success" or "lost".', { field: 'outcome' });
      break;
    case 'stage_score':
      if (!input.stage) throw invalid('A stage score correction needs the stage.', { field: 'stage' });
      if (typeof input.score !== 'number' || !Number.isInteger(input.score) || input.score < 0 || input.score > 10) throw invalid('A stage score correction needs a whole score from 0 to 10.', { field: 'score' });
      break;
    case 'deduction':
      if (!input.target?.trim()) throw invalid('A deduction correction needs "target": the deduction that was wrong (its code or its words).', { field: 'target' });
      break;
  }
}

function pick(turns: Turn[], indexes: Iterable<number>): Turn[] {
  const wanted = [...new Set(indexes)].filter((i) => i >= 0 && i < turns.length).sort((a, b) => a - b).slice(0, MAX_CONTEXT_TURNS);
  return wanted.map((i) => ({ speaker: turns[i]!.speaker, text: turns[i]!.text }));
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/**
 * The turns a correction is about. Outcome: the end of the call, where the verdict is decided,
 * plus the client's words the loss was read from. Stage score: the stage's turns. Deduction: the
 * turn it was taken for and its neighbours. Falls back to the end of the call.
 */
export function correctionContext(turns: Turn[], analysis: CallAnalysis, input: CorrectionInput): Turn[] {
  const tail = range(Math.max(0, turns.length - TAIL_TURNS), turns.length - 1);
  const stage = input.stage ? analysis.stages.find((s) => s.stage === input.stage) : undefined;
  const stageTurns = stage?.span ? range(stage.span.from, stage.span.to) : stage?.evidence.map((e) => e.turn) ?? [];
  switch (input.kind) {
    case 'outcome': {
      const cited = [...(analysis.loss?.clientWords.map((w) => w.turn) ?? []), ...(analysis.nextStep ? [analysis.nextStep.turn] : [])];
      return pick(turns, [...cited.filter((i) => !tail.includes(i)).slice(0, MAX_CONTEXT_TURNS - tail.length), ...tail]);
    }
    case 'stage_score':
      return pick(turns, stageTurns.length ? stageTurns : tail);
    case 'deduction': {
      const target = (input.target ?? '').trim().toLowerCase();
      for (const st of analysis.stages) {
        if (input.stage && st.stage !== input.stage) continue;
        const hit = st.deductions.find((d) => d.code === input.target || d.reason.toLowerCase().includes(target));
        if (hit?.turn !== undefined) return pick(turns, [hit.turn - 1, hit.turn, hit.turn + 1]);
        if (hit && st.span) return pick(turns, range(st.span.from, st.span.to));
      }
      return pick(turns, stageTurns.length ? stageTurns : tail);
    }
  }
}

export async function addCorrection(db: AppDb, actor: Actor, callId: string, input: CorrectionInput): Promise<CorrectionView> {
  requireRole(actor, CORRECTORS);
  validate(input);
  const companyId = actor.companyId;
  return withTenant(db, companyId, async (tx) => {
    const call = (await tx.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0];
    if (!call) throw notFound('Call');
    const current = (await tx
      .select({ id: analyses.id, result: analyses.result })
      .from(analyses)
      .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true)))
      .orderBy(desc(analyses.createdAt))
      .limit(1))[0];
    if (!current) throw new AppError('call.not_analysed', 'Only an analysed call can be corrected: this call has no analysis yet.', { status: 409 });
    const transcript = (await tx.select({ turns: transcripts.turns }).from(transcripts).where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1))[0];
    const context = correctionContext(transcript?.turns ?? [], current.result, input);
    const [row] = await tx
      .insert(corrections)
      .values({
        companyId,
        callId,
        analysisId: current.id,
        kind: input.kind,
        stage: input.stage ?? null,
        outcome: input.kind === 'outcome' ? input.outcome ?? null : null,
        score: input.kind === 'stage_score' ? input.score ?? null : null,
        target: input.kind === 'deduction' ? input.target?.trim() ?? null : null,
        comment: input.comment.trim(),
        context,
        createdBy: actor.kind === 'user' ? actor.userId : null,
      })
      .returning({ id: corrections.id });
    if (!row) throw new AppError('internal', 'Could not save the correction', { status: 500 });
    await recordAudit(tx, { companyId, action: 'knowledge.correction_added', actor, details: { correctionId: row.id, callId, kind: input.kind, stage: input.stage ?? null } });
    const [view] = await correctionsOfCall(tx, companyId, callId, row.id);
    if (!view) throw new AppError('internal', 'Could not read the correction back', { status: 500 });
    return view;
  });
}

/** Withdraws a correction made by mistake; the next analysis no longer follows it. */
export async function deleteCorrection(db: AppDb, actor: Actor, callId: string, correctionId: string): Promise<void> {
  requireRole(actor, CORRECTORS);
  await withTenant(db, actor.companyId, async (tx) => {
    const [row] = await tx
      .delete(corrections)
      .where(and(eq(corrections.id, correctionId), eq(corrections.callId, callId), eq(corrections.companyId, actor.companyId)))
      .returning({ id: corrections.id, kind: corrections.kind });
    if (!row) throw notFound('Correction');
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.correction_deleted', actor, details: { correctionId, callId, kind: row.kind } });
  });
}

/** Corrections made on one call, oldest first (optionally one of them). */
export async function correctionsOfCall(tx: Tx, companyId: string, callId: string, onlyId?: string): Promise<CorrectionView[]> {
  const rows = await tx
    .select({ c: corrections, authorName: users.name })
    .from(corrections)
    .leftJoin(users, and(eq(users.id, corrections.createdBy), eq(users.companyId, companyId)))
    .where(and(eq(corrections.companyId, companyId), eq(corrections.callId, callId), ...(onlyId ? [eq(corrections.id, onlyId)] : [])))
    .orderBy(asc(corrections.createdAt), asc(corrections.id));
  return rows.map(({ c, authorName }) => ({
    id: c.id,
    kind: c.kind,
    stage: c.stage,
    outcome: c.outcome,
    score: c.score,
    target: c.target,
    comment: c.comment,
    analysisId: c.analysisId,
    context: c.context ?? [],
    createdBy: c.createdBy ? { id: c.createdBy, name: authorName ?? '' } : null,
    createdAt: c.createdAt,
  }));
}
