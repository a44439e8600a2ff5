// Ingestion figures, on PGlite and on PostgreSQL:
//   1. signed generic webhooks accepted per second on loopback. The server runs in its own process
//      (bench/ingest-api-server.ts: API role, PGlite in a data folder or a fresh PostgreSQL
//      database; MENTOR_LOG_LEVEL=info logs as `mentor start` does, default silent); autocannon
//      runs here with bodies signed beforehand, so the generator stays cheap.
//      Each request is a new call with a transcript. Printed: accepted/s, p50/p95, non-202s, the
//      server's CPU time per accepted call, and whether every 202 is in the database with a job
//      that will take it on. Baseline in
//      the same run: MENTOR_INGEST_BATCH=1 (each call commits on its own, as before group commit).
//   2. webhook → "transcribed" for a 10-minute stereo call fetched from a local recording URL by a
//      real `mentor start` process (default 2 s job polling), with the fake OpenAI transcription
//      server behind a timing proxy. Total = the transcript row's created_at − the call row's
//      (database clock); pipeline overhead = total − time inside STT requests; median of N calls,
//      each sent 3 s after the last so the workers sit between polls as they usually do.
// --baseline-root DIR runs both parts against another checkout too (e.g. `git archive` of the
// commit before a change, with node_modules linked), for before/after figures in one run.
// --postgres-socket DIR (e.g. /var/run/postgresql) adds PostgreSQL throughput rows through the
// server's Unix socket instead of TCP on loopback (the admin URL's user and database, host=DIR).
// Goals: ≥ 5,000 webhooks/s accepted; overhead ≤ 5 s. Usage:
//   node_modules/.bin/node bench/ingest.bench.ts [--seconds 10] [--connections 50] [--engine pglite|postgres]
//     [--only throughput|pipeline] [--baseline-root DIR] [--postgres-socket DIR] [--pipeline-runs 3] [--verbose: each job's timeline]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { signGenericWebhook } from '../src/integrations/telephony/generic/generic-webhook-signature.ts';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.ts';
import { isPostgresAvailable, type EngineKind } from '../test/support/database.ts';
import { startFakeOpenAiServer } from '../test/support/fake-openai-server.ts';
import { BENCH_ADMIN_URL, benchEnvironment, machineLine, startMentorProcess, summarize } from './support.ts';

const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' },
  connections: { type: 'string', default: '50' },
  engine: { type: 'string', default: '' },
  only: { type: 'string', default: '' },
  'baseline-root': { type: 'string' },
  'postgres-socket': { type: 'string' },
  'pipeline-runs': { type: 'string', default: '3' },
  verbose: { type: 'boolean', default: false },
} });
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const HERE = join(import.meta.dirname, '..');
const BASELINE = values['baseline-root'];
const PIPELINE_RUNS = Number(values['pipeline-runs']);
const SOCKET = values['postgres-socket'];
const TRANSCRIPT = 'Менеджер: Добрый день, компания Ромашка.\nКлиент: Здравствуйте, сколько стоит доставка?\nМенеджер: Пятьсот рублей, оформить?\nКлиент: Да.';
const load = (): string => loadavg().map((value) => value.toFixed(2)).join(' ');

/** utime + stime of a process in ms (Linux /proc; clock ticks of 10 ms); 0 for a process that is gone. */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

interface ApiServer { url: string; integrationId: string; secret: string; child: ChildProcess; ask(line: string): Promise<any>; stop(): Promise<void> }

async function startApiServer(engine: EngineKind, root: string, env: Record<string, string>): Promise<ApiServer> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(HERE, 'bench', 'ingest-api-server.ts')], {
    // fd 3 carries the server's answers; its log (stdout) is dropped, as a log shipper would take it
    env: { ...process.env, BENCH_ENGINE: engine, MENTOR_BENCH_ROOT: root, ...env }, stdio: ['pipe', 'ignore', 'inherit', 'pipe'],
  });
  const lines = createInterface({ input: child.stdio[3] as NodeJS.ReadableStream });
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve, reject) => {
    waiting.push(resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  const ready = JSON.parse(await next()) as { url: string; integrationId: string; secret: string };
  return {
    ...ready, child,
    ask: async (line) => {
      const answer = next();
      child.stdin!.write(`${line}\n`);
      return JSON.parse(await answer);
    },
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin!.end();
    }),
  };
}

/** Signed request bodies made before the run (each signature is valid for 5 minutes). */
function presign(prefix: string, count: number, secret: string): Array<{ body: string; headers: Record<string, string> }> {
  const ts = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const body = JSON.stringify({
      external_id: `${prefix}${i}`, manager_extension: '101', client_phone: `+7916${String(10_000_000 + (i % 5000)).slice(1)}`,
      direction: 'outbound', started_at: new Date().toISOString(), duration: 60, transcript: TRANSCRIPT,
    });
    return { body, headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(body, secret, ts) } };
  });
}

async function throughput(engine: EngineKind, label: string, root: string, env: Record<string, string>): Promise<void> {
  const server = await startApiServer(engine, root, env);
  try {
    const prefix = `bench-${label.replace(/\W/g, '')}-`;
    const bodies = presign(prefix, Math.min(200_000, SECONDS * 15_000), server.secret);
    let sent = 0;
    let accepted = 0;
    const statuses = new Map<number, number>();
    const latencies: number[] = [];
    const path = `/api/v1/webhooks/telephony/${server.integrationId}`;
    const cpuBefore = cpuMs(server.child.pid!);
    const backendsBefore = new Map((await server.ask('backends') as number[]).map((pid) => [pid, cpuMs(pid)]));
    const generatorBefore = process.cpuUsage();
    const started = performance.now();
    await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: server.url, connections: CONNECTIONS, duration: SECONDS,
        requests: [{ method: 'POST', path, setupRequest: (request) => ({ ...request, ...bodies[sent++ % bodies.length]! }) }],
      }, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 202) accepted++;
        latencies.push(responseTime);
      });
    });
    const wallS = (performance.now() - started) / 1000;
    const generator = process.cpuUsage(generatorBefore);
    const cpu = cpuMs(server.child.pid!) - cpuBefore;
    // backends that came during the run count whole (they started at 0)
    const databaseCpu = (await server.ask('backends') as number[]).reduce((sum, pid) => sum + cpuMs(pid) - (backendsBefore.get(pid) ?? 0), 0);
    const stored = await server.ask(`count ${prefix}`);
    const s = summarize(latencies);
    const other = [...statuses].filter(([status]) => status !== 202).map(([status, n]) => `${status}×${n}`).join(' ') || 'none';
    console.log(`${engine.padEnd(8)} ${label.padEnd(26)} ${(accepted / wallS).toFixed(0).padStart(6)} accepted/s · p50 ${s.p50.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · non-202: ${other} · server CPU ${(cpu * 1000 / Math.max(1, accepted)).toFixed(0)} µs/call${engine === 'postgres' ? ` + PostgreSQL CPU ${(databaseCpu * 1000 / Math.max(1, accepted)).toFixed(0)} µs/call` : ''} · load generator CPU ${((generator.user + generator.system) / Math.max(1, sent)).toFixed(0)} µs/request · stored ${stored.calls} calls (${stored.distinct_ids} ids, ${stored.jobs} named by a first job) for ${Math.min(accepted, bodies.length)} unique 202s${stored.intake ? ` · ${stored.intake.batches} batches, mean ${(stored.intake.items / Math.max(1, stored.intake.batches)).toFixed(1)} calls` : ''} · load ${load()}`);
  } finally {
    await server.stop();
  }
}

/** A 10-minute stereo 8 kHz μ-law WAV: a different tone pattern per party (not silence). */
async function tenMinuteCall(dir: string): Promise<string> {
  const path = join(dir, 'ten-minutes.wav');
  await promisify(execFile)('sox', ['-n', '-r', '8000', '-c', '2', '-e', 'u-law', path, 'synth', '600', 'sine', '300-900', 'sine', '500-1500', 'tremolo', '3', '80']);
  return path;
}

/** An HTTP proxy in front of the fake STT server that adds up the time transcription requests take. */
async function timingProxy(target: string): Promise<{ url: string; sttMs(): number; close(): Promise<void> }> {
  let total = 0;
  const upstream = new URL(target);
  const proxy: Server = createServer((req, res) => {
    const started = performance.now();
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => {
        if (req.url?.includes('/audio/transcriptions')) total += performance.now() - started;
      });
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`, sttMs: () => total, close: () => new Promise((resolve) => proxy.close(() => resolve())) };
}

async function mentorCli(root: string, env: Record<string, string>, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(root, 'bin', 'mentor.js'), ...args], { env: { ...process.env, MENTOR_LOG_LEVEL: 'error', ...env } });
  return stdout;
}

/** When the call row and its transcript were written, by the database's clock. */
async function transcribedAfterMs(env: Record<string, string>, externalIds: string[]): Promise<Map<string, number>> {
  const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.MENTOR_DATA_DIR! });
  try {
    const result = await database.db.execute(sql`select c.external_id, extract(epoch from (t.created_at - c.created_at)) * 1000 as ms
      from calls c join transcripts t on t.call_id = c.id where c.external_id in (${sql.join(externalIds.map((id) => sql`${id}`), sql`, `)})`);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ external_id: string; ms: string | number }>;
    if (values.verbose) {
      // each job's wait (created → started) and run (started → completed), from the call's creation
      const jobs = await database.db.execute(sql`select c.external_id, j.name,
          round((extract(epoch from (j.created_on - c.created_at)) * 1000)::numeric) as created, round((extract(epoch from (j.started_on - c.created_at)) * 1000)::numeric) as started,
          round((extract(epoch from (j.completed_on - c.created_at)) * 1000)::numeric) as completed
        from calls c join pgboss.job j on (j.data->>'callId')::uuid = c.id where c.external_id in (${sql.join(externalIds.map((id) => sql`${id}`), sql`, `)}) order by c.external_id, j.created_on`);
      for (const job of (Array.isArray(jobs) ? jobs : (jobs as { rows: unknown[] }).rows) as Array<Record<string, unknown>>) console.log(`    ${job.external_id} ${String(job.name).padEnd(16)} queued +${job.created} ms, started +${job.started} ms, done +${job.completed} ms`);
    }
    return new Map(rows.map((row) => [row.external_id, Number(row.ms)]));
  } finally {
    await database.close();
  }
}

async function pipelineLatency(engine: EngineKind, label: string, root: string, recording: string): Promise<void> {
  const fake = await startFakeOpenAiServer();
  // every channel transcribes to the same 10 minutes of segments
  fake.setDefaultTranscription(Array.from({ length: 120 }, (_, i) => ({ start: i * 5, end: i * 5 + 4, text: `Фраза номер ${i + 1}, про доставку и цену.` })));
  const stt = await timingProxy(fake.url);
  const pbx = createServer((_req, res) => void createReadStream(recording).pipe(res.writeHead(200, { 'content-type': 'audio/wav' })));
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  const { env, cleanup } = await benchEnvironment(engine, 'mentor-ibench');
  try {
    const demo = await mentorCli(root, env, ['demo', '--empty']);
    const password = /Password for everyone: (\S+)/.exec(demo)?.[1];
    const email = /integrator\s+(\S+)/.exec(demo)?.[1];
    if (!password || !email) throw new Error(`unexpected demo output: ${demo}`);
    const server = await startMentorProcess({ ...env, MENTOR_STT: 'openai', MENTOR_STT_URL: stt.url }, ['--no-demo'], root);
    const runs: Array<{ externalId: string; sttMs: number; cpuMs: number }> = [];
    try {
      const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const created = await (await fetch(`${server.url}/api/v1/integrations`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ kind: 'generic', name: 'bench' }) })).json() as { integration: { id: string }; secret: string };
      for (let run = 0; run < PIPELINE_RUNS; run++) {
        // the workers are between polls when the webhook comes, as they are most of the time
        await delay(3000);
        const externalId = `ten-minutes-${run}`;
        const body = JSON.stringify({ external_id: externalId, manager_extension: '101', client_phone: '+79161234567', direction: 'inbound', started_at: new Date().toISOString(), duration: 600, recording_url: `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/call.wav` });
        const ts = Math.floor(Date.now() / 1000);
        const sttBefore = stt.sttMs();
        const cpuBefore = cpuMs(server.process.pid!);
        const response = await fetch(`${server.url}/api/v1/webhooks/telephony/${created.integration.id}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(body, created.secret, ts) } });
        const { id } = await response.json() as { id: string };
        const started = performance.now();
        let status = '';
        while (!['transcribed', 'analysing', 'analysed', 'failed'].includes(status)) {
          await delay(50);
          status = ((await (await fetch(`${server.url}/api/v1/calls/${id}`, { headers: { cookie } })).json()) as { call: { status: string } }).call.status;
          if (performance.now() - started > 300_000) throw new Error('the call did not reach "transcribed" within 5 minutes');
        }
        if (status === 'failed') throw new Error(`the bench call failed: ${JSON.stringify(await (await fetch(`${server.url}/api/v1/calls/${id}`, { headers: { cookie } })).json())}`);
        runs.push({ externalId, sttMs: stt.sttMs() - sttBefore, cpuMs: cpuMs(server.process.pid!) - cpuBefore });
      }
    } finally {
      await server.stop();
    }
    const totals = await transcribedAfterMs(env, runs.map((run) => run.externalId));
    const figures = runs.map((run) => ({ total: totals.get(run.externalId)!, stt: run.sttMs, overhead: totals.get(run.externalId)! - run.sttMs, cpu: run.cpuMs }));
    const median = (pick: (figure: (typeof figures)[number]) => number) => summarize(figures.map(pick)).p50 / 1000;
    console.log(`${engine.padEnd(8)} ${label.padEnd(26)} 10-min stereo call, webhook → transcribed (database clock), median of ${runs.length}: ${median((f) => f.total).toFixed(2)} s total, STT ${median((f) => f.stt).toFixed(2)} s, pipeline overhead ${median((f) => f.overhead).toFixed(2)} s [runs: ${figures.map((f) => f.overhead / 1000).map((v) => v.toFixed(2)).join(', ')}] · server CPU ${median((f) => f.cpu).toFixed(2)} s (ffmpeg/ffprobe are child processes, not counted) · load ${load()}`);
  } finally {
    await cleanup();
    await stt.close();
    await fake.close();
    pbx.closeAllConnections();
    pbx.close();
  }
}

/** The admin URL through the PostgreSQL server's Unix socket in `dir` (pg reads host= as a socket folder). */
function socketUrl(dir: string): string {
  const url = new URL(BENCH_ADMIN_URL);
  url.hostname = 'localhost';
  url.port = '';
  url.searchParams.set('host', dir);
  return url.toString();
}

console.log(`ingest bench · ${machineLine()} · load ${load()} · PostgreSQL ${new URL(BENCH_ADMIN_URL).host}${SOCKET ? ` and ${SOCKET} (socket)` : ''}`);
const work = await mkdtemp(join(tmpdir(), 'mentor-ingest-bench-'));
try {
  const recording = await tenMinuteCall(work);
  const kinds: EngineKind[] = (await isPostgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];
  for (const engine of kinds.filter((kind) => !values.engine || kind === values.engine)) {
    if (values.only !== 'pipeline') {
      await throughput(engine, 'group commit', HERE, {});
      await throughput(engine, 'one by one (batch 1)', HERE, { MENTOR_INGEST_BATCH: '1' });
      if (BASELINE) await throughput(engine, 'baseline checkout', BASELINE, {});
      if (engine === 'postgres' && SOCKET) {
        const socket = { MENTOR_TEST_DATABASE_URL: socketUrl(SOCKET) };
        await throughput(engine, 'group commit · socket', HERE, socket);
        if (BASELINE) await throughput(engine, 'baseline checkout · socket', BASELINE, socket);
      }
    }
    if (values.only !== 'throughput') {
      await pipelineLatency(engine, 'this checkout', HERE, recording);
      if (BASELINE) await pipelineLatency(engine, 'baseline checkout', BASELINE, recording);
    }
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
