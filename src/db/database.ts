// Opens the one database Mentor uses: embedded PGlite in the data folder by default, PostgreSQL
// when DATABASE_URL is set. Both get the same drizzle schema and the same migrations.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { AppError } from '../domain/errors.ts';
import { acquireFolderLock, type FolderLock } from './pglite-lock.ts';
import { namingPgClient, pgliteWithPreparedStatements } from './prepared-statements.ts';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** A drizzle handle or a transaction on it; the same type for both engines. */
export type AppDb = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_FOLDER = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'drizzle');

interface DatabaseBase {
  db: AppDb;
  /** a short description safe to log */
  description: string;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
export interface PgliteDatabase extends DatabaseBase {
  kind: 'pglite';
  pglite: PGlite;
}
export interface PostgresDatabase extends DatabaseBase {
  kind: 'postgres';
  pool: pg.Pool;
  connectionString: string;
}
export type Database = PgliteDatabase | PostgresDatabase;

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** folder for the embedded database; ignored with databaseUrl */
  dataDir?: string;
  /** embedded database in memory (tests) */
  memory?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<PgliteDatabase> {
  let lock: FolderLock | undefined;
  let pglite: PGlite;
  let description = 'PGlite (in memory)';
  if (options.memory || !options.dataDir) {
    pglite = new PGlite();
  } else {
    const folder = join(options.dataDir, 'pglite');
    mkdirSync(options.dataDir, { recursive: true });
    lock = acquireFolderLock(join(options.dataDir, 'pglite.lock'), folder);
    description = `PGlite (${folder})`;
    try {
      pglite = new PGlite(folder);
      await pglite.waitReady;
    } catch (error) {
      lock.release();
      throw new AppError('database.open_failed', `Could not open the embedded database in ${folder}: ${(error as Error).message}`, { status: 503, cause: error });
    }
  }
  // repeated statements run as named prepared statements (src/db/prepared-statements.ts)
  const db = drizzlePglite({ client: pgliteWithPreparedStatements(pglite) as PGlite, schema }) as unknown as AppDb;
  return {
    kind: 'pglite',
    pglite,
    db,
    description,
    migrate: async () => {
      await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: async () => {
      await pglite.query('select 1');
    },
    close: async () => {
      try {
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(connectionString: string): Promise<PostgresDatabase> {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 5000, Client: namingPgClient() });
  // an idle client's network error must not crash the process; the next query reports it
  pool.on('error', () => undefined);
  const safe = redactUrl(connectionString);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new AppError('database.unreachable', `Cannot connect to PostgreSQL at ${safe}: ${(error as Error).message}. Check DATABASE_URL and that the server is running.`, {
      status: 503,
      retryable: true,
      cause: error,
    });
  }
  const db = drizzlePg(pool, { schema }) as unknown as AppDb;
  return {
    kind: 'postgres',
    pool,
    connectionString,
    db,
    description: `PostgreSQL (${safe})`,
    migrate: async () => {
      await migratePg(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: async () => {
      await pool.end();
    },
  };
}

/** postgres://user:secret@host/db → postgres://user:***@host/db */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid URL';
  }
}
