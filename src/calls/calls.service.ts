// The read side of calls: the list with filters and Russian full-text search over transcripts, and
// one call with its transcript, current analysis and the head of sales' corrections. A manager
// sees only own calls; everyone else in the company sees all of them.
import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { analyses, calls, clients, transcripts, type CallStatus } from '../db/schema/calls.ts';
import { users } from '../db/schema/companies.ts';
import { withTenant } from '../db/tenant.ts';
import { managerScope, type Actor } from '../auth/actor.ts';
import type { CallAnalysis, CallOutcome } from '../domain/call-analysis.ts';
import { notFound } from '../domain/errors.ts';
import type { Turn } from '../domain/transcript.ts';
import { correctionsOfCall, type CorrectionView } from '../knowledge/corrections.service.ts';

export interface CallFilters {
  managerId?: string | undefined;
  clientId?: string | undefined;
  status?: CallStatus | undefined;
  outcome?: CallOutcome | undefined;
  /** started at or after */
  from?: Date | undefined;
  /** started before */
  to?: Date | undefined;
  /** words to find in the transcript (any inflected form) */
  q?: string | undefined;
  reference?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

export interface CallAnalysisSummary {
  outcome: CallOutcome;
  confidence: number;
  lossStage: string | null;
  lossReason: string | null;
  scores: Record<string, number>;
}

export interface CallListItem {
  id: string;
  startedAt: Date;
  durationSeconds: number | null;
  direction: string;
  source: string;
  status: CallStatus;
  errorCode: string | null;
  errorMessage: string | null;
  isReference: boolean;
  clientPhone: string | null;
  manager: { id: string; name: string } | null;
  client: { id: string; name: string | null; phone: string | null } | null;
  analysis: CallAnalysisSummary | null;
}

export interface CallDetail {
  call: CallListItem;
  transcript: { language: string; source: string; turns: Turn[] } | null;
  analysis: null | {
    id: string;
    engine: string;
    engineVersion: string;
    knowledgeHash: string;
    createdAt: Date;
    result: CallAnalysis;
  };
  corrections: CorrectionView[];
}

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/**
 * The transcript's spoken text as a tsvector. The configuration is named: the server default is
 * English, which would not match "рассрочку" for "рассрочка". The russian configuration stems
 * Latin-script words with the English stemmer, so English calls are found too.
 */
const transcriptDocument = sql`to_tsvector('russian', jsonb_path_query_array(${transcripts.turns}, '$[*].text'))`;

function listColumns() {
  return {
    id: calls.id,
    startedAt: calls.startedAt,
    durationSeconds: calls.durationSeconds,
    direction: calls.direction,
    source: calls.source,
    status: calls.status,
    errorCode: calls.errorCode,
    errorMessage: calls.errorMessage,
    isReference: calls.isReference,
    clientPhone: calls.clientPhone,
    managerId: calls.managerId,
    managerName: users.name,
    clientId: calls.clientId,
    clientName: clients.name,
    clientPhoneE164: clients.phoneE164,
    outcome: analyses.outcome,
    confidence: analyses.confidence,
    lossStage: analyses.lossStage,
    lossReason: analyses.lossReason,
    scores: analyses.scores,
  };
}

type ListRow = Awaited<ReturnType<typeof selectCalls>>[number];

function toItem(row: ListRow): CallListItem {
  return {
    id: row.id,
    startedAt: row.startedAt,
    durationSeconds: row.durationSeconds,
    direction: row.direction,
    source: row.source,
    status: row.status,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    isReference: row.isReference,
    clientPhone: row.clientPhone,
    manager: row.managerId ? { id: row.managerId, name: row.managerName ?? '' } : null,
    client: row.clientId ? { id: row.clientId, name: row.clientName, phone: row.clientPhoneE164 } : null,
    analysis: row.outcome
      ? { outcome: row.outcome, confidence: row.confidence ?? 0, lossStage: row.lossStage, lossReason: row.lossReason, scores: (row.scores ?? {}) as Record<string, number> }
      : null,
  };
}

function selectCalls(tx: AppDb, companyId: string, where: SQL[]) {
  return tx
    .select(listColumns())
    .from(calls)
    .leftJoin(users, and(eq(users.id, calls.managerId), eq(users.companyId, companyId)))
    .leftJoin(clients, and(eq(clients.id, calls.clientId), eq(clients.companyId, companyId)))
    .leftJoin(analyses, and(eq(analyses.callId, calls.id), eq(analyses.companyId, companyId), eq(analyses.isCurrent, true)))
    .where(and(...where));
}

async function countCalls(tx: AppDb, companyId: string, where: SQL[]): Promise<number> {
  const row = (await tx
    .select({ total: count() })
    .from(calls)
    .leftJoin(analyses, and(eq(analyses.callId, calls.id), eq(analyses.companyId, companyId), eq(analyses.isCurrent, true)))
    .where(and(...where)))[0];
  return Number(row?.total ?? 0);
}

export async function listCalls(db: AppDb, actor: Actor, filters: CallFilters = {}): Promise<{ calls: CallListItem[]; total: number }> {
  const companyId = actor.companyId;
  const where: SQL[] = [eq(calls.companyId, companyId)];
  const own = managerScope(actor);
  if (own) where.push(eq(calls.managerId, own));
  if (filters.managerId) where.push(eq(calls.managerId, filters.managerId));
  if (filters.clientId) where.push(eq(calls.clientId, filters.clientId));
  if (filters.status) where.push(eq(calls.status, filters.status));
  if (filters.outcome) where.push(eq(analyses.outcome, filters.outcome));
  if (filters.from) where.push(gte(calls.startedAt, filters.from));
  if (filters.to) where.push(lt(calls.startedAt, filters.to));
  if (filters.reference !== undefined) where.push(eq(calls.isReference, filters.reference));
  const q = filters.q?.trim();
  if (q) {
    where.push(sql`exists (select 1 from ${transcripts} where ${transcripts.callId} = ${calls.id} and ${transcripts.companyId} = ${companyId}
      and ${transcriptDocument} @@ websearch_to_tsquery('russian', ${q}))`);
  }
  const limit = Math.min(Math.max(1, filters.limit ?? DEFAULT_PAGE), MAX_PAGE);
  const offset = Math.max(0, filters.offset ?? 0);
  return withTenant(db, companyId, async (tx) => {
    const rows = await selectCalls(tx, companyId, where).orderBy(desc(calls.startedAt), desc(calls.id)).limit(limit).offset(offset);
    return { calls: rows.map(toItem), total: await countCalls(tx, companyId, where) };
  });
}

/** One call as its viewer may see it; another company's call, or another manager's, is "not found". */
export async function getCall(db: AppDb, actor: Actor, callId: string): Promise<CallDetail> {
  const companyId = actor.companyId;
  const where: SQL[] = [eq(calls.companyId, companyId), eq(calls.id, callId)];
  const own = managerScope(actor);
  if (own) where.push(eq(calls.managerId, own));
  return withTenant(db, companyId, async (tx) => {
    const row = (await selectCalls(tx, companyId, where).limit(1))[0];
    if (!row) throw notFound('Call');
    const transcript = (await tx
      .select({ language: transcripts.language, source: transcripts.source, turns: transcripts.turns })
      .from(transcripts)
      .where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId)))
      .limit(1))[0];
    const analysis = (await tx
      .select({ id: analyses.id, engine: analyses.engine, engineVersion: analyses.engineVersion, knowledgeHash: analyses.knowledgeHash, createdAt: analyses.createdAt, result: analyses.result })
      .from(analyses)
      .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true)))
      .orderBy(desc(analyses.createdAt))
      .limit(1))[0];
    return {
      call: toItem(row),
      transcript: transcript ?? null,
      analysis: analysis ?? null,
      corrections: await correctionsOfCall(tx, companyId, callId),
    };
  });
}
