// A worker killed with SIGKILL in the middle of a transcription (the STT server holds the first
// request) is replaced by another; the call still completes exactly once: one transcript, one
// analysis. PostgreSQL only: the embedded database is owned by one process, which cannot be
// killed without killing the API too.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { prepareRecording } from '../../src/audio/audio-decode.ts';
import { makeStereoCall, registerChannels, RUSSIAN_CALL, type FixtureCall } from '../support/audio-fixtures.ts';
import { isPostgresAvailable } from '../support/database.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';
import { INGEST_CRASH_POLICIES, INGEST_CRASH_TUNING } from '../support/ingest-crash-policy.ts';
import { callForm, postForm, startIngestServer, type IngestServer } from '../support/ingest-harness.ts';

const workerScript = fileURLToPath(new URL('../support/ingest-worker.ts', import.meta.url));

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [workerScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
}

const skip = (await isPostgresAvailable()) ? false : 'PostgreSQL is not reachable (set MENTOR_TEST_DATABASE_URL)';

void describe('ingestion survives a killed worker (postgres)', { skip }, () => {
  let fake: FakeOpenAiServer;
  let server: IngestServer;
  let call: FixtureCall;
  let work: string;
  const children: ChildProcess[] = [];

  before(async () => {
    fake = await startFakeOpenAiServer();
    work = await mkdtemp(join(tmpdir(), 'mentor-ingest-crash-'));
    call = await makeStereoCall(RUSSIAN_CALL);
    const prepared = await prepareRecording(call.path, work, { managerChannel: 'left' });
    await registerChannels(fake, call, prepared.channels as { manager: string; client: string });
    const env = { MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url };
    server = await startIngestServer({ engine: 'postgres', workers: false, policies: INGEST_CRASH_POLICIES, tuning: INGEST_CRASH_TUNING, env });
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await server?.close();
    await fake?.close();
    await call?.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  void test('SIGKILL during transcription, a new worker finishes the call once', async () => {
    const env = { DATABASE_URL: server.databaseUrl!, MENTOR_DATA_DIR: server.config.dataDir, MENTOR_SECRET: 'x'.repeat(64), MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url };
    fake.failNext({ kind: 'hang' }, 1);
    const first = await startWorker(env);
    children.push(first);
    const client = await server.integrator();
    const sent = await postForm(client, '/api/v1/calls', await callForm({ manager_extension: '101', external_id: 'crash-1' }, [{ field: 'recording', path: call.path, name: 'call.wav' }]));
    assert.equal(sent.status, 202, JSON.stringify(sent.body));

    const until = Date.now() + 30_000;
    while (!fake.requests.some((request) => request.path === '/v1/audio/transcriptions') && Date.now() < until) await delay(100);
    assert.ok(fake.requests.some((request) => request.path === '/v1/audio/transcriptions'), 'the first worker reached the STT server');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    children.push(await startWorker(env));
    const detail = await server.waitForStatus(client, sent.body.id, ['analysed', 'failed'], 90_000);
    assert.equal(detail.transcript.turns.length, call.turns.length);
    const transcriptions = fake.requests.filter((request) => request.path === '/v1/audio/transcriptions').length;
    assert.ok(transcriptions >= 3, `the killed attempt's request plus both channels of the retry (${transcriptions})`);

    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    try {
      const transcripts = await db.query('select count(*)::int as n from transcripts where call_id = $1', [sent.body.id]);
      const analyses = await db.query('select count(*)::int as n from analyses where call_id = $1', [sent.body.id]);
      const calls = await db.query("select count(*)::int as n from calls where external_id = 'crash-1'");
      assert.equal(transcripts.rows[0].n, 1);
      assert.equal(calls.rows[0].n, 1);
      assert.equal(analyses.rows[0].n, detail.call.status === 'analysed' ? 1 : 0);
    } finally {
      await db.end();
    }
  });
});
