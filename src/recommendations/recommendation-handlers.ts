// The recommendation part of the pipeline as durable job handlers:
//   call.recommend         a lost call → the client's lost record → a grounded recommendation
//   recommendation.verify  a later call with the client → the follow-up check → verdict
//   recommendation.remind  due soon / overdue reminders, expiry, "returned" after a payment
// and afterCallAnalysed, which the analyse step calls to decide what comes next. Every handler
// is idempotent (see the services): a retried or repeated job changes nothing twice.
import type { Config } from '../config.ts';
import type { AppDb } from '../db/database.ts';
import { and, eq } from 'drizzle-orm';
import { analyses } from '../db/schema/calls.ts';
import { withTenant } from '../db/tenant.ts';
import type { FollowUpChecker } from '../domain/follow-up.ts';
import type { RecommendationWriter } from '../domain/recommendation.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { createFollowUpChecker } from '../analysis/followup-checker-registry.ts';
import { telegramSenderFromConfig, type TelegramSender } from '../notifications/notifications.service.ts';
import { recommendationToVerify, verifyRecommendation } from './follow-up.service.ts';
import { recommendForCall, type JobSender } from './recommendations.service.ts';
import { remindRecommendation } from './reminders.service.ts';
import { createRecommendationWriter } from './writer-registry.ts';

export interface RecommendationHandlerDeps {
  db: AppDb;
  config: Config;
  /** default: from config (builtin, or llm with MENTOR_ENGINE=llm), created on first use */
  writer?: RecommendationWriter;
  /** default: from config (builtin, or llm with MENTOR_ENGINE=llm), created on first use */
  checker?: FollowUpChecker;
  /** default: from config (MENTOR_TELEGRAM_BOT_TOKEN); null = in-app only */
  telegram?: TelegramSender | null;
  now?: () => Date;
}

export interface RecommendationJobs {
  recommend(payload: { companyId: string; callId: string }): Promise<unknown>;
  verify(payload: { companyId: string; recommendationId: string; callId: string }): Promise<unknown>;
  remind(payload: { companyId: string; recommendationId: string }): Promise<unknown>;
}

/** The handlers as plain functions (tests and the CLI run them without a queue). */
export function recommendationJobs(jobs: JobSender | null, deps: RecommendationHandlerDeps): RecommendationJobs {
  let writer = deps.writer;
  let telegram = deps.telegram;
  let checker = deps.checker;
  const writerOf = (): RecommendationWriter => (writer ??= createRecommendationWriter(deps.config));
  const checkerOf = (): FollowUpChecker => (checker ??= createFollowUpChecker(deps.config));
  const telegramOf = (): TelegramSender | null => (telegram === undefined ? (telegram = telegramSenderFromConfig(deps.db, deps.config)) : telegram);
  const now = deps.now ? { now: deps.now } : {};
  return {
    recommend: (p) => recommendForCall({ db: deps.db, writer: writerOf(), jobs, ...now }, p.companyId, p.callId),
    verify: (p) => verifyRecommendation({ db: deps.db, checker: checkerOf(), jobs, ...now }, p.companyId, p.recommendationId, p.callId),
    remind: (p) => remindRecommendation({ db: deps.db, telegram: telegramOf(), ...now }, p.companyId, p.recommendationId),
  };
}

export function registerRecommendationHandlers(queue: JobQueue, deps: RecommendationHandlerDeps): void {
  const handlers = recommendationJobs(queue, deps);
  queue.work('call.recommend', (payload) => handlers.recommend(payload));
  queue.work('recommendation.verify', (payload) => handlers.verify(payload));
  queue.work('recommendation.remind', (payload) => handlers.remind(payload));
}

export type AfterAnalysis =
  | { next: 'recommendation.verify'; recommendationId: string }
  | { next: 'call.recommend' }
  | { next: null };

/**
 * What follows a stored analysis. A call with a client who has a waiting recommendation is
 * checked against it first (if that call was lost too, the check writes the next recommendation
 * from it); otherwise a lost call gets a recommendation. Sends at most one job, keyed so that a
 * repeat sends nothing; a re-analysis (new analysis id) may send again, and the handlers are
 * idempotent for it.
 */
export async function afterCallAnalysed(db: AppDb, queue: JobSender, companyId: string, callId: string): Promise<AfterAnalysis> {
  const decision = await withTenant(db, companyId, async (tx): Promise<AfterAnalysis & { analysisId?: string }> => {
    const waiting = await recommendationToVerify(tx, companyId, callId);
    if (waiting) return { next: 'recommendation.verify', recommendationId: waiting.id };
    const analysis = (await tx.select({ id: analyses.id, outcome: analyses.outcome }).from(analyses)
      .where(and(eq(analyses.companyId, companyId), eq(analyses.callId, callId), eq(analyses.isCurrent, true))).limit(1))[0];
    return analysis?.outcome === 'lost' ? { next: 'call.recommend', analysisId: analysis.id } : { next: null };
  });
  if (decision.next === 'recommendation.verify') {
    await queue.send('recommendation.verify', { companyId, recommendationId: decision.recommendationId, callId }, { singletonKey: `recommendation.verify:${decision.recommendationId}:${callId}` });
    return { next: 'recommendation.verify', recommendationId: decision.recommendationId };
  }
  if (decision.next === 'call.recommend') {
    await queue.send('call.recommend', { companyId, callId }, { singletonKey: `call.recommend:${callId}:${decision.analysisId ?? ''}` });
    return { next: 'call.recommend' };
  }
  return { next: null };
}
