// Every durable job Mentor runs: its queue name, the zod schema of its payload and its retry
// policy, in one file so a reader sees the whole pipeline at once.
//
// Deploy rule: a job sent by one version of the app may be worked by the next (or the previous,
// during a rolling deploy). So payloads only ever gain OPTIONAL fields, a field is never renamed
// or made stricter, and objects are not `.strict()`: an older worker strips a field it does not
// know instead of failing the job. Every payload names its company (`companyId`), so a log line,
// a failed job in the app and a retry are always attributable to one tenant.
import { z } from 'zod';

const companyId = z.uuid();
const withCompany = <T extends z.ZodRawShape>(shape: T) => z.object({ companyId, ...shape });

/** Payload schemas by queue. Pipeline: intake → ingest → transcribe → analyse → recommend → verify. */
export const jobSchemas = {
  /**
   * the calls accepted in one transaction (src/calls/call-intake.ts): complete each one's intake
   * and queue what comes next; at most MENTOR_INGEST_BATCH's maximum ids
   */
  'call.intake': withCompany({ callIds: z.array(z.uuid()).min(1).max(2000) }),
  /** a call's recording to fetch (a link, a Zadarma record, an Asterisk file), or a retry of its intake */
  'call.ingest': withCompany({
    callId: z.uuid(),
    /** integration slug that produced the call (upload, webhook, asterisk, …) */
    source: z.string().min(1).optional(),
  }),
  /** speech to text, per channel */
  'call.transcribe': withCompany({ callId: z.uuid() }),
  /** 5-stage scoring, outcome, lost-client detection */
  'call.analyse': withCompany({ callId: z.uuid() }),
  /** win-back recommendation for a lost client */
  'call.recommend': withCompany({ callId: z.uuid() }),
  /** did the manager apply the recommendation on the next call to the same client */
  'recommendation.verify': withCompany({ recommendationId: z.uuid(), callId: z.uuid() }),
  /** re-run analysis after the script, rules or reference calls changed */
  'company.reanalyse': withCompany({
    /** only calls on or after this day (ISO date); all calls when absent */
    since: z.iso.date().optional(),
    reason: z.string().max(200).optional(),
  }),
  /** the weekly report for the head of sales (scheduled per company, in its time zone) */
  'report.weekly': withCompany({
    /** ISO date of the week's Monday; the handler uses the week before "now" when absent */
    weekStart: z.iso.date().optional(),
  }),
  /** managers who do not log in or leave recommendations past due → notify the head of sales */
  'sabotage.scan': withCompany({}),
  /** remind a manager of a recommendation that waits for execution */
  'recommendation.remind': withCompany({ recommendationId: z.uuid() }),
  /** deliver one in-app notification to its channels (Telegram, e-mail) */
  'notification.send': withCompany({ notificationId: z.uuid() }),
} as const;

export type QueueName = keyof typeof jobSchemas;
export type JobPayload<N extends QueueName> = z.infer<(typeof jobSchemas)[N]>;
/** What a caller may send: zod input type (defaults not yet applied). */
export type JobPayloadInput<N extends QueueName> = z.input<(typeof jobSchemas)[N]>;

export const queueNames = Object.keys(jobSchemas) as QueueName[];

export function isQueueName(value: string): value is QueueName {
  return Object.hasOwn(jobSchemas, value);
}

export interface QueuePolicy {
  /** retries after the first attempt; 0 = fail on the first error */
  retryLimit: number;
  /** first retry delay in seconds; with backoff it doubles per attempt (with jitter) */
  retryDelaySeconds: number;
  retryBackoff: boolean;
  /**
   * How long one attempt may stay active. A worker that dies mid-job (SIGKILL, OOM, power)
   * leaves the job active; pg-boss maintenance fails it after this long and it is retried.
   * It is also the handler's time limit in a live worker. Keep it above the slowest honest run.
   */
  expireInSeconds: number;
  /** jobs the app may run in parallel per process for this queue */
  concurrency: number;
}

const minutes = (n: number) => n * 60;

/**
 * Retry policy per queue. Failed jobs keep state `failed` (visible in the app through
 * JobQueue.failedJobs, retried by JobQueue.retry) instead of moving to a dead-letter queue: one
 * place to look, and a retry keeps the job's id and history.
 */
export const queuePolicies: Record<QueueName, QueuePolicy> = {
  // a few milliseconds of database work per call: even 2,000 calls finish well inside the expiry
  'call.intake': { retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: minutes(10), concurrency: 2 },
  'call.ingest': { retryLimit: 5, retryDelaySeconds: 10, retryBackoff: true, expireInSeconds: minutes(10), concurrency: 2 },
  // long recordings on CPU whisper can take a while; the expiry must outlast them
  'call.transcribe': { retryLimit: 4, retryDelaySeconds: 30, retryBackoff: true, expireInSeconds: minutes(60), concurrency: 1 },
  'call.analyse': { retryLimit: 4, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: minutes(15), concurrency: 2 },
  'call.recommend': { retryLimit: 4, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: minutes(15), concurrency: 2 },
  'recommendation.verify': { retryLimit: 4, retryDelaySeconds: 15, retryBackoff: true, expireInSeconds: minutes(15), concurrency: 2 },
  'company.reanalyse': { retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: minutes(180), concurrency: 1 },
  'report.weekly': { retryLimit: 3, retryDelaySeconds: 300, retryBackoff: true, expireInSeconds: minutes(30), concurrency: 1 },
  'sabotage.scan': { retryLimit: 2, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: minutes(10), concurrency: 1 },
  'recommendation.remind': { retryLimit: 3, retryDelaySeconds: 60, retryBackoff: true, expireInSeconds: minutes(5), concurrency: 2 },
  // chat APIs rate-limit; short, many retries
  'notification.send': { retryLimit: 6, retryDelaySeconds: 5, retryBackoff: true, expireInSeconds: minutes(2), concurrency: 4 },
};

/** Event-driven queues (sent by the pipeline) vs scheduled tasks (sent by a schedule). */
export const scheduledQueues: readonly QueueName[] = ['report.weekly', 'sabotage.scan', 'recommendation.remind'];

/**
 * Internal queue, not part of the product: pg-boss fires it every minute and the worker turns
 * due per-company schedules into jobs. pg-boss 10 keys its schedules by queue name only, so it
 * cannot hold "report.weekly at 09:00 Moscow for company A and 09:00 Novosibirsk for company B".
 */
export const SCHEDULE_TICK_QUEUE = 'mentor.schedule-tick';
