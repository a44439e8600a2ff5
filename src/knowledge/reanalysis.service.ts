// Re-analysing a company's calls after its knowledge changed (script, objections, rules, reference
// calls, corrections): a durable job whose progress is kept on the company so every process and
// the page can show it.
import { eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { companies } from '../db/schema/companies.ts';
import { withTenant } from '../db/tenant.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { AppError } from '../domain/errors.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { requireRole, type Actor } from '../auth/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { reanalyseCompany, type ReanalyseProgress } from '../calls/analyse-call.ts';
import { knowledgeHash } from '../analysis/knowledge-hash.ts';
import { loadKnowledge } from './load-knowledge.ts';

export interface ReanalysisState {
  status: 'idle' | 'queued' | 'running' | 'finished' | 'failed';
  jobId: string | null;
  requestedAt: string | null;
  finishedAt: string | null;
  progress: ReanalyseProgress | null;
  error: string | null;
}

const IDLE: ReanalysisState = { status: 'idle', jobId: null, requestedAt: null, finishedAt: null, progress: null, error: null };

async function writeState(db: AppDb, companyId: string, state: ReanalysisState): Promise<void> {
  await withTenant(db, companyId, (tx) =>
    tx.update(companies).set({ settings: sql`jsonb_set(${companies.settings}, '{reanalysis}', ${JSON.stringify(state)}::jsonb)` }).where(eq(companies.id, companyId)),
  );
}

export async function reanalysisState(db: AppDb, actor: Actor): Promise<ReanalysisState> {
  requireRole(actor, ['head_of_sales', 'integrator']);
  const row = await withTenant(db, actor.companyId, async (tx) => (await tx.select({ settings: companies.settings }).from(companies).where(eq(companies.id, actor.companyId)))[0]);
  return { ...IDLE, ...((row?.settings.reanalysis as Partial<ReanalysisState> | undefined) ?? {}) };
}

/**
 * Queues a re-analysis. The job is keyed by the knowledge's hash and the engine version, so asking
 * again for the same knowledge returns the job already queued, running or done.
 */
export async function requestReanalysis(db: AppDb, jobs: JobQueue | null, engine: CallAnalysisEngine, actor: Actor, reason: string): Promise<ReanalysisState> {
  requireRole(actor, ['head_of_sales', 'integrator']);
  if (!jobs) throw new AppError('jobs.unavailable', 'The job queue is not running in this process.', { status: 503 });
  const hash = knowledgeHash(await loadKnowledge(db, actor.companyId));
  const requestedAt = new Date().toISOString();
  const jobId = await jobs.send('company.reanalyse', { companyId: actor.companyId, reason }, { singletonKey: `company.reanalyse:${actor.companyId}:${engine.name}:${engine.version}:${hash}` });
  if (jobId === null) return reanalysisState(db, actor);
  const state: ReanalysisState = { ...IDLE, status: 'queued', jobId, requestedAt };
  await writeState(db, actor.companyId, state);
  await withTenant(db, actor.companyId, (tx) => recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.reanalysis_requested', actor, details: { reason, jobId } }));
  return state;
}

/** The job handler: idempotent, because reanalyseCompany skips calls already analysed with this knowledge. */
export async function runReanalysisJob(db: AppDb, engine: CallAnalysisEngine, payload: { companyId: string; since?: string | undefined }, jobId: string): Promise<ReanalyseProgress> {
  const startedAt = new Date().toISOString();
  let lastWrite = 0;
  const base: ReanalysisState = { ...IDLE, status: 'running', jobId, requestedAt: startedAt };
  await writeState(db, payload.companyId, base);
  try {
    const result = await reanalyseCompany(db, engine, payload.companyId, async (progress) => {
      // progress is written at most twice a second: it is for people watching, not for bookkeeping
      if (Date.now() - lastWrite > 500) {
        lastWrite = Date.now();
        await writeState(db, payload.companyId, { ...base, progress });
      }
    }, payload.since ? { since: new Date(payload.since) } : {});
    await writeState(db, payload.companyId, { ...base, status: 'finished', progress: result, finishedAt: new Date().toISOString() });
    return result;
  } catch (error) {
    await writeState(db, payload.companyId, { ...base, status: 'failed', error: (error as Error).message, finishedAt: new Date().toISOString() });
    throw error;
  }
}
