// What the app shows about jobs: failed ones (all retries used), one job's state, counts per
// queue for metrics. Read straight from pg-boss's job table.
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { JobSqlExecutor } from './boss-factory.ts';
import { type QueueName, queueNames } from './queues.ts';

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

export async function listFailedJobs(db: JobSqlExecutor, schema: string, companyId: string | undefined, requestedLimit: number | undefined): Promise<FailedJob[]> {
  const limit = Math.min(Math.max(1, requestedLimit ?? 100), 1000);
  const filter = companyId ? `AND data->>'companyId' = $3` : '';
  const result = await db.executeSql(
    `SELECT id, name, data, output, retry_count, created_on, completed_on FROM ${schema}.job
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

export async function findJobById(db: JobSqlExecutor, schema: string, jobId: string): Promise<JobSummary | null> {
  if (!z.uuid().safeParse(jobId).success) return null;
  const result = await db.executeSql(`SELECT id, name, state, retry_count, data, output FROM ${schema}.job WHERE id = $1`, [jobId]);
  const row = result.rows[0] as { id: string; name: string; state: JobSummary['state']; retry_count: number; data: { companyId?: string } | null; output: unknown } | undefined;
  if (!row) return null;
  return { id: row.id, queue: row.name, state: row.state, attempts: row.retry_count + 1, companyId: row.data?.companyId ?? null, output: row.output };
}

/** pg-boss's countStates() as counts per app queue, with the depth (waiting jobs). */
export function countsByQueue(states: PgBoss.MonitorStates): Record<QueueName, QueueCounts> {
  return Object.fromEntries(queueNames.map((name) => {
    const counts = states.queues[name];
    const value = (state: keyof PgBoss.MonitorState) => Number(counts?.[state] ?? 0);
    return [name, { created: value('created'), retry: value('retry'), active: value('active'), completed: value('completed'), cancelled: value('cancelled'), failed: value('failed'), depth: value('created') + value('retry') }];
  })) as Record<QueueName, QueueCounts>;
}
