// Both database engines for the job tests: one in-memory PGlite per test file and the local
// PostgreSQL test database. Every JobQueue gets a fresh schema (pgboss_t_<random>) that the test
// drops afterwards, so runs never see each other's jobs.
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { JobQueue, type JobQueueOptions } from '../../src/jobs/job-queue.ts';
import type { BossTarget } from '../../src/jobs/boss-factory.ts';
import type { QueueName, QueuePolicy } from '../../src/jobs/queues.ts';

export const TEST_DATABASE_URL = process.env.MENTOR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface JobEngine {
  name: 'pglite' | 'postgres';
  target(schema: string): BossTarget;
  /** runs SQL on the engine outside pg-boss (assertions, side-effect tables) */
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** the PGlite instance (PGlite engine only) */
  pglite?: PGlite;
  /** a pg pool on the test database (PostgreSQL engine only) */
  pool?: pg.Pool;
  dropSchema(schema: string): Promise<void>;
  close(): Promise<void>;
}

export function randomSchema(): string {
  return `pgboss_t_${randomBytes(5).toString('hex')}`;
}

export async function openPgliteEngine(): Promise<JobEngine> {
  const pglite = new PGlite();
  await pglite.waitReady;
  return {
    name: 'pglite',
    pglite,
    target: (schema) => ({ kind: 'pglite', pglite, schema }),
    query: async <T>(text: string, values?: unknown[]) => (await pglite.query<T>(text, values)).rows,
    dropSchema: async (schema) => {
      await pglite.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
    close: () => pglite.close(),
  };
}

export async function openPostgresEngine(): Promise<JobEngine> {
  const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 4 });
  pool.on('error', () => undefined);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new Error(`The job tests need PostgreSQL at ${TEST_DATABASE_URL} (set MENTOR_TEST_DATABASE_URL): ${(error as Error).message}`, { cause: error });
  }
  return {
    name: 'postgres',
    pool,
    target: (schema) => ({ kind: 'postgres', connectionString: TEST_DATABASE_URL, schema, maxConnections: 4 }),
    query: async <T>(text: string, values?: unknown[]) => (await pool.query(text, values)).rows as T[],
    dropSchema: async (schema) => {
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
    close: () => pool.end(),
  };
}

/** Short delays and expiries so retries finish within seconds. */
export function fastPolicies(overrides: Partial<QueuePolicy> = {}): Partial<Record<QueueName, Partial<QueuePolicy>>> {
  const fast: Partial<QueuePolicy> = { retryLimit: 2, retryDelaySeconds: 1, retryBackoff: true, expireInSeconds: 30, concurrency: 1, ...overrides };
  return {
    'call.intake': fast,
    'call.ingest': fast,
    'call.transcribe': fast,
    'call.analyse': fast,
    'call.recommend': fast,
    'recommendation.verify': fast,
    'report.weekly': fast,
    'notification.send': fast,
  };
}

export function quietLogger(): JobQueueOptions['logger'] & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    error: (message, fields) => lines.push(`error ${message} ${JSON.stringify(fields)}`),
    warn: (message, fields) => lines.push(`warn ${message} ${JSON.stringify(fields)}`),
  };
}

/** A started JobQueue on a fresh schema; `dispose` stops it and drops the schema. */
export async function startJobQueue(engine: JobEngine, options: Partial<JobQueueOptions> = {}, schema = randomSchema()): Promise<{ jobs: JobQueue; schema: string; dispose(): Promise<void> }> {
  const jobs = new JobQueue({
    target: engine.target(schema),
    pollingIntervalMs: 100,
    policies: fastPolicies(),
    tuning: { maintenanceIntervalSeconds: 1 },
    logger: quietLogger(),
    stopTimeoutMs: 5000,
    ...options,
  });
  await jobs.start();
  return {
    jobs,
    schema,
    dispose: async () => {
      try {
        await jobs.stop();
      } finally {
        await engine.dropSchema(schema);
      }
    },
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(50);
  }
}
