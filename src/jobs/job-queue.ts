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
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';
import { type BossTarget, type BossTuning, createBoss, type JobSqlExecutor } from './boss-factory.ts';
import { type CompanySchedule, deterministicJobId, ScheduleStore } from './company-schedules.ts';
import { type JobHandler, type JobLogger, QueueWorker, type WorkerDeps } from './queue-worker.ts';
import { isQueueName, type JobPayload, type JobPayloadInput, jobSchemas, type QueueName, queueNames, type QueuePolicy, queuePolicies, SCHEDULE_TICK_QUEUE } from './queues.ts';

export type { JobContext, JobHandler, JobLogger } from './queue-worker.ts';

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

export interface FailedJob {
  id: string;
  queue: string;
  companyId: string | null;
  payload: unknown;
  error: { message: string; code?: string };
  attempts: number;
  createdAt: Date;
  failedAt: Date | null;
}

export interface JobSummary {
  id: string;
  queue: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  attempts: number;
  companyId: string | null;
  output: unknown;
}

export interface QueueCounts {
  created: number;
  retry: number;
  active: number;
  completed: number;
  cancelled: number;
  failed: number;
  /** waiting to run: created + retry */
  depth: number;
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
    if (!isQueueName(name)) throw new AppError('job.unknown_queue', `There is no job queue named "${String(name)}"`);
    this.#assertStarted();
    const parsed = jobSchemas[name].safeParse(payload);
    if (!parsed.success) {
      throw new AppError('job.invalid_payload', `The ${name} job payload is invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ')}`, {
        status: 400,
        details: { queue: name, issues: parsed.error.issues },
      });
    }
    // on PGlite, send() without { tx } from inside pglite.transaction() waits forever for the
    // mutex that transaction holds; say so instead of hanging silently
    const watchdog = this.#kind === 'pglite' && !options.tx
      ? setTimeout(() => this.#logger.warn('job send is waiting for the database: inside pglite.transaction() pass { tx } to send()', { queue: name, companyId: (parsed.data as { companyId: string }).companyId }), 10_000)
      : undefined;
    let sent: string | null;
    try {
      sent = await this.#insert(name, parsed.data, options);
    } finally {
      clearTimeout(watchdog);
    }
    // a job sent in the caller's transaction is invisible until it commits: no point in waking
    if (sent && !options.tx && options.startAfter === undefined) this.#wake(name);
    return sent;
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
    const limit = Math.min(Math.max(1, options.limit ?? 100), 1000);
    const filter = companyId ? `AND data->>'companyId' = $3` : '';
    const result = await this.#db.executeSql(
      `SELECT id, name, data, output, retry_count, created_on, completed_on FROM ${this.schema}.job
       WHERE state = 'failed' AND name = ANY($1::text[]) ${filter} ORDER BY completed_on DESC NULLS LAST LIMIT $2`,
      companyId ? [queueNames, limit, companyId] : [queueNames, limit],
    );
    return result.rows.map((raw) => {
      const row = raw as { id: string; name: string; data: { companyId?: string } | null; output: { message?: string; code?: string; value?: { message?: string } } | null; retry_count: number; created_on: Date; completed_on: Date | null };
      const message = row.output?.message ?? row.output?.value?.message ?? 'unknown error';
      return {
        id: row.id,
        queue: row.name,
        companyId: row.data?.companyId ?? null,
        payload: row.data,
        error: { message, ...(row.output?.code ? { code: row.output.code } : {}) },
        attempts: row.retry_count + 1,
        createdAt: new Date(row.created_on),
        failedAt: row.completed_on ? new Date(row.completed_on) : null,
      };
    });
  }

  /** Runs a failed job again (one more attempt). False when the job is not failed (or unknown). */
  async retry(jobId: string): Promise<boolean> {
    this.#assertStarted();
    if (!z.uuid().safeParse(jobId).success) return false;
    const found = await this.#db.executeSql(`SELECT name FROM ${this.schema}.job WHERE id = $1 AND state = 'failed'`, [jobId]);
    const name = (found.rows[0] as { name: string } | undefined)?.name;
    if (!name) return false;
    const result = (await this.#boss.retry(name, jobId)) as unknown as { affected: number };
    if (result.affected > 0) this.#wake(name);
    return result.affected > 0;
  }

  async findJob(jobId: string): Promise<JobSummary | null> {
    this.#assertStarted();
    if (!z.uuid().safeParse(jobId).success) return null;
    const result = await this.#db.executeSql(`SELECT id, name, state, retry_count, data, output FROM ${this.schema}.job WHERE id = $1`, [jobId]);
    const row = result.rows[0] as { id: string; name: string; state: JobSummary['state']; retry_count: number; data: { companyId?: string } | null; output: unknown } | undefined;
    if (!row) return null;
    return { id: row.id, queue: row.name, state: row.state, attempts: row.retry_count + 1, companyId: row.data?.companyId ?? null, output: row.output };
  }

  /** Job counts by state per queue (queue depth for Prometheus). */
  async stats(): Promise<Record<QueueName, QueueCounts>> {
    this.#assertStarted();
    // countStates exists in pg-boss 10 (src/boss.js) but its types.d.ts omits it
    const states = await (this.#boss as unknown as { countStates(): Promise<PgBoss.MonitorStates> }).countStates();
    return Object.fromEntries(queueNames.map((name) => {
      const counts = states.queues[name];
      const value = (state: keyof PgBoss.MonitorState) => Number(counts?.[state] ?? 0);
      return [name, { created: value('created'), retry: value('retry'), active: value('active'), completed: value('completed'), cancelled: value('cancelled'), failed: value('failed'), depth: value('created') + value('retry') }];
    })) as Record<QueueName, QueueCounts>;
  }

  #assertStarted(): void {
    // before start() pg-boss's own pool is not open yet (PostgreSQL), after stop() it is closed
    if (this.#state !== 'started') throw new AppError('job.not_started', 'The job queue is not running: call start() first', { status: 503, retryable: true });
  }

  #wake(name: string): void {
    this.#workers.find((worker) => worker.queue === name)?.wake();
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
