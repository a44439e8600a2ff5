// Report latency with realistic volumes: GET /api/v1/report and GET /api/v1/managers through the
// real server (a `mentor start` child process) under load, on PostgreSQL and on PGlite, with the
// PGlite/PostgreSQL ratio. Data is generated with SQL generate_series (calls with analyses and
// per-stage scores, clients, won deals with payments) into a fresh database.
// Usage: node bench/report.bench.ts [--full] [--pg-calls N] [--pglite-calls N] [--seconds S] [--connections C] [--engines postgres,pglite]
//   defaults (a few minutes): PostgreSQL 200k calls, PGlite 20k calls; --full: 1M and 100k.
//   Always 50 companies and 200 managers (4 per company).
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.ts';
import { hashPassword } from '../src/auth/passwords.ts';
import { benchEnvironment, machineLine, startMentorProcess, summarize } from './support.ts';

const { values } = parseArgs({ options: {
  full: { type: 'boolean', default: false },
  'pg-calls': { type: 'string' },
  'pglite-calls': { type: 'string' },
  seconds: { type: 'string', default: '10' },
  connections: { type: 'string', default: '4' },
  engines: { type: 'string', default: 'postgres,pglite' },
} });
const PG_CALLS = Number(values['pg-calls'] ?? (values.full ? 1_000_000 : 200_000));
const PGLITE_CALLS = Number(values['pglite-calls'] ?? (values.full ? 100_000 : 20_000));
const COMPANIES = 50;
const MANAGERS_PER_COMPANY = 4;
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const PASSWORD = 'bench-password-1';

/** Statements that fill an empty, migrated database. */
function generation(calls: number, passwordHash: string): string[] {
  const clientsPerCompany = Math.max(50, Math.floor(calls / COMPANIES / 3));
  const dealsPerCompany = Math.max(10, Math.floor(calls / COMPANIES / 40));
  const score = (salt: number) => `least(10, greatest(0, floor(random() * 7 + 3 + ((c.n + ${salt}) % 3) - 1)))::int`;
  return [
    `insert into companies (name, slug, average_check, go_live_at, timezone)
       select 'Bench ' || n, 'bench-' || n, 85000, now() - interval '120 days', 'Europe/Moscow' from generate_series(0, ${COMPANIES - 1}) n`,
    `create table bench_co as select id, (row_number() over (order by slug) - 1)::int as n from companies where slug like 'bench-%'`,
    `insert into users (company_id, email, name, role, password_hash, last_sign_in_at)
       select co.id, 'head' || co.n || '@bench.test', 'Head ' || co.n, 'head_of_sales', '${passwordHash}', now() from bench_co co`,
    `insert into users (company_id, email, name, role, password_hash, last_sign_in_at)
       select co.id, 'm' || co.n || '-' || k || '@bench.test', 'Manager ' || co.n || '-' || k, 'manager', '${passwordHash}', now() - (k || ' days')::interval
       from bench_co co cross join generate_series(0, ${MANAGERS_PER_COMPANY - 1}) k`,
    `create table bench_m as select u.id, co.n as company_n, (row_number() over (partition by co.n order by u.email) - 1)::int as k
       from users u join bench_co co on co.id = u.company_id where u.role = 'manager'`,
    `create index on bench_m (company_n, k)`,
    `insert into clients (company_id, phone_e164, source)
       select co.id, '+7916' || lpad((co.n * ${clientsPerCompany} + k)::text, 7, '0'), 'call' from bench_co co cross join generate_series(0, ${clientsPerCompany - 1}) k`,
    `create table bench_cl as select cl.id, co.n as company_n, (row_number() over (partition by co.n order by cl.phone_e164) - 1)::int as k
       from clients cl join bench_co co on co.id = cl.company_id`,
    `create index on bench_cl (company_n, k)`,
    `insert into calls (company_id, manager_id, client_id, client_phone, started_at, status, source)
       select co.id, m.id, cl.id, null, now() - random() * interval '180 days', 'analysed', 'bench'
       from generate_series(0, ${calls - 1}) g
       join bench_co co on co.n = g % ${COMPANIES}
       join bench_m m on m.company_n = co.n and m.k = (g / ${COMPANIES}) % ${MANAGERS_PER_COMPANY}
       join bench_cl cl on cl.company_n = co.n and cl.k = (g / ${COMPANIES * MANAGERS_PER_COMPANY} * 7 + g) % ${clientsPerCompany}`,
    `insert into analyses (company_id, call_id, engine, engine_version, knowledge_hash, outcome, confidence, scores, result)
       select c.company_id, c.id, 'bench', '1', 'x', case when random() < 0.3 then 'lost' else 'success' end, 0.8,
              jsonb_build_object('greeting', ${score(1)}, 'needs', ${score(2)}, 'presentation', ${score(3)}, 'closing', ${score(4)})
                || case when random() < 0.6 then jsonb_build_object('objections', ${score(5)}) else '{}'::jsonb end,
              '{}'::jsonb
       from (select id, company_id, row_number() over () as n from calls) c`,
    `insert into deals (company_id, client_id, source, external_id, amount, status, opened_at, closed_at)
       select co.id, cl.id, 'csv', 'B-' || co.n || '-' || d.i, 85000, 'won', now() - random() * interval '180 days', null
       from bench_co co cross join generate_series(0, ${dealsPerCompany - 1}) d(i) join bench_cl cl on cl.company_n = co.n and cl.k = (d.i * 13) % ${clientsPerCompany}`,
    `update deals set closed_at = opened_at + random() * interval '20 days' where source = 'csv' and external_id like 'B-%'`,
    `insert into payments (company_id, deal_id, client_id, amount, paid_at, source, external_key)
       select company_id, id, client_id, amount, closed_at, 'csv', 'csv:deal:' || external_id from deals where external_id like 'B-%'`,
    `drop table bench_co`, `drop table bench_m`, `drop table bench_cl`,
    `vacuum analyze`,
  ];
}

async function fill(env: Record<string, string>, calls: number): Promise<number> {
  const started = performance.now();
  const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.MENTOR_DATA_DIR! });
  try {
    await database.migrate();
    for (const statement of generation(calls, await hashPassword(PASSWORD))) await database.db.execute(sql.raw(statement));
  } finally {
    await database.close();
  }
  return (performance.now() - started) / 1000;
}

async function load(url: string, cookies: string[], path: string): Promise<{ p50: number; p95: number; rps: number; non2xx: number; n: number }> {
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url, connections: CONNECTIONS, duration: SECONDS,
      // rotate over several companies' heads of sales: each request reads another company's report
      requests: cookies.map((cookie) => ({ method: 'GET' as const, path, headers: { cookie } })),
    }, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      if (status !== 200) non2xx++;
      latencies.push(responseTime);
    });
  });
  const s = summarize(latencies);
  return { p50: s.p50, p95: s.p95, rps: result.requests.average, non2xx, n: s.n };
}

type Figures = Record<string, { p50: number; p95: number }>;

async function measure(engine: 'pglite' | 'postgres', calls: number): Promise<Figures> {
  const { env, cleanup } = await benchEnvironment(engine, 'mentor-rbench');
  try {
    const fillSeconds = await fill(env, calls);
    const server = await startMentorProcess(env);
    const figures: Figures = {};
    try {
      const cookies: string[] = [];
      for (let n = 0; n < 5; n++) {
        const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `head${n}@bench.test`, password: PASSWORD }) });
        if (login.status !== 200) throw new Error(`login head${n}: ${login.status} ${await login.text()}`);
        cookies.push((login.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
      }
      for (const path of ['/api/v1/report?period=month', '/api/v1/report?period=week', '/api/v1/managers?period=month']) {
        const r = await load(server.url, cookies, path);
        figures[path] = r;
        console.log(`${engine.padEnd(8)} ${calls.toLocaleString('en')} calls (filled in ${fillSeconds.toFixed(0)} s) · GET ${path.padEnd(30)} x${CONNECTIONS} ${SECONDS}s: ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, n ${r.n}, non-2xx ${r.non2xx}`);
      }
    } finally {
      await server.stop();
    }
    return figures;
  } finally {
    await cleanup();
  }
}

console.log(`report bench · ${machineLine()} · ${COMPANIES} companies, ${COMPANIES * MANAGERS_PER_COMPANY} managers`);
const wanted = new Set(values.engines.split(','));
const postgres = wanted.has('postgres') ? await measure('postgres', PG_CALLS) : {};
const pglite = wanted.has('pglite') ? await measure('pglite', PGLITE_CALLS) : {};
for (const path of Object.keys(postgres)) {
  const a = pglite[path];
  const b = postgres[path];
  if (a && b) console.log(`ratio PGlite(${PGLITE_CALLS.toLocaleString('en')})/PostgreSQL(${PG_CALLS.toLocaleString('en')}) ${path}: p50 ×${(a.p50 / b.p50).toFixed(2)}, p95 ×${(a.p95 / b.p95).toFixed(2)}`);
}
