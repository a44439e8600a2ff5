// How a stored recommendation is shown: its text and the words to say, its sources (each one
// that came from a call links to that call), its lifecycle and the follow-up verdict.
import type { recommendations } from '../db/schema/outcomes.ts';
import type { RecommendationSource } from '../domain/recommendation.ts';
import { isOverdue, type RecommendationStatus } from '../domain/recommendation-lifecycle.ts';

export type RecommendationRow = typeof recommendations.$inferSelect;

export interface SourceView extends RecommendationSource {
  /** the call to open for this source: the reference/successful call, or the lost call for the client's own words */
  callId: string | null;
}

export interface VerdictView {
  callId: string;
  applied: boolean;
  clientAgreed: boolean;
  confidence: number;
  explanation: string;
  engine: string;
  checkedAt: string;
  points: { point: string; done: boolean; evidence: { turn: number; text: string }[] }[];
}

export interface RecommendationView {
  id: string;
  lostClientId: string;
  callId: string;
  clientId: string;
  managerId: string | null;
  text: string;
  script: string;
  basis: string;
  engine: string;
  sources: SourceView[];
  status: RecommendationStatus;
  overdue: boolean;
  dueAt: Date;
  calledAt: Date | null;
  verdict: VerdictView | null;
  /** a later call that was judged not about this deal (the recommendation kept waiting) */
  skippedCall: { callId: string; reason: string } | null;
  rejectedAt: Date | null;
  rejectionComment: string | null;
  createdAt: Date;
}

function isSource(value: unknown): value is RecommendationSource {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { excerpt?: unknown }).excerpt === 'string';
}

export function sourceViews(row: Pick<RecommendationRow, 'sources' | 'callId'>): SourceView[] {
  return row.sources.filter(isSource).map((s) => ({
    ...s,
    callId: s.kind === 'reference_call' || s.kind === 'successful_call' ? (s.refId ?? null) : s.kind === 'client_context' ? row.callId : null,
  }));
}

export function verdictView(verdict: Record<string, unknown> | null): VerdictView | null {
  if (!verdict || typeof verdict.applied !== 'boolean' || typeof verdict.callId !== 'string') return null;
  return verdict as unknown as VerdictView;
}

export function toRecommendationView(row: RecommendationRow, now: Date): RecommendationView {
  const skipped = row.verdict && typeof row.verdict.skippedCallId === 'string'
    ? { callId: row.verdict.skippedCallId, reason: String(row.verdict.skippedReason ?? '') }
    : null;
  return {
    id: row.id,
    lostClientId: row.lostClientId,
    callId: row.callId,
    clientId: row.clientId,
    managerId: row.managerId,
    text: row.text,
    script: row.script,
    basis: row.basis,
    engine: row.engine,
    sources: sourceViews(row),
    status: row.status,
    overdue: row.rejectedAt === null && isOverdue({ status: row.status, dueAt: row.dueAt }, now),
    dueAt: row.dueAt,
    calledAt: row.calledAt,
    verdict: verdictView(row.verdict),
    skippedCall: skipped,
    rejectedAt: row.rejectedAt,
    rejectionComment: row.rejectionComment,
    createdAt: row.createdAt,
  };
}
