// Runs the analysis engine on a call and stores the result. Three short steps so that no
// transaction stays open while an engine (possibly a remote LLM) works: read the transcript and the
// company knowledge and mark the call `analysing`; analyse; store the analysis and mark the call
// `analysed` — or `failed` with the engine's reason when it cannot analyse: no verdict is better
// than a made-up one. Idempotent: a re-run with the same engine and knowledge hash replaces the
// stored analysis in place (its id stays, corrections keep pointing at it).
import { and, asc, eq, gte, inArray, ne } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, transcripts } from '../db/schema/calls.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { CannotAnalyseError, type CallAnalysis, type CallAnalysisEngine } from '../domain/call-analysis.ts';
import { AppError, notFound } from '../domain/errors.ts';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import type { Transcript } from '../domain/transcript.ts';
import { knowledgeHash } from '../analysis/knowledge-hash.ts';
import { loadKnowledgeTx } from '../knowledge/load-knowledge.ts';

export type AnalyseCallResult =
  | { status: 'analysed'; analysisId: string; analysis: CallAnalysis }
  | { status: 'failed'; errorCode: string; errorMessage: string };

export interface AnalyseCallOptions {
  /** knowledge already loaded (a company-wide re-analysis loads it once) */
  knowledge?: CompanyKnowledge;
}

/** Error codes a failed analysis leaves on the call: `analysis.<engine's code>`. */
export const ANALYSIS_ERROR_PREFIX = 'analysis.';

export async function analyseCall(db: AppDb, engine: CallAnalysisEngine, companyId: string, callId: string, options: AnalyseCallOptions = {}): Promise<AnalyseCallResult> {
  const { transcript, knowledge } = await withTenant(db, companyId, async (tx) => {
    const call = (await tx.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0];
    if (!call) throw notFound('Call');
    const row = (await tx.select().from(transcripts).where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1))[0];
    if (!row) throw new AppError('call.no_transcript', 'This call has no transcript yet, so it cannot be analysed. Wait until it is transcribed.', { status: 409 });
    await setStatus(tx, companyId, callId, 'analysing', null, null);
    const transcript: Transcript = { language: row.language, turns: row.turns };
    return { transcript, knowledge: options.knowledge ?? (await loadKnowledgeTx(tx, companyId)) };
  });

  let analysis: CallAnalysis;
  try {
    analysis = await engine.analyze({ transcript, knowledge });
  } catch (error) {
    if (error instanceof CannotAnalyseError) {
      const errorCode = ANALYSIS_ERROR_PREFIX + error.code;
      const errorMessage = error.message.startsWith('cannot analyse') ? error.message : `cannot analyse: ${error.message}`;
      await withTenant(db, companyId, async (tx) => {
        await lockCall(tx, companyId, callId);
        // an earlier verdict must not stay on show for a call the engine now refuses
        await tx.update(analyses).set({ isCurrent: false }).where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true)));
        await setStatus(tx, companyId, callId, 'failed', errorCode, errorMessage);
      });
      return { status: 'failed', errorCode, errorMessage };
    }
    // an engine crash or an unreachable LLM: visible on the call, and rethrown so a job retries it
    const message = `analysis failed: ${(error as Error)?.message ?? String(error)}`.slice(0, 1000);
    await withTenant(db, companyId, (tx) => setStatus(tx, companyId, callId, 'failed', `${ANALYSIS_ERROR_PREFIX}engine_error`, message)).catch(() => undefined);
    throw error;
  }

  const analysisId = await withTenant(db, companyId, (tx) => storeAnalysis(tx, companyId, callId, analysis, knowledge));
  return { status: 'analysed', analysisId, analysis };
}

async function setStatus(tx: Tx, companyId: string, callId: string, status: 'analysing' | 'analysed' | 'failed', errorCode: string | null, errorMessage: string | null): Promise<void> {
  await tx.update(calls).set({ status, errorCode, errorMessage, updatedAt: new Date() }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId)));
}

/** Serialises concurrent analyses of one call, so exactly one analysis stays current. */
async function lockCall(tx: Tx, companyId: string, callId: string): Promise<void> {
  const row = (await tx.select({ id: calls.id }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update'))[0];
  if (!row) throw notFound('Call');
}

async function storeAnalysis(tx: Tx, companyId: string, callId: string, analysis: CallAnalysis, knowledge: CompanyKnowledge): Promise<string> {
  await lockCall(tx, companyId, callId);
  const engineName = analysis.engine;
  const engineVersion = analysis.engineVersion;
  const hash = analysis.knowledgeHash || knowledgeHash(knowledge);
  const scores: Record<string, number> = {};
  for (const stage of analysis.stages) scores[stage.stage] = stage.score;
  const values = {
    outcome: analysis.outcome,
    confidence: analysis.confidence,
    lossStage: analysis.loss?.stage ?? null,
    lossReason: analysis.loss?.reason ?? null,
    scores,
    result: analysis,
    isCurrent: true,
  };
  const same = await tx
    .select({ id: analyses.id })
    .from(analyses)
    .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.engine, engineName), eq(analyses.engineVersion, engineVersion), eq(analyses.knowledgeHash, hash)))
    .orderBy(asc(analyses.createdAt), asc(analyses.id));
  let analysisId: string;
  const keep = same[0];
  if (keep) {
    analysisId = keep.id;
    await tx.update(analyses).set(values).where(and(eq(analyses.id, keep.id), eq(analyses.companyId, companyId)));
    // duplicates can only come from before this rule existed; drop them rather than show two
    const extra = same.slice(1).map((r) => r.id);
    if (extra.length) await tx.delete(analyses).where(and(eq(analyses.companyId, companyId), inArray(analyses.id, extra)));
  } else {
    const [row] = await tx.insert(analyses).values({ companyId, callId, engine: engineName, engineVersion, knowledgeHash: hash, ...values }).returning({ id: analyses.id });
    if (!row) throw new AppError('internal', 'Could not store the analysis', { status: 500 });
    analysisId = row.id;
  }
  await tx
    .update(analyses)
    .set({ isCurrent: false })
    .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true), ne(analyses.id, analysisId)));
  await setStatus(tx, companyId, callId, 'analysed', null, null);
  return analysisId;
}

export interface ReanalyseProgress {
  done: number;
  total: number;
  analysed: number;
  failed: number;
  unchanged: number;
  /** deleted or without transcript since the run started */
  skipped: number;
}

export interface ReanalyseOptions {
  /** only calls started on or after this moment */
  since?: Date;
  /** re-analyse even calls whose current analysis already used this engine and knowledge */
  force?: boolean;
}

/**
 * Re-analyses every analysed call of a company with the current knowledge (after the script, the
 * rules, the reference calls or the corrections changed). The knowledge is read once, so all calls
 * are judged by the same snapshot. Calls already analysed with this engine version and knowledge
 * are skipped unless forced, which makes a retried job resume where it stopped.
 */
export async function reanalyseCompany(
  db: AppDb,
  engine: CallAnalysisEngine,
  companyId: string,
  onProgress?: (progress: ReanalyseProgress) => void | Promise<void>,
  options: ReanalyseOptions = {},
): Promise<ReanalyseProgress> {
  const { knowledge, rows } = await withTenant(db, companyId, async (tx) => {
    const knowledge = await loadKnowledgeTx(tx, companyId);
    const rows = await tx
      .select({ id: calls.id, engine: analyses.engine, engineVersion: analyses.engineVersion, knowledgeHash: analyses.knowledgeHash })
      .from(calls)
      .leftJoin(analyses, and(eq(analyses.callId, calls.id), eq(analyses.companyId, companyId), eq(analyses.isCurrent, true)))
      .where(and(eq(calls.companyId, companyId), eq(calls.status, 'analysed'), ...(options.since ? [gte(calls.startedAt, options.since)] : [])))
      .orderBy(asc(calls.startedAt), asc(calls.id));
    return { knowledge, rows };
  });
  const hash = knowledgeHash(knowledge);
  const progress: ReanalyseProgress = { done: 0, total: rows.length, analysed: 0, failed: 0, unchanged: 0, skipped: 0 };
  for (const row of rows) {
    const upToDate = !options.force && row.engine === engine.name && row.engineVersion === engine.version && row.knowledgeHash === hash;
    if (upToDate) {
      progress.unchanged++;
    } else {
      const result = await analyseCall(db, engine, companyId, row.id, { knowledge }).catch((error: unknown) => {
        // a call deleted meanwhile is not a reason to stop the company's run
        if (error instanceof AppError && (error.code === 'not_found' || error.code === 'call.no_transcript')) return null;
        throw error;
      });
      if (!result) progress.skipped++;
      else if (result.status === 'analysed') progress.analysed++;
      else progress.failed++;
    }
    progress.done++;
    await onProgress?.({ ...progress });
  }
  return progress;
}
