// Reads from the database everything a recommendation writer needs for one lost call: the
// transcript and its analysis, the company knowledge (script, objections, expert rules, reference
// calls, the head of sales' corrections), the company's successful calls with transcripts, and
// the names to address. Also the company's due-date settings.
import { and, desc, eq, ne } from 'drizzle-orm';
import { analyses, calls, clients, transcripts } from '../db/schema/calls.ts';
import { companies, users } from '../db/schema/companies.ts';
import type { Tx } from '../db/tenant.ts';
import type { RecommendationInput } from '../domain/recommendation.ts';
import { DEFAULT_DUE_WORKING_DAYS } from '../domain/recommendation-lifecycle.ts';
import { loadKnowledgeTx } from '../knowledge/load-knowledge.ts';

/** Newest successful calls given to retrieval; reference calls come with the knowledge (up to 50). */
export const MAX_SUCCESSFUL_CALLS = 40;
/** Days after the due date an untouched recommendation stays open (and overdue) before it expires. */
export const DEFAULT_EXPIRY_DAYS = 14;

export interface CompanyRecommendationSettings {
  timeZone: string;
  dueWorkingDays: number;
  expiryDays: number;
}

function positiveInt(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 366 ? value : fallback;
}

/** Company settings keys: `recommendationDueWorkingDays` (default 3), `recommendationExpiryDays` (default 14). */
export async function recommendationSettings(tx: Tx, companyId: string): Promise<CompanyRecommendationSettings> {
  const row = (await tx.select({ timezone: companies.timezone, settings: companies.settings }).from(companies).where(eq(companies.id, companyId)).limit(1))[0];
  return {
    timeZone: row?.timezone ?? 'Europe/Moscow',
    dueWorkingDays: positiveInt(row?.settings.recommendationDueWorkingDays, DEFAULT_DUE_WORKING_DAYS),
    expiryDays: positiveInt(row?.settings.recommendationExpiryDays, DEFAULT_EXPIRY_DAYS),
  };
}

/** null when the call has no transcript or no lost analysis (nothing to write about). */
export async function loadWriterInput(tx: Tx, companyId: string, callId: string): Promise<RecommendationInput | null> {
  const call = (await tx.select({ managerId: calls.managerId, clientId: calls.clientId }).from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).limit(1))[0];
  if (!call) return null;
  const transcript = (await tx.select({ language: transcripts.language, turns: transcripts.turns }).from(transcripts)
    .where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1))[0];
  const analysis = (await tx.select({ result: analyses.result }).from(analyses)
    .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true))).limit(1))[0]?.result;
  if (!transcript || !analysis || analysis.outcome !== 'lost' || !analysis.loss) return null;

  const knowledge = await loadKnowledgeTx(tx, companyId);
  const successful = await tx
    .select({ callId: calls.id, language: transcripts.language, turns: transcripts.turns, result: analyses.result })
    .from(calls)
    .innerJoin(analyses, and(eq(analyses.callId, calls.id), eq(analyses.companyId, companyId), eq(analyses.isCurrent, true), eq(analyses.outcome, 'success')))
    .innerJoin(transcripts, and(eq(transcripts.callId, calls.id), eq(transcripts.companyId, companyId)))
    // reference calls already come with the knowledge; the lost call itself is no example
    .where(and(eq(calls.companyId, companyId), eq(calls.isReference, false), ne(calls.id, callId)))
    .orderBy(desc(calls.startedAt), desc(calls.id))
    .limit(MAX_SUCCESSFUL_CALLS);
  const manager = call.managerId
    ? (await tx.select({ name: users.name }).from(users).where(and(eq(users.id, call.managerId), eq(users.companyId, companyId))).limit(1))[0]
    : undefined;
  const client = call.clientId
    ? (await tx.select({ name: clients.name }).from(clients).where(and(eq(clients.id, call.clientId), eq(clients.companyId, companyId))).limit(1))[0]
    : undefined;
  return {
    transcript: { language: transcript.language, turns: transcript.turns },
    analysis,
    knowledge,
    successfulCalls: successful.map((s) => ({ callId: s.callId, transcript: { language: s.language, turns: s.turns }, analysis: s.result })),
    ...(client?.name ? { clientName: client.name } : {}),
    ...(manager?.name ? { managerName: manager.name } : {}),
  };
}
