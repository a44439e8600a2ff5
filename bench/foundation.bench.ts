// Foundation figures: cold start to a healthy /healthz, and the latency of an authenticated API call
// (GET /api/v1/me with a session cookie) under load, on PGlite and on PostgreSQL, in one run.
// Usage: node bench/foundation.bench.ts [--seconds 10] [--connections 10]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { benchEnvironment, machineLine, startMentorProcess, summarize } from './support.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

async function waitHealthy(url: string, started: number): Promise<number> {
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return performance.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function measure(engine: 'pglite' | 'postgres'): Promise<void> {
  const { env, cleanup } = await benchEnvironment(engine, 'mentor-bench');
  try {
    const coldStart = performance.now();
    const first = await startMentorProcess(env);
    const cold = await waitHealthy(first.url, coldStart);
    await first.stop();
    const warmStart = performance.now();
    const server = await startMentorProcess(env);
    const warm = await waitHealthy(server.url, warmStart);

    const login = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'rop@demo.mentor', password: 'mentor-demo' }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const latencies: number[] = [];
    let non2xx = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url: `${server.url}/api/v1/me`, headers: { cookie }, connections, duration: seconds }, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        if (status !== 200) non2xx++;
        latencies.push(responseTime);
      });
    });
    await server.stop();
    const s = summarize(latencies);
    console.log(
      `${engine.padEnd(8)} cold start→/healthz ${(cold / 1000).toFixed(2)} s (first start: migrations + demo) · warm start ${(warm / 1000).toFixed(2)} s · ` +
        `GET /api/v1/me x${connections} conns ${seconds}s: ${result.requests.average.toFixed(0)} req/s, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, non-2xx ${non2xx}`,
    );
  } finally {
    await cleanup();
  }
}

console.log(`foundation bench · ${machineLine()}`);
await measure('pglite');
await measure('postgres');
