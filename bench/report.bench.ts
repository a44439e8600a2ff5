// Report latency with realistic volumes: GET /api/v1/report and GET /api/v1/managers through the
// real server (a `mentor start` child process) under load, on PostgreSQL and on PGlite, with the
// PGlite/PostgreSQL ratio on the same data. Data: bench/report-data.ts (deterministic, so both
// engines hold exactly the same calls, scores and deals).
// Usage: node bench/report.bench.ts [--full] [--pg-calls N] [--pglite-calls N] [--seconds S] [--warmup S]
//          [--connections C] [--engines postgres,pglite]
//   defaults (a few minutes): PostgreSQL 200k calls, PGlite 20k calls; --full: 1M and 100k.
//   PostgreSQL is also measured on the PGlite volume whenever both engines run, for the ratio.
//   Always 50 companies and 200 managers (4 per company).
// The periods asked for are the previous, complete month and week.
// All servers run side by side and each endpoint is measured on one after the other.
// Each server is warmed up first (--warmup seconds per endpoint, not counted): V8 compiles PGlite's
// WebAssembly in tiers over the first seconds of use, which a long-running server has long done.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_ADMIN_URL, backendsCpuDelta, benchEnvironment, machineLine, postgresBackendsCpu, processCpuMs, startMentorProcess, summarize, type RunningMentor } from './support.ts';
import { BENCH_PASSWORD, COMPANIES, MANAGERS_PER_COMPANY, completePeriods, fillReportData } from './report-data.ts';

const { values } = parseArgs({ options: {
  full: { type: 'boolean', default: false },
  'pg-calls': { type: 'string' },
  'pglite-calls': { type: 'string' },
  seconds: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  connections: { type: 'string', default: '4' },
  engines: { type: 'string', default: 'postgres,pglite' },
} });
const PG_CALLS = Number(values['pg-calls'] ?? (values.full ? 1_000_000 : 200_000));
const PGLITE_CALLS = Number(values['pglite-calls'] ?? (values.full ? 100_000 : 20_000));
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const CONNECTIONS = Number(values.connections);
const { lastMonth, lastWeek } = completePeriods();
const PATHS = [`/api/v1/report?period=month&at=${lastMonth}`, `/api/v1/report?period=week&at=${lastWeek}`, `/api/v1/managers?period=month&at=${lastMonth}`];

interface Load { p50: number; p95: number; rps: number; non2xx: number; n: number; cpu?: { node: number; postgres: number } }

async function load(url: string, cookies: string[], path: string, seconds: number): Promise<Load> {
  const latencies: number[] = [];
  let non2xx = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url, connections: CONNECTIONS, duration: seconds,
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

type Figures = Record<string, Load>;
const load1 = (): string => loadavg()[0]!.toFixed(2);

/** A filled database with its server running, signed in and warmed up. */
interface Target {
  engine: 'pglite' | 'postgres';
  calls: number;
  fillSeconds: number;
  server: RunningMentor;
  cookies: string[];
  /** CPU of PostgreSQL's backends serving the target's database (none for PGlite) */
  postgresCpu(): Promise<Map<number, number>>;
  close(): Promise<void>;
}

async function prepare(engine: 'pglite' | 'postgres', calls: number): Promise<Target> {
  const { env, cleanup } = await benchEnvironment(engine, 'mentor-rbench');
  const fillSeconds = await fillReportData(env, calls);
  const server = await startMentorProcess(env);
  const cookies: string[] = [];
  for (let n = 0; n < 5; n++) {
    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: `head${n}@bench.test`, password: BENCH_PASSWORD }) });
    if (login.status !== 200) throw new Error(`login head${n}: ${login.status} ${await login.text()}`);
    cookies.push((login.headers.get('set-cookie') ?? '').split(';')[0] ?? '');
  }
  const admin = env.DATABASE_URL ? new pg.Client({ connectionString: BENCH_ADMIN_URL }) : null;
  await admin?.connect();
  const database = env.DATABASE_URL ? new URL(env.DATABASE_URL).pathname.slice(1) : '';
  return {
    engine, calls, fillSeconds, server, cookies,
    postgresCpu: async () => (admin ? postgresBackendsCpu((text, params) => admin.query<{ pid: number }>(text, params), database) : new Map()),
    close: async () => {
      await admin?.end();
      await server.stop();
      await cleanup();
    },
  };
}

async function measure(target: Target, path: string): Promise<Load> {
  const { server, engine, calls } = target;
  // CPU per request of the server side (the Mentor process, and PostgreSQL's backends): a figure
  // the other engineers' load on the machine moves far less than latency
  const node0 = processCpuMs(server.process.pid!);
  const pg0 = await target.postgresCpu();
  const r = await load(server.url, target.cookies, path, SECONDS);
  r.cpu = { node: (processCpuMs(server.process.pid!) - node0) / r.n, postgres: backendsCpuDelta(pg0, await target.postgresCpu()) / r.n };
  const cpu = `server CPU per request ${(r.cpu.node + r.cpu.postgres).toFixed(2)} ms${engine === 'postgres' ? ` (Node ${r.cpu.node.toFixed(2)} + PostgreSQL ${r.cpu.postgres.toFixed(2)})` : ''}`;
  console.log(`${engine.padEnd(8)} ${calls.toLocaleString('en').padStart(9)} calls (filled in ${target.fillSeconds.toFixed(0)} s) · GET ${path.padEnd(47)} x${CONNECTIONS} ${SECONDS}s: ${r.rps.toFixed(1)} req/s, p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, n ${r.n}, non-2xx ${r.non2xx}, ${cpu} · load average ${load1()}`);
  return r;
}

console.log(`report bench · ${machineLine()} · load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} · ${COMPANIES} companies, ${COMPANIES * MANAGERS_PER_COMPANY} managers · warm-up ${WARMUP} s per endpoint`);
const wanted = new Set(values.engines.split(','));
const both = wanted.has('postgres') && wanted.has('pglite');
// Fill one database after the other (filling is heavy), keep every server running, and measure
// endpoint by endpoint across the servers: the figures compared are taken seconds apart, under the
// same load from the rest of the machine, not minutes apart.
const targets: Target[] = [];
const figures = new Map<Target, Figures>();
try {
  if (wanted.has('postgres')) targets.push(await prepare('postgres', PG_CALLS));
  if (both && PG_CALLS !== PGLITE_CALLS) targets.push(await prepare('postgres', PGLITE_CALLS));
  if (wanted.has('pglite')) targets.push(await prepare('pglite', PGLITE_CALLS));
  for (const target of targets) figures.set(target, {});
  for (const target of targets) for (const path of PATHS) if (WARMUP > 0) await load(target.server.url, target.cookies, path, WARMUP);
  for (const path of PATHS) for (const target of targets) figures.get(target)![path] = await measure(target, path);
} finally {
  for (const target of targets) await target.close();
}
const of = (engine: Target['engine'], calls: number): Figures => figures.get(targets.find((t) => t.engine === engine && t.calls === calls)!) ?? {};
const postgres = wanted.has('postgres') ? of('postgres', PG_CALLS) : {};
const postgresSame = both ? of('postgres', PGLITE_CALLS) : {};
const pglite = wanted.has('pglite') ? of('pglite', PGLITE_CALLS) : {};
if (both) {
  const volume = PGLITE_CALLS.toLocaleString('en');
  for (const path of PATHS) {
    const a = pglite[path]!;
    const b = postgresSame[path]!;
    const cpu = (l: Load): number => (l.cpu ? l.cpu.node + l.cpu.postgres : Number.NaN);
    console.log(`ratio PGlite/PostgreSQL, both ${volume} calls, GET ${path.padEnd(47)}: p50 ${a.p50.toFixed(1)} / ${b.p50.toFixed(1)} ms = ×${(a.p50 / b.p50).toFixed(2)}, p95 ${a.p95.toFixed(1)} / ${b.p95.toFixed(1)} ms = ×${(a.p95 / b.p95).toFixed(2)} (goal ≤ ×3); server CPU per request ${cpu(a).toFixed(2)} / ${cpu(b).toFixed(2)} ms = ×${(cpu(a) / cpu(b)).toFixed(2)}`);
  }
}
if (wanted.has('postgres')) {
  for (const path of PATHS) console.log(`PostgreSQL ${PG_CALLS.toLocaleString('en')} calls GET ${path.padEnd(47)}: p95 ${postgres[path]!.p95.toFixed(1)} ms (goal ≤ 150 ms)`);
}
