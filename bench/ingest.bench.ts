// Ingestion figures, on PGlite and on PostgreSQL:
//   1. signed generic webhooks accepted per second on loopback (autocannon; each request a new call
//      with a transcript body, freshly signed), p50/p95 latency — API role only, no workers;
//   2. webhook → "transcribed" for a 10-minute stereo call fetched from a local recording URL, with
//      the fake OpenAI transcription server; pipeline overhead = total − time inside STT.
// Goals: ≥ 5,000 webhooks/s accepted; overhead ≤ 5 s. Usage:
//   node_modules/.bin/node bench/ingest.bench.ts [--seconds 10] [--connections 50] [--engine pglite|postgres]
import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { signGenericWebhook } from '../src/integrations/telephony/generic/generic-webhook-signature.ts';
import { createOpenAiStt } from '../src/providers/stt/openai-stt.ts';
import type { SpeechToText } from '../src/providers/stt/stt-port.ts';
import { isPostgresAvailable, type EngineKind } from '../test/support/database.ts';
import { startFakeOpenAiServer } from '../test/support/fake-openai-server.ts';
import { startIngestServer } from '../test/support/ingest-harness.ts';
import { machineLine, summarize } from './support.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => (argv.includes(name) ? argv[argv.indexOf(name) + 1] ?? fallback : fallback);
const seconds = Number(option('--seconds', '10'));
const connections = Number(option('--connections', '50'));
const only = option('--engine', '');
const TRANSCRIPT = 'Менеджер: Добрый день, компания Ромашка.\nКлиент: Здравствуйте, сколько стоит доставка?\nМенеджер: Пятьсот рублей, оформить?\nКлиент: Да.';

async function throughput(engine: EngineKind): Promise<void> {
  const server = await startIngestServer({ engine, workers: false });
  try {
    const client = await server.integrator();
    const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'bench' });
    const { integration, secret } = created.body as { integration: { id: string }; secret: string };
    let sequence = 0;
    const latencies: number[] = [];
    let non2xx = 0;
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: `${server.url}/api/v1/webhooks/telephony/${integration.id}`, connections, duration: seconds,
        requests: [{
          method: 'POST',
          setupRequest: (request) => {
            const body = JSON.stringify({ external_id: `bench-${process.pid}-${++sequence}`, manager_extension: '101', client_phone: '+79161234567', direction: 'outbound', started_at: new Date().toISOString(), duration: 60, transcript: TRANSCRIPT });
            const ts = Math.floor(Date.now() / 1000);
            return { ...request, body, headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(body, secret, ts) } };
          },
        }],
      }, (error, done) => (error ? reject(error) : resolve(done)));
      instance.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
        if (status !== 202) non2xx++;
        latencies.push(responseTime);
      });
    });
    const s = summarize(latencies);
    console.log(`${engine.padEnd(8)} webhooks (transcript body, ${connections} conns, ${seconds} s): ${result.requests.average.toFixed(0)} accepted/s, p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, non-202 ${non2xx}`);
  } finally {
    await server.close();
  }
}

/** A 10-minute stereo 8 kHz μ-law WAV: a different tone pattern per party (not silence). */
async function tenMinuteCall(dir: string): Promise<string> {
  const path = join(dir, 'ten-minutes.wav');
  await promisify(execFile)('sox', ['-n', '-r', '8000', '-c', '2', '-e', 'u-law', path, 'synth', '600', 'sine', '300-900', 'sine', '500-1500', 'tremolo', '3', '80']);
  return path;
}

async function pipelineLatency(engine: EngineKind, recording: string): Promise<void> {
  const fake = await startFakeOpenAiServer();
  // every channel transcribes to the same 10 minutes of segments
  fake.setDefaultTranscription(Array.from({ length: 120 }, (_, i) => ({ start: i * 5, end: i * 5 + 4, text: `Фраза номер ${i + 1}, про доставку и цену.` })));
  let sttMs = 0;
  const inner = createOpenAiStt({ baseUrl: fake.url, model: 'whisper-1' });
  const timed: SpeechToText = {
    provider: inner.provider, model: inner.model, check: () => inner.check(),
    transcribe: async (input) => {
      const started = performance.now();
      try {
        return await inner.transcribe(input);
      } finally {
        sttMs += performance.now() - started;
      }
    },
  };
  const pbx = createServer((_req, res) => void createReadStream(recording).pipe(res.writeHead(200, { 'content-type': 'audio/wav' })));
  await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
  const server = await startIngestServer({ engine, stt: timed });
  try {
    const client = await server.integrator();
    const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'bench' });
    const { integration, secret } = created.body as { integration: { id: string }; secret: string };
    const body = JSON.stringify({ external_id: 'ten-minutes', manager_extension: '101', client_phone: '+79161234567', direction: 'inbound', started_at: new Date().toISOString(), duration: 600, recording_url: `http://127.0.0.1:${(pbx.address() as AddressInfo).port}/call.wav` });
    const ts = Math.floor(Date.now() / 1000);
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/webhooks/telephony/${integration.id}`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(body, secret, ts) } });
    const { id } = await response.json() as { id: string };
    await server.waitForStatus(client, id, ['transcribed', 'analysing', 'analysed', 'failed'], 300_000);
    const total = performance.now() - started;
    console.log(`${engine.padEnd(8)} 10-min stereo call, webhook → transcribed: ${(total / 1000).toFixed(2)} s total, STT ${(sttMs / 1000).toFixed(2)} s, pipeline overhead ${((total - sttMs) / 1000).toFixed(2)} s (download, probe, split, store, jobs)`);
  } finally {
    await server.close();
    await fake.close();
    pbx.closeAllConnections();
    pbx.close();
  }
}

console.log(`ingest bench · ${machineLine()}`);
const work = await mkdtemp(join(tmpdir(), 'mentor-ingest-bench-'));
try {
  const recording = await tenMinuteCall(work);
  const kinds: EngineKind[] = (await isPostgresAvailable()) ? ['pglite', 'postgres'] : ['pglite'];
  for (const engine of kinds.filter((kind) => !only || kind === only)) {
    await throughput(engine);
    await pipelineLatency(engine, recording);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
