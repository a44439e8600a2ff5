// POST /api/v1/calls end to end on both engines: a stereo espeak-ng call goes through the real
// queue, ffmpeg and the fake OpenAI transcription server to a transcript with the right speakers;
// transcripts skip STT; bad input gets a clear answer; nothing arrives twice or gets lost.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { prepareRecording } from '../../src/audio/audio-decode.ts';
import { makeStereoCall, registerChannels, RUSSIAN_CALL, type FixtureCall } from '../support/audio-fixtures.ts';
import { engines } from '../support/database.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';
import { callForm, postForm, startIngestServer, type IngestServer } from '../support/ingest-harness.ts';
import { ApiClient } from '../support/test-server.ts';

const DONE = ['analysed', 'failed'];
const TRANSCRIPT = 'Менеджер: Добрый день, компания Ромашка.\nКлиент: Здравствуйте, сколько стоит доставка?\nМенеджер: Пятьсот рублей, оформить заказ?\nКлиент: Да, оформляйте.';

for (const { kind, skip } of await engines()) {
  void describe(`ingest API (${kind})`, { skip }, () => {
    let fake: FakeOpenAiServer;
    let server: IngestServer;
    let client: ApiClient;
    let call: FixtureCall;
    let work: string;

    before(async () => {
      fake = await startFakeOpenAiServer();
      work = await mkdtemp(join(tmpdir(), 'mentor-ingest-api-'));
      call = await makeStereoCall(RUSSIAN_CALL);
      // the fake server answers by the bytes of each decoded channel: decode them the same way
      const prepared = await prepareRecording(call.path, work, { managerChannel: 'left' });
      await registerChannels(fake, call, prepared.channels as { manager: string; client: string });
      server = await startIngestServer({ engine: kind, env: { MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url, MENTOR_STT_MODEL: 'whisper-1' } });
      client = await server.integrator();
    });
    after(async () => {
      await server?.close();
      await fake?.close();
      await call?.cleanup();
      await rm(work, { recursive: true, force: true });
    });

    const upload = async (fields: Record<string, string>, files: Parameters<typeof callForm>[1] = []) => postForm(client, '/api/v1/calls', await callForm(fields, files));

    void test('a stereo recording becomes a transcript with the right speakers, then an analysis', async () => {
      const sent = await upload({ manager_extension: '101', client_phone: '8 (916) 123-45-67', external_id: 'rec-1', direction: 'outbound' }, [{ field: 'recording', path: call.path, name: 'call.wav' }]);
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      assert.equal(sent.body.status, 'received');
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.deepEqual(detail.transcript.turns.map((turn: { speaker: string }) => turn.speaker), call.turns.map((turn) => turn.speaker));
      assert.match(detail.transcript.turns[0].text, /Ромашка/);
      assert.equal(detail.call.clientPhone, '+79161234567');
      assert.ok(detail.call.manager, 'the manager is matched by extension 101');
      assert.ok(detail.call.client, 'a client is created for the new phone');
      if (detail.call.status === 'failed') assert.match(detail.call.errorCode, /^analysis\./, 'only the analysis may refuse a tiny call');
    });

    void test('the recording streams with HTTP Range', async () => {
      const sent = await upload({ manager_extension: '102', external_id: 'rec-range' }, [{ field: 'recording', path: call.path, name: 'call.wav' }]);
      const response = await fetch(`${server.url}/api/v1/calls/${sent.body.id}/recording`, { headers: { cookie: client.cookie, range: 'bytes=0-99' } });
      assert.equal(response.status, 206);
      assert.match(response.headers.get('content-range') ?? '', /^bytes 0-99\/\d+$/);
      assert.equal((await response.arrayBuffer()).byteLength, 100);
      // manager 102 (Igor) may listen; another manager gets 404 as if the call did not exist
      const own = new ApiClient(server.url);
      await own.login('igor@demo.mentor', server.demo.managers[0]!.password);
      const other = new ApiClient(server.url);
      await other.login('anna@demo.mentor', server.demo.managers[0]!.password);
      const ownResponse = await fetch(`${server.url}/api/v1/calls/${sent.body.id}/recording`, { headers: { cookie: own.cookie, range: 'bytes=0-9' } });
      assert.equal(ownResponse.status, 206);
      await ownResponse.arrayBuffer();
      const otherResponse = await fetch(`${server.url}/api/v1/calls/${sent.body.id}/recording`, { headers: { cookie: other.cookie } });
      assert.equal(otherResponse.status, 404);
    });

    void test('a company API token (the telephony) may send calls; a manager may not', async () => {
      const token = await client.request('POST', '/api/v1/api-tokens', { name: 'pbx' });
      const machine = new ApiClient(server.url);
      machine.bearer = token.body.token;
      const sent = await postForm(machine, '/api/v1/calls', await callForm({ manager_extension: '105', transcript: TRANSCRIPT }));
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const manager = new ApiClient(server.url);
      await manager.login('olga@demo.mentor', server.demo.managers[0]!.password);
      const refused = await postForm(manager, '/api/v1/calls', await callForm({ manager_extension: '105', transcript: TRANSCRIPT }));
      assert.equal(refused.status, 403);
    });

    void test('a silent recording is accepted, then fails with the reason and stays kept', async () => {
      const silent = join(work, 'silent.wav');
      await promisify(execFile)('sox', ['-n', '-r', '8000', '-c', '2', silent, 'trim', '0', '3']);
      const sent = await upload({ manager_extension: '101', external_id: 'silent-1' }, [{ field: 'recording', path: silent, name: 'silent.wav' }]);
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const failed = await server.waitForStatus(client, sent.body.id, ['failed']);
      assert.equal(failed.call.errorCode, 'audio.silent');
      assert.match(failed.call.errorMessage, /silent/);
    });

    void test('a transcript file skips speech-to-text', async () => {
      const before = fake.requests.length;
      const sent = await upload({ manager_extension: '103', client_phone: '+7 916 000-00-01' }, [{ field: 'transcript', content: TRANSCRIPT, name: 'call.txt' }]);
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      assert.equal(sent.body.status, 'received', 'accepted; the call.ingest job imports the transcript');
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.equal(detail.transcript.source, 'import');
      assert.deepEqual(detail.transcript.turns.map((turn: { speaker: string }) => turn.speaker), ['manager', 'client', 'manager', 'client']);
      assert.equal(fake.requests.length, before);
    });

    void test('a duplicate delivery returns the same call', async () => {
      const fields = { manager_extension: '101', external_id: 'dup-1', transcript: TRANSCRIPT };
      const first = await upload(fields);
      const second = await upload(fields);
      assert.equal(second.status, 202);
      assert.equal(second.body.id, first.body.id);
      assert.equal(second.body.duplicate, true);
      const list = await client.request('GET', '/api/v1/calls?limit=100');
      assert.equal(list.body.calls.filter((item: { id: string }) => item.id === first.body.id).length, 1);
    });

    void test('an unknown manager leaves the call unassigned and kept; assigning resumes it', async () => {
      const sent = await upload({ manager_extension: '999', transcript: TRANSCRIPT });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const kept = await server.waitForStatus(client, sent.body.id, ['unassigned']);
      assert.match(kept.call.errorMessage, /999/);
      assert.equal(kept.transcript.source, 'import', 'the transcript is kept while the call waits for its manager');
      const users = await client.request('GET', '/api/v1/users');
      const manager = users.body.users.find((user: { role: string }) => user.role === 'manager');
      const assigned = await client.request('POST', `/api/v1/calls/${sent.body.id}/assign`, { managerId: manager.id });
      assert.equal(assigned.status, 202, JSON.stringify(assigned.body));
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.equal(detail.call.manager.id, manager.id);
    });

    void test('bad input answers with what happened and what to do', async () => {
      const empty = join(work, 'empty.wav');
      await writeFile(empty, '');
      const corrupt = join(work, 'corrupt.wav');
      const head = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1');
      await writeFile(corrupt, Buffer.concat([head, Buffer.alloc(40, 7)]));
      const text = join(work, 'notes.wav');
      await writeFile(text, 'this is not audio at all, just some notes about the call '.repeat(20));

      const zero = await upload({ manager_extension: '101' }, [{ field: 'recording', path: empty, name: 'empty.wav' }]);
      assert.equal(zero.status, 422);
      assert.equal(zero.body.error.code, 'audio.empty');
      const broken = await upload({ manager_extension: '101' }, [{ field: 'recording', path: corrupt, name: 'corrupt.wav' }]);
      assert.equal(broken.status, 422);
      assert.equal(broken.body.error.code, 'audio.corrupt');
      const unsupported = await upload({ manager_extension: '101' }, [{ field: 'recording', path: text, name: 'notes.wav' }]);
      assert.equal(unsupported.status, 415);
      assert.equal(unsupported.body.error.code, 'audio.unsupported');
      const malformed = await upload({ manager_extension: '101' }, [{ field: 'transcript', content: '{"turns": [ {"speaker": "manager", ', name: 'call.json' }]);
      assert.equal(malformed.status, 422);
      assert.match(malformed.body.error.message, /JSON/);
      const nothing = await upload({ manager_extension: '101' });
      assert.equal(nothing.status, 422);
    });

    void test('a speech-to-text failure leaves the call failed with the reason; retry completes it', async () => {
      fake.failNext({ kind: 'status', status: 400, body: { error: { message: 'Unsupported model' } } }, 1);
      const sent = await upload({ manager_extension: '104', external_id: 'stt-fail' }, [{ field: 'recording', path: call.path, name: 'call.wav' }]);
      const failed = await server.waitForStatus(client, sent.body.id, ['failed']);
      assert.match(failed.call.errorCode, /^stt\./);
      assert.match(failed.call.errorMessage, /Retry/);
      const recording = await fetch(`${server.url}/api/v1/calls/${sent.body.id}/recording`, { headers: { cookie: client.cookie } });
      assert.equal(recording.status, 200, 'the recording is kept');
      await recording.arrayBuffer();
      const retried = await client.request('POST', `/api/v1/calls/${sent.body.id}/retry`);
      assert.equal(retried.status, 202, JSON.stringify(retried.body));
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.equal(detail.transcript.turns.length, call.turns.length);
    });
  });
}

void describe('ingest API upload limit', () => {
  void test('a recording over MENTOR_MAX_UPLOAD_MB answers 413 with the limit and the variable', async () => {
    const server = await startIngestServer({ engine: 'pglite', env: { MENTOR_MAX_UPLOAD_MB: '0.01' } });
    try {
      const client = await server.integrator();
      const sent = await postForm(client, '/api/v1/calls', await callForm({ manager_extension: '101' }, [{ field: 'recording', content: Buffer.alloc(64 * 1024, 1), name: 'big.wav', type: 'audio/wav' }]));
      assert.equal(sent.status, 413);
      assert.equal(sent.body.error.code, 'upload.too_large');
      assert.match(sent.body.error.message, /MENTOR_MAX_UPLOAD_MB/);
    } finally {
      await server.close();
    }
  });
});
