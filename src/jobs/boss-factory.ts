// Builds a pg-boss instance on either database engine. On PostgreSQL pg-boss owns a small pool
// of its own; on PGlite it gets a `db` adapter that runs its SQL on the app's one PGlite
// instance. pg-boss's tables live in their own schema (`pgboss` by default).
//
// PGlite adapter rules, learned from pg-boss 10's source (src/plans.js, src/contractor.js):
// - statements with values go through `pglite.query` (extended protocol, one statement);
// - parameterless text goes through `exec` (simple protocol, several statements) and returns
//   what `pg` returns: one result for one statement, an array of every statement's result for
//   several — pg-boss reads `.rows` from single-statement, parameterless queries (countStates,
//   getSchedules, getQueues, versionTableExists);
// - pg-boss wraps installs, migrations and maintenance in `BEGIN; …; COMMIT;` inside ONE text.
//   PGlite is a single connection: if such a text fails half way (pg-boss even swallows the
//   "already exists" race on install), the session stays in an aborted transaction and every
//   later query of the whole app fails. So that text runs inside `pglite.transaction()`, which
//   holds PGlite's transaction mutex for the whole text and rolls back on error before anyone
//   else can use the connection.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { param, type SQL, sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import { afterCommit } from '../db/tenant.ts';

export type BossTarget =
  | { kind: 'pglite'; pglite: PGlite; schema?: string }
  | { kind: 'postgres'; connectionString: string; schema?: string; maxConnections?: number };

/** The one method pg-boss calls on a database; also what `send(…, { tx })` accepts. */
export interface JobSqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * Inside an app transaction: runs `hook` after it commits (false when it cannot), so the queue
   * wakes its workers when a job sent in the transaction becomes visible.
   */
  afterCommit?(hook: () => void): boolean;
}

/** Intervals pg-boss uses for its own housekeeping; tests shorten them. */
export interface BossTuning {
  /** how often expired active jobs are failed (and so retried) and old jobs archived; default 60 */
  maintenanceIntervalSeconds?: number;
  /** run maintenance and cron in this process (the worker role); default true */
  supervise?: boolean;
  /** completed jobs move to the archive after this long; default 12 h */
  archiveCompletedAfterSeconds?: number;
  /** failed jobs stay visible in the job table this long before the archive; default 30 days */
  archiveFailedAfterSeconds?: number;
  /** how often this process checks pg-boss's cron table; default 30, pg-boss allows 1…45 */
  cronMonitorIntervalSeconds?: number;
}

export interface BossBundle {
  boss: PgBoss;
  schema: string;
  kind: BossTarget['kind'];
  /** executes SQL the way pg-boss does (pg-boss's pool or the PGlite adapter) */
  db: JobSqlExecutor;
}

export const DEFAULT_BOSS_SCHEMA = 'pgboss';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,49}$/;

export function createBoss(target: BossTarget, tuning: BossTuning = {}): BossBundle {
  const schema = target.schema ?? DEFAULT_BOSS_SCHEMA;
  // the schema is spliced into SQL text by pg-boss and by us: accept only plain identifiers
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid job schema name "${schema}": use lower-case letters, digits and _`);
  const supervise = tuning.supervise ?? true;
  const common = {
    schema,
    supervise,
    schedule: supervise,
    migrate: true,
    maintenanceIntervalSeconds: tuning.maintenanceIntervalSeconds ?? 60,
    archiveCompletedAfterSeconds: tuning.archiveCompletedAfterSeconds ?? 12 * 3600,
    archiveFailedAfterSeconds: tuning.archiveFailedAfterSeconds ?? 30 * 24 * 3600,
    cronMonitorIntervalSeconds: tuning.cronMonitorIntervalSeconds ?? 30,
    cronWorkerIntervalSeconds: 5,
    // the app polls through its own loops (JobQueue); this only paces pg-boss's internal cron worker
    pollingIntervalSeconds: 2,
  };
  if (target.kind === 'pglite') {
    const db = pgliteExecutor(target.pglite);
    const boss = new PgBoss({ ...common, db: db as PgBoss.Db });
    return { boss, schema, kind: 'pglite', db };
  }
  const boss = new PgBoss({
    ...common,
    connectionString: target.connectionString,
    max: target.maxConnections ?? 4,
    application_name: 'mentor-jobs',
  });
  return { boss, schema, kind: 'postgres', db: boss.getDb() as JobSqlExecutor };
}

const STARTS_TRANSACTION = /^\s*BEGIN\s*;/i;

/** pg-boss's `db` option on a PGlite instance (see the header for why it looks like this). */
export function pgliteExecutor(pglite: PGlite): JobSqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return pglite.query(text, values);
      const results = STARTS_TRANSACTION.test(text)
        // BEGIN inside the wrapper only warns; the text's own COMMIT commits, and the wrapper's
        // COMMIT is then a no-op. On error the wrapper's ROLLBACK clears the aborted session.
        ? await pglite.transaction((tx) => tx.exec(text))
        : await pglite.exec(text);
      return pgShaped(results);
    },
  };
}

/**
 * Runs pg-boss statements inside a transaction the app already holds on PGlite, so a job is
 * sent atomically with the app's rows. Without it, `send` from inside `pglite.transaction()`
 * waits for the mutex the transaction holds: a deadlock.
 */
export function pgliteTransactionExecutor(tx: Transaction): JobSqlExecutor {
  return {
    async executeSql(text, values) {
      if (values && values.length > 0) return tx.query(text, values);
      return pgShaped(await tx.exec(text));
    },
  };
}

/** A `pg` client (or pool) inside the app's transaction on PostgreSQL. */
export function pgClientExecutor(client: { query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> }): JobSqlExecutor {
  return { executeSql: (text, values) => client.query(text, values) };
}

/**
 * The app's drizzle transaction (withTenant/asSystem) on either engine. pg-boss writes `$n`
 * placeholders; they become drizzle parameters. Inside withTenant the transaction runs as the
 * app role, which needs JobQueue's `appRole` grants on the job schema.
 */
export function drizzleExecutor(tx: { execute(query: SQL): Promise<unknown> }): JobSqlExecutor {
  return {
    afterCommit: (hook) => afterCommit(tx, hook),
    async executeSql(text, values = []) {
      const parts = text.split(/\$(\d+)/);
      const chunks = parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${param(values[Number(part) - 1])}`));
      const result = await tx.execute(sql.join(chunks));
      return { rows: Array.isArray(result) ? result : (result as { rows: unknown[] }).rows };
    },
  };
}

function pgShaped(results: Array<{ rows: unknown[] }>): { rows: unknown[] } {
  if (results.length === 1) return results[0]!;
  // `pg` answers a multi-statement text with an array of results; keep every one of them
  return Object.assign([...results], { rows: results.at(-1)?.rows ?? [] }) as unknown as { rows: unknown[] };
}
