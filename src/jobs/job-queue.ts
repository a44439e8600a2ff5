// The app's port to durable jobs: typed send/work over pg-boss, per-company schedules, the failed
// jobs the app shows, and counts for metrics. One instance per process.
//
// One JobQueue per process and per database (on PGlite its start-up treats jobs still active as
// left by a crash of this same app).
//
// Roles: on PGlite the one process sends and works (`workers: true`, the default). On PostgreSQL
// `--role api` processes create it with `workers: false` (send only: no polling, no maintenance,
// no cron) and `--role worker` processes with `workers: true`.
//
// HANDLERS MUST BE IDEMPOTENT. A job runs at least once: a retry after an error, a worker killed
// mid-job (the job expires and runs again), or a handler that finished just as its attempt
// expired all run it again. Write results with upserts keyed by the payload's ids, and check
// "already done" before side effects that cannot be repeated (sending a Telegram message, …).
import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { type BossTarget, type BossTuning, createBoss, type JobSqlExecutor } from './boss-factory.ts';
import { type CompanySchedule, deterministicJobId, ScheduleStore } from './company-schedules.ts';
import { countsByQueue, type FailedJob, findJobById, type JobSummary, listFailedJobs, type QueueCounts } from './job-inspection.ts';
import { notifyWorkers, WakeListener } from './job-wakeup.ts';
import { type JobHandler, type JobLogger, QueueWorker, type WorkerDeps } from './queue-worker.ts';
import { isQueueName, type JobPayload, type JobPayloadInput, jobSchemas, type QueueName, queueNames, type QueuePolicy, queuePolicies, SCHEDULE_TICK_QUEUE } from './queues.ts';

export type { JobContext, JobHandler, JobLogger } from './queue-worker.ts';
export type { FailedJob, JobSummary, QueueCounts } from './job-inspection.ts';

export interface JobQueueOptions {
  target: BossTarget;
  /** false for the API role: sends jobs, never polls; default true */
  workers?: boolean;
  /** how often an idle queue asks for work; default 2000 ms (a local send wakes it at once) */
  pollingIntervalMs?: number;
  /** per-queue overrides of queues.ts (tests use short delays and expiries) */
  policies?: Partial<Record<QueueName, Partial<QueuePolicy>>>;
  tuning?: BossTuning;
  logger?: JobLogger;
  /** how long stop() waits for running handlers; default 30 s */
  stopTimeoutMs?: number;
  /**
   * The non-superuser role tenant transactions switch to (mentor_app). Granted what `send(…, { tx })`
   * needs on the job schema, so a job can be sent inside withTenant atomically with the app's rows.
   */
  appRole?: string;
}

/** One job of a sendMany batch. */
export interface BatchJob<N extends QueueName> {
  payload: JobPayloadInput<N>;
  singletonKey?: string;
}

export interface SendOptions {
  /** one job per key (e.g. `call.transcribe:<callId>`): a second send with the same key is ignored */
  singletonKey?: string;
  /** seconds from now, or a moment */
  startAfter?: number | Date;
  /** send inside the caller's transaction, atomically with its rows (see boss-factory executors) */
  tx?: JobSqlExecutor;
}

export interface ScheduleOptions {
  /** IANA time zone the cron is read in, e.g. the company's Europe/Moscow */
  tz: string;
  /** one schedule per (queue, key); default: the payload's companyId */
  key?: string;
}

export interface WorkOptions {
  /** parallel jobs of this queue in this process; default from the queue's policy */
  concurrency?: number;
}

const consoleLogger: JobLogger = {
  error: (message, fields) => console.error(JSON.stringify({ level: 'error', message, ...fields })),
  warn: (message, fields) => console.warn(JSON.stringify({ level: 'warn', message, ...fields })),
};

export class JobQueue {
  readonly schema: string;
  readonly workers: boolean;
  readonly #boss: PgBoss;
  readonly #db: JobSqlExecutor;
  readonly #kind: BossTarget['kind'];
  readonly #logger: JobLogger;
  readonly #policies: Record<QueueName, QueuePolicy>;
  readonly #stopTimeoutMs: number;
  readonly #appRole: string | undefined;
  readonly #schedules: ScheduleStore;
  readonly #deps: WorkerDeps;
  readonly #workers: QueueWorker<unknown>[] = [];
  /** worker role on PostgreSQL: hears jobs sent by other processes */
  readonly #listener: WakeListener | undefined;
  #state: 'new' | 'starting' | 'started' | 'stopped' = 'new';

  constructor(options: JobQueueOptions) {
    this.workers = options.workers ?? true;
    const bundle = createBoss(options.target, { supervise: this.workers, ...options.tuning });
    this.#boss = bundle.boss;
    this.#db = bundle.db;
    this.#kind = bundle.kind;
    this.schema = bundle.schema;
    this.#logger = options.logger ?? consoleLogger;
    this.#stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
    if (options.appRole !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.appRole)) throw new AppError('job.invalid_role', `Invalid role name "${options.appRole}"`);
    this.#appRole = options.appRole;
    this.#policies = Object.fromEntries(queueNames.map((name) => [name, { ...queuePolicies[name], ...options.policies?.[name] }])) as Record<QueueName, QueuePolicy>;
    this.#schedules = new ScheduleStore(this.#db, this.schema);
    this.#deps = { boss: this.#boss, db: this.#db, schema: this.schema, logger: this.#logger, pollingIntervalMs: options.pollingIntervalMs ?? 2000, active: new Map() };
    if (this.workers && options.target.kind === 'postgres') {
      this.#listener = new WakeListener({ connectionString: options.target.connectionString, schema: this.schema, logger: this.#logger, onWake: (queue) => this.#wakeLocal(queue) });
    }
    // pg-boss emits pool and maintenance errors; an EventEmitter 'error' without a listener would crash the process
    this.#boss.on('error', (error: Error & { queue?: string }) => this.#logger.error('job system error', { error: error.message, queue: error.queue }));
  }

  policyOf(name: QueueName): QueuePolicy {
    return this.#policies[name];
  }

  /** Installs or migrates pg-boss's schema, syncs queue policies, starts the workers (worker role). */
  async start(): Promise<void> {
    if (this.#state !== 'new') return;
    this.#state = 'starting';
    try {
      await this.#install();
    } catch (error) {
      // a pg-boss instance that failed half way cannot start again: the caller makes a new JobQueue
      this.#state = 'stopped';
      await this.#boss.stop({ graceful: false, close: true }).catch(() => undefined);
      throw new AppError('job.start_failed', `Could not start the job queue in schema ${this.schema}: ${(error as Error).message}`, { status: 503, retryable: true, cause: error });
    }
    // started before the loops run: a handler may send the next job at once
    this.#state = 'started';
    for (const worker of this.#workers) worker.start();
    await this.#listener?.start();
  }

  async #install(): Promise<void> {
    await this.#boss.start();
    for (const name of queueNames) {
      const policy = this.#policies[name];
      const queue = { name, policy: 'standard' as const, retryLimit: policy.retryLimit, retryDelay: policy.retryDelaySeconds, retryBackoff: policy.retryBackoff, expireInSeconds: policy.expireInSeconds };
      // createQueue never changes an existing queue; updateQueue carries policy changes across deploys
      await this.#boss.createQueue(name, queue);
      await this.#boss.updateQueue(name, queue);
    }
    await this.#boss.createQueue(SCHEDULE_TICK_QUEUE, { name: SCHEDULE_TICK_QUEUE, retryLimit: 0, expireInSeconds: 300 });
    await this.#schedules.install();
    if (this.#appRole) {
      // sending = INSERT into the partitioned job table (rows route to the queue's partition
      // without a separate check), reading the queue's policy, the archive for singleton keys
      await this.#db.executeSql(`GRANT USAGE ON SCHEMA ${this.schema} TO ${this.#appRole}; GRANT SELECT, INSERT ON ${this.schema}.job TO ${this.#appRole}; GRANT SELECT ON ${this.schema}.queue, ${this.schema}.archive TO ${this.#appRole}`);
    }
    // registered by every role: pg-boss's cron check runs once right at a worker's start-up, and
    // on a fresh install it would otherwise look before this row exists and wait a minute
    await this.#boss.schedule(SCHEDULE_TICK_QUEUE, '* * * * *', {}, { tz: 'UTC' });
    if (this.workers) {
      if (this.#kind === 'pglite') await this.#recoverOrphans();
      const tick = new QueueWorker<unknown>(SCHEDULE_TICK_QUEUE, z.unknown(), async () => ({ sent: await this.#runDueSchedules(new Date()) }), this.#deps);
      this.#workers.push(tick);
    }
  }

  /**
   * Stops polling, waits up to `timeoutMs` for running handlers, then fails the ones still
   * running (they are retried: by this process after a restart, or by another worker).
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.#state !== 'started') return;
    this.#state = 'stopped';
    await this.#listener?.stop();
    const timeoutMs = options.timeoutMs ?? this.#stopTimeoutMs;
    const drained = await settlesWithin(Promise.all(this.#workers.map((worker) => worker.stop())), timeoutMs);
    if (!drained) {
      // the handlers keep running (JavaScript cannot cancel them) but their signal is aborted and
      // their attempt is recorded as failed, so the job is retried
      for (const job of this.#deps.active.values()) {
        job.controller.abort(new AppError('job.stopped', `The worker stopped after waiting ${timeoutMs} ms for the job; it will be retried`, { retryable: true }));
      }
      await settlesWithin(Promise.all(this.#workers.map((worker) => worker.stop())), 5000);
    }
    await this.#boss.stop({ graceful: true, timeout: 1000, wait: true, close: true });
  }

  /**
   * Validates and enqueues a job. Returns its id, or null when a job with the same singletonKey
   * is still kept: queued, running, failed, or finished less than about a week ago (12 h in the
   * job table, then pg-boss's archive for 7 days). Re-running on purpose? Put a revision in the
   * key, e.g. `call.analyse:<callId>:<scriptVersion>`.
   */
  async send<N extends QueueName>(name: N, payload: JobPayloadInput<N>, options: SendOptions = {}): Promise<string | null> {
    const data = this.#validate(name, payload);
    // on PGlite, send() without { tx } from inside pglite.transaction() waits forever for the
    // mutex that transaction holds; say so instead of hanging silently
    const watchdog = this.#kind === 'pglite' && !options.tx
      ? setTimeout(() => this.#logger.warn('job send is waiting for the database: inside pglite.transaction() pass { tx } to send()', { queue: name, companyId: data.companyId }), 10_000)
      : undefined;
    let sent: string | null;
    try {
      sent = await this.#insert(name, data, options);
    } finally {
      clearTimeout(watchdog);
    }
    if (sent && options.startAfter === undefined) await this.#announce(name, options.tx);
    return sent;
  }

  /**
   * Enqueues many jobs of one queue with two statements (the archive check of their singleton
   * keys, one multi-row insert), e.g. the first pipeline step of every call in an ingest batch.
   * Same dedupe as send(); returns how many jobs were new to the archive.
   */
  async sendMany<N extends QueueName>(name: N, batch: readonly BatchJob<N>[], options: { tx?: JobSqlExecutor } = {}): Promise<number> {
    if (batch.length === 0) return 0;
    const jobs = batch.map((item) => {
      const data = this.#validate(name, item.payload);
      return item.singletonKey
        ? { id: deterministicJobId(`${name}\u0000${item.singletonKey}`), name, data, singletonKey: item.singletonKey }
        : { id: randomUUID(), name, data };
    });
    const db = options.tx ?? this.#db;
    const keyed = jobs.filter((job) => 'singletonKey' in job).map((job) => job.id);
    const archived = keyed.length === 0 ? new Set<string>() : new Set((await db.executeSql(
      `SELECT id::text AS id FROM ${this.schema}.archive WHERE name = $1 AND id IN (SELECT value::uuid FROM json_array_elements_text($2::json))`,
      [name, JSON.stringify(keyed)],
    )).rows.map((row) => (row as { id: string }).id));
    const fresh = jobs.filter((job) => !archived.has(job.id));
    if (fresh.length > 0) {
      await this.#boss.insert(fresh, options.tx ? { db: options.tx as PgBoss.Db } : {});
      await this.#announce(name, options.tx);
    }
    return fresh.length;
  }

  #validate<N extends QueueName>(name: N, payload: JobPayloadInput<N>): JobPayload<N> & { companyId: string } {
    if (!isQueueName(name)) throw new AppError('job.unknown_queue', `There is no job queue named "${String(name)}"`);
    this.#assertStarted();
    const parsed = jobSchemas[name].safeParse(payload);
    if (!parsed.success) {
      throw new AppError('job.invalid_payload', `The ${name} job payload is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ')}`, {
        status: 400,
        details: { queue: name, issues: parsed.error.issues },
      });
    }
    return parsed.data as JobPayload<N> & { companyId: string };
  }

  /**
   * Tells the workers a job is there: this process's loops at once (or, for a job sent inside an
   * app transaction, right after its commit), other processes through NOTIFY on PostgreSQL —
   * queued in the same transaction, so it is delivered at commit, never for a rollback.
   */
  async #announce(name: string, tx: JobSqlExecutor | undefined): Promise<void> {
    if (this.#kind === 'postgres') await notifyWorkers(tx ?? this.#db, this.schema, [name]);
    if (!tx) this.#wakeLocal(name);
    else tx.afterCommit?.(() => this.#wakeLocal(name));
  }

  async #insert(name: QueueName, data: object, options: SendOptions): Promise<string | null> {
    const db = options.tx ?? this.#db;
    let id: string | undefined;
    if (options.singletonKey) {
      // pg-boss 10 dedupes a singletonKey only with time slots or special queue policies; a job
      // id derived from the key dedupes for as long as the job is kept (job table, then archive)
      id = deterministicJobId(`${name}\u0000${options.singletonKey}`);
      const archived = await db.executeSql(`SELECT 1 FROM ${this.schema}.archive WHERE name = $1 AND id = $2`, [name, id]);
      if (archived.rows.length > 0) return null;
    }
    return this.#boss.send(name, data, {
      ...(id ? { id, singletonKey: options.singletonKey } : {}),
      ...(options.startAfter !== undefined ? { startAfter: options.startAfter } : {}),
      ...(options.tx ? { db: options.tx as PgBoss.Db } : {}),
    });
  }

  /** Registers the handler of a queue (worker role). The handler gets the parsed payload. */
  work<N extends QueueName>(name: N, handler: JobHandler<JobPayload<N>>, options: WorkOptions = {}): void {
    if (!isQueueName(name)) throw new AppError('job.unknown_queue', `There is no job queue named "${String(name)}"`);
    if (!this.workers) return; // the API role registers nothing: handlers run in worker processes
    if (this.#workers.some((worker) => worker.queue === name)) throw new AppError('job.duplicate_handler', `A handler for ${name} is already registered`);
    const concurrency = Math.max(1, options.concurrency ?? this.#policies[name].concurrency);
    for (let slot = 0; slot < concurrency; slot++) {
      const worker = new QueueWorker(name, jobSchemas[name] as unknown as z.ZodType<JobPayload<N>>, handler, this.#deps);
      this.#workers.push(worker as QueueWorker<unknown>);
      if (this.#state === 'started') worker.start();
    }
  }

  /**
   * A per-company schedule, e.g. `schedule('report.weekly', '0 9 * * 1', { companyId }, { tz: 'Europe/Moscow' })`
   * for Mondays 09:00 Moscow time. Calling it again replaces the schedule with the same key.
   */
  async schedule<N extends QueueName>(name: N, cron: string, payload: JobPayloadInput<N>, options: ScheduleOptions): Promise<CompanySchedule> {
    this.#assertStarted();
    if (!isQueueName(name)) throw new AppError('job.unknown_queue', `There is no job queue named "${String(name)}"`);
    const parsed = jobSchemas[name].safeParse(payload);
    if (!parsed.success) throw new AppError('job.invalid_payload', `The ${name} schedule payload is invalid: ${parsed.error.message}`, { status: 400 });
    const data = parsed.data as { companyId: string };
    return this.#schedules.upsert({ queue: name, key: options.key ?? data.companyId, companyId: data.companyId, cron, tz: options.tz, payload: data }, new Date());
  }

  async unschedule(name: QueueName, key: string): Promise<boolean> {
    this.#assertStarted();
    return this.#schedules.remove(name, key);
  }

  async schedules(companyId?: string): Promise<CompanySchedule[]> {
    this.#assertStarted();
    return this.#schedules.list(companyId);
  }

  /** Sends the schedules due at `now`; the every-minute tick calls it. Returns how many jobs it sent. */
  async runDueSchedules(now: Date = new Date()): Promise<number> {
    this.#assertStarted();
    return this.#runDueSchedules(now);
  }

  // the tick handler calls this directly: it may still be finishing while stop() drains the workers
  async #runDueSchedules(now: Date): Promise<number> {
    let sent = 0;
    for (const { schedule, jobId } of await this.#schedules.due(now)) {
      const parsed = isQueueName(schedule.queue) ? jobSchemas[schedule.queue].safeParse(schedule.payload) : undefined;
      if (parsed?.success) {
        if (await this.#boss.send(schedule.queue, parsed.data, { id: jobId })) sent++;
      } else {
        this.#logger.error('schedule payload no longer valid; skipped', { queue: schedule.queue, key: schedule.key, companyId: schedule.companyId });
      }
      await this.#schedules.advance(schedule, now);
    }
    return sent;
  }

  /** Failed jobs (all retries used), newest first, for the app's "failed jobs" view. */
  async failedJobs(companyId?: string, options: { limit?: number } = {}): Promise<FailedJob[]> {
    this.#assertStarted();
    return listFailedJobs(this.#db, this.schema, companyId, options.limit);
  }

  /** Runs a failed job again (one more attempt). False when the job is not failed (or unknown). */
  async retry(jobId: string): Promise<boolean> {
    this.#assertStarted();
    if (!z.uuid().safeParse(jobId).success) return false;
    const found = await this.#db.executeSql(`SELECT name FROM ${this.schema}.job WHERE id = $1 AND state = 'failed'`, [jobId]);
    const name = (found.rows[0] as { name: string } | undefined)?.name;
    if (!name) return false;
    const result = (await this.#boss.retry(name, jobId)) as unknown as { affected: number };
    if (result.affected > 0) await this.#announce(name, undefined);
    return result.affected > 0;
  }

  async findJob(jobId: string): Promise<JobSummary | null> {
    this.#assertStarted();
    return findJobById(this.#db, this.schema, jobId);
  }

  /** Job counts by state per queue (queue depth for Prometheus). */
  async stats(): Promise<Record<QueueName, QueueCounts>> {
    this.#assertStarted();
    // countStates exists in pg-boss 10 (src/boss.js) but its types.d.ts omits it
    return countsByQueue(await (this.#boss as unknown as { countStates(): Promise<PgBoss.MonitorStates> }).countStates());
  }

  #assertStarted(): void {
    // before start() pg-boss's own pool is not open yet (PostgreSQL), after stop() it is closed
    if (this.#state !== 'started') throw new AppError('job.not_started', 'The job queue is not running: call start() first', { status: 503, retryable: true });
  }

  /** Every loop of the queue (or of all queues, for null) skips its wait. */
  #wakeLocal(name: string | null): void {
    for (const worker of this.#workers) if (name === null || worker.queue === name) worker.wake();
  }

  /** Resolves when every loop of the queue in this process waits for work (tests, drains). */
  async idle(name: QueueName): Promise<void> {
    await Promise.all(this.#workers.filter((worker) => worker.queue === name).map((worker) => worker.idle()));
  }

  /**
   * Exactly one process owns a PGlite database, so a job still `active` when it starts was left
   * by a crash of this app. Failing it now retries it at once instead of after its expiry.
   */
  async #recoverOrphans(): Promise<void> {
    const result = await this.#db.executeSql(`SELECT name, id FROM ${this.schema}.job WHERE state = 'active' AND name = ANY($1::text[])`, [queueNames]);
    for (const row of result.rows as Array<{ name: string; id: string }>) {
      await this.#boss.fail(row.name, row.id, { message: 'The app stopped while the job was running; retrying' });
    }
  }
}

async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), ms); });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
