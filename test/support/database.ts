// Test databases on both engines: PGlite in memory, and a fresh PostgreSQL database per test file
// (dropped afterwards). PostgreSQL comes from MENTOR_TEST_DATABASE_URL or the local server at
// 127.0.0.1:5432; where neither answers the PostgreSQL variants are skipped — except under CI,
// where a missing PostgreSQL is a failure.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/database.ts';

export type EngineKind = 'pglite' | 'postgres';

const ADMIN_URL = process.env.MENTOR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let postgresAvailable: Promise<boolean> | undefined;

export function isPostgresAvailable(): Promise<boolean> {
  postgresAvailable ??= (async () => {
    const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.end();
      return true;
    } catch (error) {
      if (process.env.CI) throw new Error(`PostgreSQL is required under CI but ${ADMIN_URL} does not answer: ${(error as Error).message}`, { cause: error });
      return false;
    }
  })();
  return postgresAvailable;
}

/** The engines to run integration tests on, with a skip reason for the missing ones. */
export async function engines(): Promise<{ kind: EngineKind; skip: string | false }[]> {
  const hasPg = await isPostgresAvailable();
  return [
    { kind: 'pglite', skip: false },
    { kind: 'postgres', skip: hasPg ? false : 'PostgreSQL is not reachable at 127.0.0.1:5432 (set MENTOR_TEST_DATABASE_URL)' },
  ];
}

export interface TestDatabase {
  database: Database;
  /** a connection string for extra processes (PostgreSQL only) */
  url?: string;
  drop(): Promise<void>;
}

/** `pgliteDir`: keep PGlite in that data folder (as `npm start` does) instead of memory. */
export async function createTestDatabase(kind: EngineKind, options: { pgliteDir?: string } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const database = await openDatabase(options.pgliteDir ? { dataDir: options.pgliteDir } : { memory: true });
    await database.migrate();
    return { database, drop: () => database.close() };
  }
  const name = `mentor_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await database.migrate();
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const again = new pg.Client({ connectionString: ADMIN_URL });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
}
