// One polling loop per (queue, concurrency slot). We drive pg-boss's fetch/complete/fail
// ourselves instead of `boss.work()` because its stop can miss a job fetched while stopping
// (the loop checks "stopping" only between fetches and the wait looks at jobs already handed
// over), and a graceful stop must know about every handler that is running. pg-boss still owns
// the state machine: locking (FOR UPDATE SKIP LOCKED), retries with backoff, expiry.
import type PgBoss from 'pg-boss';
import type { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import type { JobSqlExecutor } from './boss-factory.ts';

export interface JobContext {
  id: string;
  queue: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** retries allowed after the first attempt */
  retryLimit: number;
  /** aborted when the attempt expires or the process stops before the handler ends */
  signal: AbortSignal;
}

export type JobHandler<P> = (payload: P, job: JobContext) => Promise<unknown>;

export interface JobLogger {
  error(message: string, fields: Record<string, unknown>): void;
  warn(message: string, fields: Record<string, unknown>): void;
}

interface ActiveJob {
  queue: string;
  id: string;
  controller: AbortController;
}

export interface WorkerDeps {
  boss: PgBoss;
  db: JobSqlExecutor;
  schema: string;
  logger: JobLogger;
  pollingIntervalMs: number;
  /** jobs running in this process, shared by all loops so stop() can see them */
  active: Map<string, ActiveJob>;
}

export class QueueWorker<P> {
  readonly queue: string;
  readonly #deps: WorkerDeps;
  readonly #schema: z.ZodType<P>;
  readonly #handler: JobHandler<P>;
  #stopping = false;
  #wake: (() => void) | undefined;
  /** a wake that came while the loop was fetching: the fetch may have run before the commit */
  #woken = false;
  #idleWaiters: Array<() => void> = [];
  #loop: Promise<void> | undefined;

  constructor(queue: string, schema: z.ZodType<P>, handler: JobHandler<P>, deps: WorkerDeps) {
    this.queue = queue;
    this.#schema = schema;
    this.#handler = handler;
    this.#deps = deps;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Skips the current wait: a job was just sent to this queue (or one is about to be fetched). */
  wake(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  /** Resolves when the loop has found no job and waits for the next poll or wake. */
  idle(): Promise<void> {
    if (this.#wake || this.#stopping) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Stops fetching; resolves when the job in hand (if any) is finished. */
  stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    for (const waiter of this.#idleWaiters.splice(0)) waiter();
    return this.#loop ?? Promise.resolve();
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let jobs: PgBoss.JobWithMetadata<unknown>[] = [];
      try {
        jobs = await this.#deps.boss.fetch<unknown>(this.queue, { batchSize: 1, includeMetadata: true });
      } catch (error) {
        this.#deps.logger.error('job fetch failed', { queue: this.queue, error: (error as Error).message });
      }
      if (jobs.length === 0) {
        await this.#sleep();
        continue;
      }
      for (const job of jobs) {
        try {
          await this.#process(job);
        } catch (error) {
          // only bookkeeping can throw here (the database went away); expiry retries the job
          this.#deps.logger.error('job bookkeeping failed', { queue: this.queue, jobId: job.id, error: (error as Error).message });
        }
      }
    }
  }

  #sleep(): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.#deps.pollingIntervalMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
      for (const waiter of this.#idleWaiters.splice(0)) waiter();
    });
  }

  async #process(job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const { boss, logger, active } = this.#deps;
    const companyId = (job.data as { companyId?: unknown } | null)?.companyId;
    const parsed = this.#schema.safeParse(job.data);
    if (!parsed.success) {
      // a payload that does not parse will not parse on a retry either
      await this.#failPermanently(job.id, new AppError('job.invalid_payload', `Job payload for ${this.queue} is invalid: ${parsed.error.message}`));
      logger.error('job payload invalid', { queue: this.queue, jobId: job.id, companyId });
      return;
    }
    const controller = new AbortController();
    active.set(job.id, { queue: this.queue, id: job.id, controller });
    const expireMs = Math.max(1, Number(job.expireInSeconds)) * 1000;
    // settles when the attempt expires or stop() gives up on it; the handler sees the same signal
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason as Error), { once: true });
    });
    const timer = setTimeout(() => {
      controller.abort(new AppError('job.expired', `Job ${this.queue} ran longer than its expiry of ${expireMs / 1000}s`, { retryable: true }));
    }, expireMs);
    const context: JobContext = { id: job.id, queue: this.queue, attempt: job.retryCount + 1, retryLimit: job.retryLimit, signal: controller.signal };
    try {
      const output = await Promise.race([this.#handler(parsed.data, context), aborted]);
      if (isPlainObject(output)) await boss.complete(this.queue, job.id, output);
      else await boss.complete(this.queue, job.id);
    } catch (error) {
      logger.warn('job failed', { queue: this.queue, jobId: job.id, companyId, attempt: context.attempt, error: (error as Error).message, code: (error as AppError).code });
      try {
        if (error instanceof AppError && !error.retryable) await this.#failPermanently(job.id, error);
        else await boss.fail(this.queue, job.id, toFailure(error));
      } catch (failError) {
        // the job stays active; expiry will fail it and it is retried
        logger.error('could not record job failure', { queue: this.queue, jobId: job.id, error: (failError as Error).message });
      }
    } finally {
      clearTimeout(timer);
      active.delete(job.id);
    }
  }

  /** An AppError that says a retry cannot help skips the remaining retries. */
  async #failPermanently(jobId: string, error: Error): Promise<void> {
    const { db, schema, boss } = this.#deps;
    await db.executeSql(`UPDATE ${schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`, [this.queue, jobId]);
    await boss.fail(this.queue, jobId, toFailure(error));
  }
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the app shows for a failed job: message and code, never more than a short stack. */
export function toFailure(error: unknown): object {
  if (error instanceof Error) {
    const code = (error as AppError).code;
    return { message: error.message, ...(code ? { code } : {}), name: error.name, stack: error.stack?.split('\n').slice(0, 6).join('\n') };
  }
  return { message: String(error) };
}
