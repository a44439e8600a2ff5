// Per-company schedules ("report.weekly every Monday 09:00 in the company's time zone").
//
// pg-boss 10 stores one schedule per queue name (its `schedule` table's key is the queue), so it
// cannot hold one schedule per company. We keep the schedules in a small table next to pg-boss's
// (same schema, so it travels with the jobs) and let one pg-boss cron job fire every minute; the
// worker that receives it sends the due jobs. Each firing gets a job id derived from
// (queue, key, due time), and the next due time moves forward with a compare-and-set, so two
// workers ticking at once still send each firing exactly once, without holding locks.
import { createHash } from 'node:crypto';
import cronParser from 'cron-parser';
import { AppError } from '../domain/errors.ts';
import type { JobSqlExecutor } from './boss-factory.ts';

export interface CompanySchedule {
  queue: string;
  /** one schedule per (queue, key); the key defaults to the company id */
  key: string;
  companyId: string;
  cron: string;
  tz: string;
  payload: Record<string, unknown>;
  nextRunAt: Date;
}

export interface DueFiring {
  schedule: CompanySchedule;
  /** deterministic id for this firing, so a duplicate tick cannot send it twice */
  jobId: string;
}

export function scheduleTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${schema}.company_schedule (
    queue text NOT NULL,
    key text NOT NULL,
    company_id uuid NOT NULL,
    cron text NOT NULL,
    tz text NOT NULL,
    payload jsonb NOT NULL,
    next_run_at timestamptz NOT NULL,
    created_on timestamptz NOT NULL DEFAULT now(),
    updated_on timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (queue, key)
  )`;
}

/** Next time the cron fires strictly after `after`, in the schedule's time zone. */
export function nextRun(cron: string, tz: string, after: Date): Date {
  try {
    return cronParser.parseExpression(cron, { tz, currentDate: after }).next().toDate();
  } catch (error) {
    throw new AppError('job.invalid_schedule', `Cannot read the schedule "${cron}" in time zone "${tz}": ${(error as Error).message}. Use 5-field cron, e.g. "0 9 * * 1" for Mondays 09:00, and an IANA zone such as Europe/Moscow.`, { status: 400, cause: error });
  }
}

export function assertTimeZone(tz: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch (error) {
    throw new AppError('job.invalid_schedule', `Unknown time zone "${tz}": use an IANA name such as Europe/Moscow or Asia/Novosibirsk.`, { status: 400, cause: error });
  }
}

/** A UUID (version 8, RFC 9562 "custom") derived from text: same text, same id. */
export function deterministicJobId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export class ScheduleStore {
  readonly #db: JobSqlExecutor;
  readonly #schema: string;

  constructor(db: JobSqlExecutor, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  async install(): Promise<void> {
    await this.#db.executeSql(scheduleTableSql(this.#schema));
  }

  async upsert(schedule: Omit<CompanySchedule, 'nextRunAt'>, now: Date): Promise<CompanySchedule> {
    assertTimeZone(schedule.tz);
    const nextRunAt = nextRun(schedule.cron, schedule.tz, now);
    await this.#db.executeSql(
      `INSERT INTO ${this.#schema}.company_schedule (queue, key, company_id, cron, tz, payload, next_run_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
       ON CONFLICT (queue, key) DO UPDATE SET company_id = EXCLUDED.company_id, cron = EXCLUDED.cron, tz = EXCLUDED.tz,
         payload = EXCLUDED.payload, next_run_at = EXCLUDED.next_run_at, updated_on = now()`,
      [schedule.queue, schedule.key, schedule.companyId, schedule.cron, schedule.tz, JSON.stringify(schedule.payload), nextRunAt.toISOString()],
    );
    return { ...schedule, nextRunAt };
  }

  async remove(queue: string, key: string): Promise<boolean> {
    const result = await this.#db.executeSql(`DELETE FROM ${this.#schema}.company_schedule WHERE queue = $1 AND key = $2 RETURNING key`, [queue, key]);
    return result.rows.length > 0;
  }

  async list(companyId?: string): Promise<CompanySchedule[]> {
    const select = `SELECT queue, key, company_id, cron, tz, payload, next_run_at FROM ${this.#schema}.company_schedule`;
    const result = companyId
      ? await this.#db.executeSql(`${select} WHERE company_id = $1 ORDER BY queue, key`, [companyId])
      : await this.#db.executeSql(`${select} ORDER BY queue, key`, []);
    return result.rows.map((row) => toSchedule(row as ScheduleRow));
  }

  async due(now: Date): Promise<DueFiring[]> {
    const result = await this.#db.executeSql(
      `SELECT queue, key, company_id, cron, tz, payload, next_run_at FROM ${this.#schema}.company_schedule WHERE next_run_at <= $1 ORDER BY next_run_at LIMIT 500`,
      [now.toISOString()],
    );
    return result.rows.map((row) => {
      const schedule = toSchedule(row as ScheduleRow);
      return { schedule, jobId: deterministicJobId(`schedule:${schedule.queue}:${schedule.key}:${schedule.nextRunAt.toISOString()}`) };
    });
  }

  /**
   * Moves the schedule to its next run after `now` (missed runs while the app was down collapse
   * into the one just sent). False when another worker already advanced it. Compared at
   * millisecond precision: that is what a JavaScript Date carries back from a timestamptz.
   */
  async advance(schedule: CompanySchedule, now: Date): Promise<boolean> {
    const next = nextRun(schedule.cron, schedule.tz, now);
    const result = await this.#db.executeSql(
      `UPDATE ${this.#schema}.company_schedule SET next_run_at = $3, updated_on = now() WHERE queue = $1 AND key = $2 AND date_trunc('milliseconds', next_run_at) = $4 RETURNING key`,
      [schedule.queue, schedule.key, next.toISOString(), schedule.nextRunAt.toISOString()],
    );
    return result.rows.length > 0;
  }
}

interface ScheduleRow {
  queue: string;
  key: string;
  company_id: string;
  cron: string;
  tz: string;
  payload: Record<string, unknown>;
  next_run_at: Date | string;
}

function toSchedule(row: ScheduleRow): CompanySchedule {
  return {
    queue: row.queue,
    key: row.key,
    companyId: row.company_id,
    cron: row.cron,
    tz: row.tz,
    payload: row.payload,
    nextRunAt: new Date(row.next_run_at),
  };
}
