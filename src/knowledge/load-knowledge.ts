// Assembles CompanyKnowledge, the input every analysis gets: company facts, script, objections,
// expert rules, reference calls (their transcripts) and the head of sales' corrections. The order
// of every list is fixed so that the same knowledge always gives the same knowledge hash, which is
// how a re-analysis on unchanged knowledge is recognised.
// A loaded knowledge is kept (frozen) per company and handed out again while the company's
// knowledge_version — a sequence value triggers renew on every change, migration 0006 — and its
// facts are unchanged: the pipeline then skips reading up to 50 reference transcripts per call, and
// the engine's caches keyed by the knowledge object (its hash, its stem index) keep hitting.
import { and, asc, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { companies } from '../db/schema/companies.ts';
import { calls, transcripts } from '../db/schema/calls.ts';
import { corrections, expertRules, objections, scriptStages } from '../db/schema/knowledge.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import type { CallOutcome } from '../domain/call-analysis.ts';
import { notFound } from '../domain/errors.ts';
import type { CompanyKnowledge, Correction } from '../domain/knowledge.ts';
import { isStage, STAGES, type Stage } from '../domain/stages.ts';

/** Bounds that keep one analysis input small; the newest win (they reflect the current practice). */
export const MAX_REFERENCE_CALLS = 50;
export const MAX_CORRECTIONS = 500;

export async function loadKnowledge(db: AppDb, companyId: string, options: LoadKnowledgeOptions = {}): Promise<CompanyKnowledge> {
  return withTenant(db, companyId, (tx) => loadKnowledgeTx(tx, companyId, options));
}

const loaded = new Map<string, { stamp: string; knowledge: CompanyKnowledge }>();
const LOADED_LIMIT = 256;

export interface LoadKnowledgeOptions {
  /** false reads everything afresh and keeps nothing (the benchmark's baseline) */
  reuse?: boolean;
}

export async function loadKnowledgeTx(tx: Tx, companyId: string, options: LoadKnowledgeOptions = {}): Promise<CompanyKnowledge> {
  const company = (await tx.select().from(companies).where(eq(companies.id, companyId)).limit(1))[0];
  if (!company) throw notFound('Company');
  const reuse = options.reuse ?? true;
  // created_at tells apart two databases (tests, a restored backup) that hold the same company id
  const stamp = JSON.stringify([company.knowledgeVersion, company.createdAt.getTime(), company.name, company.language, company.industry, company.product, company.averageCheck, company.currency]);
  const hit = reuse ? loaded.get(companyId) : undefined;
  if (hit?.stamp === stamp) return hit.knowledge;
  const knowledge = await readKnowledge(tx, company);
  if (reuse) {
    loaded.delete(companyId);
    if (loaded.size >= LOADED_LIMIT) loaded.delete(loaded.keys().next().value as string);
    loaded.set(companyId, { stamp, knowledge: deepFreeze(knowledge) });
  }
  return knowledge;
}

async function readKnowledge(tx: Tx, company: typeof companies.$inferSelect): Promise<CompanyKnowledge> {
  const companyId = company.id;

  const scriptRows = await tx.select({ stage: scriptStages.stage, text: scriptStages.text }).from(scriptStages).where(eq(scriptStages.companyId, companyId));
  const script: Partial<Record<Stage, string>> = {};
  for (const stage of STAGES) {
    const row = scriptRows.find((r) => r.stage === stage);
    if (row) script[stage] = row.text;
  }

  const objectionRows = await tx
    .select({ id: objections.id, text: objections.text, handling: objections.handling })
    .from(objections)
    .where(eq(objections.companyId, companyId))
    .orderBy(asc(objections.position), asc(objections.createdAt), asc(objections.id));

  const ruleRows = await tx
    .select({ id: expertRules.id, stage: expertRules.stage, text: expertRules.text })
    .from(expertRules)
    .where(eq(expertRules.companyId, companyId))
    .orderBy(asc(expertRules.createdAt), asc(expertRules.id));

  const referenceRows = await tx
    .select({ id: calls.id, turns: transcripts.turns })
    .from(calls)
    .innerJoin(transcripts, and(eq(transcripts.callId, calls.id), eq(transcripts.companyId, companyId)))
    .where(and(eq(calls.companyId, companyId), eq(calls.isReference, true)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(MAX_REFERENCE_CALLS);

  const correctionRows = await tx
    .select()
    .from(corrections)
    .where(eq(corrections.companyId, companyId))
    .orderBy(desc(corrections.createdAt), desc(corrections.id))
    .limit(MAX_CORRECTIONS);

  const knowledge: CompanyKnowledge = {
    companyId,
    name: company.name,
    language: company.language,
    ...(company.industry ? { industry: company.industry } : {}),
    ...(company.product ? { product: company.product } : {}),
    averageCheck: company.averageCheck,
    currency: company.currency,
    script,
    objections: objectionRows,
    expertRules: ruleRows.map((r) => ({ id: r.id, stage: isStage(r.stage) ? r.stage : null, text: r.text })),
    referenceCalls: referenceRows.reverse().map((r) => ({ id: r.id, turns: r.turns })),
    corrections: correctionRows.reverse().map(toCorrection),
  };
  return knowledge;
}

/** Shared between analyses, so nobody may change it: a write throws instead of leaking into the next call. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function toCorrection(row: typeof corrections.$inferSelect): Correction {
  return {
    id: row.id,
    kind: row.kind,
    stage: isStage(row.stage) ? row.stage : null,
    outcome: row.outcome === 'success' || row.outcome === 'lost' ? (row.outcome as CallOutcome) : null,
    score: row.score,
    target: row.target,
    comment: row.comment,
    ...(row.context ? { context: row.context } : {}),
  };
}
