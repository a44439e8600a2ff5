// Where the report's time goes, query by query, on PostgreSQL and PGlite with the same data: runs
// each endpoint's service in-process (no HTTP, one request at a time), records the SQL it sends,
// then replays every statement inside a tenant transaction, timed, and prints its plan with
// EXPLAIN (ANALYZE) on request. Figures are medians over several companies.
// Usage: node bench/report-profile.ts [--calls N] [--engines postgres,pglite] [--companies N] [--explain]
//   [--rounds N] [--warmup SECONDS] [--keep DIR] (PGlite folder / PostgreSQL database name kept between runs to skip the fill)
import { existsSync, mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql, type Logger } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { openDatabase, type AppDb, type Database } from '../src/db/database.ts';
import * as schema from '../src/db/schema/index.ts';
import { withTenant } from '../src/db/tenant.ts';
import { buildMainReport } from '../src/reports/report.service.ts';
import { listManagers } from '../src/reports/managers.service.ts';
import { BENCH_ADMIN_URL, benchEnvironment, machineLine, backendsCpuDelta, postgresBackendsCpu, summarize } from './support.ts';
import { completePeriods, fillReportData } from './report-data.ts';

const { values } = parseArgs({ options: {
  calls: { type: 'string', default: '100000' },
  engines: { type: 'string', default: 'postgres,pglite' },
  companies: { type: 'string', default: '5' },
  rounds: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  explain: { type: 'boolean', default: false },
  keep: { type: 'string' },
} });
const CALLS = Number(values.calls);
const COMPANY_COUNT = Number(values.companies);
const ROUNDS = Number(values.rounds);
const WARMUP_SECONDS = Number(values.warmup);

class Recorder implements Logger {
  queries: { query: string; params: unknown[] }[] = [];
  logQuery(query: string, params: unknown[]): void {
    this.queries.push({ query, params });
  }
}

type Endpoint = { name: string; run(db: AppDb, companyId: string): Promise<unknown> };
// complete periods, as in bench/report.bench.ts: the previous month and week
const { lastMonth, lastWeek } = completePeriods();
const ENDPOINTS: Endpoint[] = [
  { name: `report month at ${lastMonth}`, run: (db, id) => buildMainReport(db, id, { kind: 'month', at: lastMonth }) },
  { name: `report week at ${lastWeek}`, run: (db, id) => buildMainReport(db, id, { kind: 'week', at: lastWeek }) },
  { name: `managers month at ${lastMonth}`, run: (db, id) => listManagers(db, id, { kind: 'month', at: lastMonth }) },
];

/** A database filled once: a fresh one, or the one kept under --keep. */
async function open(engine: 'pglite' | 'postgres'): Promise<{ database: Database; cleanup(): Promise<void> }> {
  if (values.keep) {
    const name = `${values.keep.replace(/\W/g, '_')}_${CALLS}`;
    let env: Record<string, string>;
    let fresh: boolean;
    if (engine === 'pglite') {
      const dir = `/tmp/${name}`;
      fresh = !existsSync(dir);
      mkdirSync(dir, { recursive: true });
      env = { MENTOR_DATA_DIR: dir };
    } else {
      const admin = new pg.Client({ connectionString: BENCH_ADMIN_URL });
      await admin.connect();
      fresh = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 0;
      if (fresh) await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(BENCH_ADMIN_URL);
      url.pathname = `/${name}`;
      env = { DATABASE_URL: url.toString() };
    }
    if (fresh) console.log(`${engine}: filled ${CALLS} calls in ${(await fillReportData(env, CALLS)).toFixed(0)} s`);
    const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.MENTOR_DATA_DIR! });
    await database.migrate();
    return { database, cleanup: () => database.close() };
  }
  const { env, cleanup } = await benchEnvironment(engine, 'mentor-rprofile');
  console.log(`${engine}: filled ${CALLS} calls in ${(await fillReportData(env, CALLS)).toFixed(0)} s`);
  const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.MENTOR_DATA_DIR! });
  return { database, cleanup: async () => { await database.close(); await cleanup(); } };
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

async function profile(engine: 'pglite' | 'postgres'): Promise<void> {
  const { database, cleanup } = await open(engine);
  try {
    const recorder = new Recorder();
    const logged = (database.kind === 'pglite' ? drizzlePglite(database.pglite, { schema, logger: recorder }) : drizzlePg(database.pool, { schema, logger: recorder })) as unknown as AppDb;
    const companies = (await database.db.execute(sql`select id from companies where slug like 'bench-%' order by slug limit ${COMPANY_COUNT}`)) as unknown as { rows: { id: string }[] };
    const ids = companies.rows.map((row) => row.id);
    const pool = database.kind === 'postgres' ? database.pool : undefined;
    const dbName = pool ? new URL(database.kind === 'postgres' ? database.connectionString : '').pathname.slice(1) : '';
    const backends = pool ? () => postgresBackendsCpu((text, values) => pool.query(text, values), dbName) : undefined;
    // Warm-up before any figure: V8 compiles PGlite's WebAssembly in tiers (baseline first, optimized
    // code for hot functions in background threads over the first seconds), and every company's
    // pages are read once. Without it the first endpoint measured pays for both.
    for (const warmUntil = performance.now() + WARMUP_SECONDS * 1000; performance.now() < warmUntil;) {
      for (const endpoint of ENDPOINTS) for (const id of ids) await endpoint.run(database.db, id);
    }
    for (const endpoint of ENDPOINTS) {
      const wall: number[] = [];
      const cpuStart = process.cpuUsage();
      const dbStart = backends ? await backends() : new Map<number, number>();
      for (let round = 0; round < ROUNDS; round++) {
        for (const id of ids) {
          const started = performance.now();
          await endpoint.run(database.db, id);
          wall.push(performance.now() - started);
        }
      }
      const processCpu = cpuMs(cpuStart) / wall.length;
      const dbCpu = backends ? backendsCpuDelta(dbStart, await backends()) / wall.length : 0;
      // one recorded run, then each of its statements replayed alone, timed per company
      recorder.queries = [];
      await endpoint.run(logged, ids[0]!);
      const statements = recorder.queries.filter((q) => !q.query.startsWith('select set_config') && !/^(begin|commit)/i.test(q.query));
      const cpu = backends ? `CPU per request: Node ${processCpu.toFixed(1)} ms + PostgreSQL ${dbCpu.toFixed(1)} ms` : `CPU per request ${processCpu.toFixed(1)} ms (Node and PGlite)`;
      console.log(`\n${engine} ${CALLS} calls · ${endpoint.name}: wall p50 ${summarize(wall).p50.toFixed(1)} ms, p95 ${summarize(wall).p95.toFixed(1)} ms over ${wall.length} requests one at a time; ${cpu}; ${statements.length} statements`);
      for (const statement of statements) {
        const times: number[] = [];
        let plan = '';
        for (const id of ids) {
          const params = statement.params.map((p) => (p === ids[0] ? id : p));
          await withTenant(database.db, id, async (tx) => {
            const started = performance.now();
            await runRaw(database, tx, statement.query, params);
            times.push(performance.now() - started);
            if (values.explain && id === ids[0]) plan = await explain(database, tx, statement.query, params);
          });
        }
        console.log(`  ${summarize(times).p50.toFixed(2).padStart(7)} ms  ${statement.query.replace(/\s+/g, ' ').slice(0, 150)}`);
        if (plan) console.log(plan.split('\n').map((line) => `           ${line}`).join('\n'));
      }
    }
  } finally {
    await cleanup();
  }
}

type Tx = Parameters<Parameters<typeof withTenant>[2]>[0];

async function runRaw(database: Database, tx: Tx, query: string, params: unknown[]): Promise<unknown[]> {
  // drizzle's raw session runs a parameterised statement on either engine
  const session = (tx as unknown as { session: { client: { query(q: string, p: unknown[]): Promise<{ rows: unknown[] }> } } }).session;
  void database;
  return (await session.client.query(query, params)).rows;
}

async function explain(database: Database, tx: Tx, query: string, params: unknown[]): Promise<string> {
  const rows = (await runRaw(database, tx, `explain (analyze, costs off) ${query}`, params)) as { 'QUERY PLAN': string }[];
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

console.log(`report profile · ${machineLine()}`);
for (const engine of values.engines.split(',') as ('pglite' | 'postgres')[]) await profile(engine);
