// The company's knowledge as the integrator and the head of sales edit it: the script per stage,
// objections with the company's handling, expert rules and reference ("golden") calls. Every
// change is audited. Managers read none of it here: they see its effect on their own calls.
// Corrections of verdicts live in corrections.service.ts; the assembled input of every analysis
// in load-knowledge.ts.
import { and, asc, eq, max } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { calls, transcripts } from '../db/schema/calls.ts';
import { expertRules, objections, scriptStages } from '../db/schema/knowledge.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireRole, type Actor } from '../auth/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { STAGES, type Stage } from '../domain/stages.ts';

export { loadKnowledge, loadKnowledgeTx } from './load-knowledge.ts';

/** Who may change what the engine is taught. */
export const KNOWLEDGE_EDITORS = ['head_of_sales', 'integrator'] as const;

export type ScriptView = Partial<Record<Stage, string>>;

export interface ObjectionView {
  id: string;
  text: string;
  handling: string;
  position: number;
}

export interface ExpertRuleView {
  id: string;
  stage: Stage | null;
  text: string;
  createdAt: Date;
}

function required(value: string, field: string): string {
  const clean = value.trim();
  if (!clean) throw invalid(`The ${field} must not be empty.`, { field });
  return clean;
}

async function scriptOf(tx: Tx, companyId: string): Promise<ScriptView> {
  const rows = await tx.select({ stage: scriptStages.stage, text: scriptStages.text }).from(scriptStages).where(eq(scriptStages.companyId, companyId));
  const script: ScriptView = {};
  for (const stage of STAGES) {
    const row = rows.find((r) => r.stage === stage);
    if (row) script[stage] = row.text;
  }
  return script;
}

export async function getScript(db: AppDb, actor: Actor): Promise<ScriptView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  return withTenant(db, actor.companyId, (tx) => scriptOf(tx, actor.companyId));
}

/**
 * Upserts the given stages; an empty text removes the stage's script. Stages not named keep their
 * text, so two people editing different stages do not overwrite each other.
 */
export async function saveScript(db: AppDb, actor: Actor, stages: Partial<Record<Stage, string>>): Promise<ScriptView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  return withTenant(db, actor.companyId, async (tx) => {
    const changed: Stage[] = [];
    for (const stage of STAGES) {
      const value = stages[stage];
      if (value === undefined) continue;
      const text = value.trim();
      changed.push(stage);
      if (!text) {
        await tx.delete(scriptStages).where(and(eq(scriptStages.companyId, actor.companyId), eq(scriptStages.stage, stage)));
        continue;
      }
      await tx
        .insert(scriptStages)
        .values({ companyId: actor.companyId, stage, text })
        .onConflictDoUpdate({ target: [scriptStages.companyId, scriptStages.stage], set: { text, updatedAt: new Date() } });
    }
    if (changed.length) await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.script_changed', actor, details: { stages: changed } });
    return scriptOf(tx, actor.companyId);
  });
}

const objectionColumns = { id: objections.id, text: objections.text, handling: objections.handling, position: objections.position };

export async function listObjections(db: AppDb, actor: Actor): Promise<ObjectionView[]> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  return withTenant(db, actor.companyId, (tx) =>
    tx.select(objectionColumns).from(objections).where(eq(objections.companyId, actor.companyId)).orderBy(asc(objections.position), asc(objections.createdAt), asc(objections.id)),
  );
}

export async function createObjection(db: AppDb, actor: Actor, input: { text: string; handling: string; position?: number | undefined }): Promise<ObjectionView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  const text = required(input.text, 'objection text');
  const handling = required(input.handling, 'handling');
  return withTenant(db, actor.companyId, async (tx) => {
    // a new objection goes last unless a place is asked for
    const last = (await tx.select({ value: max(objections.position) }).from(objections).where(eq(objections.companyId, actor.companyId)))[0]?.value;
    const position = input.position ?? (last === null || last === undefined ? 0 : last + 1);
    const [row] = await tx.insert(objections).values({ companyId: actor.companyId, text, handling, position }).returning(objectionColumns);
    if (!row) throw new AppError('internal', 'Could not save the objection', { status: 500 });
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.objection_created', actor, details: { objectionId: row.id, text } });
    return row;
  });
}

export async function updateObjection(db: AppDb, actor: Actor, id: string, patch: { text?: string | undefined; handling?: string | undefined; position?: number | undefined }): Promise<ObjectionView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  const set: Partial<typeof objections.$inferInsert> = {};
  if (patch.text !== undefined) set.text = required(patch.text, 'objection text');
  if (patch.handling !== undefined) set.handling = required(patch.handling, 'handling');
  if (patch.position !== undefined) set.position = patch.position;
  return withTenant(db, actor.companyId, async (tx) => {
    const where = and(eq(objections.id, id), eq(objections.companyId, actor.companyId));
    const [row] = Object.keys(set).length
      ? await tx.update(objections).set(set).where(where).returning(objectionColumns)
      : await tx.select(objectionColumns).from(objections).where(where);
    if (!row) throw notFound('Objection');
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.objection_changed', actor, details: { objectionId: id, changed: Object.keys(set) } });
    return row;
  });
}

export async function deleteObjection(db: AppDb, actor: Actor, id: string): Promise<void> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  await withTenant(db, actor.companyId, async (tx) => {
    const [row] = await tx.delete(objections).where(and(eq(objections.id, id), eq(objections.companyId, actor.companyId))).returning({ id: objections.id, text: objections.text });
    if (!row) throw notFound('Objection');
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.objection_deleted', actor, details: { objectionId: id, text: row.text } });
  });
}

const ruleColumns = { id: expertRules.id, stage: expertRules.stage, text: expertRules.text, createdAt: expertRules.createdAt };

function toRule(row: { id: string; stage: string | null; text: string; createdAt: Date }): ExpertRuleView {
  return { ...row, stage: row.stage as Stage | null };
}

export async function listExpertRules(db: AppDb, actor: Actor): Promise<ExpertRuleView[]> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  const rows = await withTenant(db, actor.companyId, (tx) =>
    tx.select(ruleColumns).from(expertRules).where(eq(expertRules.companyId, actor.companyId)).orderBy(asc(expertRules.createdAt), asc(expertRules.id)),
  );
  return rows.map(toRule);
}

export async function createExpertRule(db: AppDb, actor: Actor, input: { stage: Stage | null; text: string }): Promise<ExpertRuleView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  const text = required(input.text, 'rule text');
  return withTenant(db, actor.companyId, async (tx) => {
    const [row] = await tx.insert(expertRules).values({ companyId: actor.companyId, stage: input.stage, text }).returning(ruleColumns);
    if (!row) throw new AppError('internal', 'Could not save the rule', { status: 500 });
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.rule_created', actor, details: { ruleId: row.id, stage: input.stage, text } });
    return toRule(row);
  });
}

export async function updateExpertRule(db: AppDb, actor: Actor, id: string, patch: { stage?: Stage | null | undefined; text?: string | undefined }): Promise<ExpertRuleView> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  const set: Partial<typeof expertRules.$inferInsert> = {};
  if (patch.text !== undefined) set.text = required(patch.text, 'rule text');
  if (patch.stage !== undefined) set.stage = patch.stage;
  return withTenant(db, actor.companyId, async (tx) => {
    const where = and(eq(expertRules.id, id), eq(expertRules.companyId, actor.companyId));
    const [row] = Object.keys(set).length
      ? await tx.update(expertRules).set(set).where(where).returning(ruleColumns)
      : await tx.select(ruleColumns).from(expertRules).where(where);
    if (!row) throw notFound('Rule');
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.rule_changed', actor, details: { ruleId: id, changed: Object.keys(set) } });
    return toRule(row);
  });
}

export async function deleteExpertRule(db: AppDb, actor: Actor, id: string): Promise<void> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  await withTenant(db, actor.companyId, async (tx) => {
    const [row] = await tx.delete(expertRules).where(and(eq(expertRules.id, id), eq(expertRules.companyId, actor.companyId))).returning({ id: expertRules.id, text: expertRules.text });
    if (!row) throw notFound('Rule');
    await recordAudit(tx, { companyId: actor.companyId, action: 'knowledge.rule_deleted', actor, details: { ruleId: id, text: row.text } });
  });
}

/**
 * Marks a call as a reference ("golden") call or removes the mark. Only a call with a transcript can
 * teach anything, so marking one without it is refused.
 */
export async function setReferenceCall(db: AppDb, actor: Actor, callId: string, reference: boolean): Promise<{ id: string; isReference: boolean }> {
  requireRole(actor, KNOWLEDGE_EDITORS);
  return withTenant(db, actor.companyId, async (tx) => {
    const call = (await tx
      .select({ id: calls.id, transcript: transcripts.callId })
      .from(calls)
      .leftJoin(transcripts, and(eq(transcripts.callId, calls.id), eq(transcripts.companyId, actor.companyId)))
      .where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId)))
      .limit(1))[0];
    if (!call) throw notFound('Call');
    if (reference && !call.transcript) throw new AppError('call.no_transcript', 'This call has no transcript yet, so it cannot be a reference call. Wait until it is transcribed.', { status: 409 });
    await tx.update(calls).set({ isReference: reference, updatedAt: new Date() }).where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId)));
    await recordAudit(tx, { companyId: actor.companyId, action: reference ? 'knowledge.reference_marked' : 'knowledge.reference_unmarked', actor, details: { callId } });
    return { id: callId, isReference: reference };
  });
}
