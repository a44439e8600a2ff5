// The life of a win-back recommendation, from "written" to "the client came back" or "gave up":
//
//   open ──► called ──► verifying ──► applied ──► returned
//    │                      │            └──────► expired
//    │                      └──► not_applied ──► expired
//    │                               └─────────► called   (the manager calls the client again)
//    └──► expired
//
// `returned` needs `applied` first: a client who comes back without the recommendation being
// applied is not money the system brought. Only `open` can be overdue: once the manager has called,
// the delay is the client's, not the manager's, so it must not feed the sabotage alerts.
import { AppError } from './errors.ts';
import { endOfNthWorkingDay, type LocalDateKey } from './periods.ts';

export const RECOMMENDATION_STATUSES = ['open', 'called', 'verifying', 'applied', 'not_applied', 'returned', 'expired'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const DEFAULT_DUE_WORKING_DAYS = 3;

const TRANSITIONS: Record<RecommendationStatus, readonly RecommendationStatus[]> = {
  open: ['called', 'expired'],
  called: ['verifying'],
  verifying: ['applied', 'not_applied'],
  applied: ['returned', 'expired'],
  not_applied: ['called', 'expired'],
  returned: [],
  expired: [],
};

export function isRecommendationStatus(value: unknown): value is RecommendationStatus {
  return typeof value === 'string' && (RECOMMENDATION_STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(from: RecommendationStatus): readonly RecommendationStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: RecommendationStatus, to: RecommendationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(status: RecommendationStatus): boolean {
  return TRANSITIONS[status].length === 0;
}

export interface RecommendationState {
  id: string;
  status: RecommendationStatus;
  createdAt: Date;
  dueAt: Date;
  history: { from: RecommendationStatus; to: RecommendationStatus; at: Date }[];
}

/** Move a recommendation to a new status; throws `invalid_transition` (409) naming what is allowed. */
export function transition<T extends RecommendationState>(recommendation: T, to: RecommendationStatus, at: Date): T {
  const from = recommendation.status;
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    const hint = allowed.length === 0 ? `"${from}" is final` : `from "${from}" it can go to: ${allowed.join(', ')}`;
    throw new AppError('invalid_transition', `Recommendation ${recommendation.id} cannot go from "${from}" to "${to}": ${hint}.`, {
      status: 409,
      details: { id: recommendation.id, from, to, allowed: [...allowed] },
    });
  }
  return { ...recommendation, status: to, history: [...recommendation.history, { from, to, at }] };
}

export interface DueDateOptions {
  timeZone: string;
  workingDays?: number;
  holidays?: readonly LocalDateKey[];
}

/**
 * When a recommendation must be executed: the end of the Nth working day (Mon–Fri, default 3)
 * after the day it was written, in the company's time zone (see periods.endOfNthWorkingDay).
 */
export function recommendationDueAt(createdAt: Date, options: DueDateOptions): Date {
  return endOfNthWorkingDay(createdAt, options.workingDays ?? DEFAULT_DUE_WORKING_DAYS, options.timeZone, options.holidays ?? []);
}

export function newRecommendationState(id: string, createdAt: Date, options: DueDateOptions): RecommendationState {
  return { id, status: 'open', createdAt, dueAt: recommendationDueAt(createdAt, options), history: [] };
}

/** Overdue = still `open` (the manager has not called the client) at or after the due instant. */
export function isOverdue(recommendation: { status: RecommendationStatus; dueAt: Date }, now: Date): boolean {
  return recommendation.status === 'open' && now.getTime() >= recommendation.dueAt.getTime();
}

/** How long it has been overdue, in milliseconds (0 when it is not overdue). */
export function overdueForMs(recommendation: { status: RecommendationStatus; dueAt: Date }, now: Date): number {
  return isOverdue(recommendation, now) ? now.getTime() - recommendation.dueAt.getTime() : 0;
}
