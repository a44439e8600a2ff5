// The ingestion building blocks composed as the pipeline will use them: a signed webhook with a
// recording URL → download → content-addressed (encrypted) storage → decode/split → OpenAI-
// compatible STT (the fake server) → turns. Real audio made by espeak-ng, no model needed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { prepareRecording } from '../../src/audio/audio-decode.ts';
import { createRecordingStore, sha256File } from '../../src/audio/recording-store.ts';
import { transcribePreparedRecording } from '../../src/audio/recording-transcriber.ts';
import { attributeMonoSegments } from '../../src/audio/turn-builder.ts';
import { parseGenericWebhookPayload } from '../../src/integrations/telephony/generic/generic-webhook-schema.ts';
import { signGenericWebhook, verifyGenericWebhook } from '../../src/integrations/telephony/generic/generic-webhook-signature.ts';
import { fetchRecording } from '../../src/integrations/telephony/generic/recording-fetcher.ts';
import { createOpenAiStt } from '../../src/providers/stt/openai-stt.ts';
import { ENGLISH_CALL, makeMonoCall, makeStereoCall, registerChannels, registerMono, RUSSIAN_CALL, type FixtureCall } from '../support/audio-fixtures.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';

void describe('ingestion: audio to transcript', () => {
  let stt: FakeOpenAiServer;
  let work: string;
  let pbx: Server;
  let pbxUrl: string;
  const served = new Map<string, string>();

  before(async () => {
    stt = await startFakeOpenAiServer();
    work = await mkdtemp(join(tmpdir(), 'mentor-ingestion-'));
    // a stand-in PBX that serves recordings over HTTP
    pbx = createServer((req, res) => {
      const path = served.get(req.url ?? '');
      if (!path) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'audio/wav' });
      createReadStream(path).pipe(res);
    });
    await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
    pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}`;
  });
  after(async () => {
    await stt.close();
    pbx.closeAllConnections();
    await new Promise((resolve) => pbx.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  const withCall = async (make: () => Promise<FixtureCall>, body: (call: FixtureCall) => Promise<void>): Promise<void> => {
    const call = await make();
    try {
      await body(call);
    } finally {
      await call.cleanup();
    }
  };

  void test('a signed webhook with a stereo μ-law recording ends as the expected turns', () => withCall(
    () => makeStereoCall(RUSSIAN_CALL, { managerChannel: 'right', format: 'mulaw' }),
    async (call) => {
      served.set('/rec/call-1.wav', call.path);
      const secret = 'integration-secret';
      const rawBody = JSON.stringify({ external_id: 'call-1', manager_extension: '101', client_phone: '+7 916 123-45-67', direction: 'outbound', started_at: '2024-03-12T10:15:01+03:00', duration: 20, recording_url: `${pbxUrl}/rec/call-1.wav` });
      const timestamp = Math.floor(Date.now() / 1000);
      verifyGenericWebhook({ rawBody, headers: { 'x-mentor-signature': signGenericWebhook(rawBody, secret, timestamp), 'x-mentor-timestamp': String(timestamp) }, secrets: secret });
      const payload = parseGenericWebhookPayload(JSON.parse(rawBody));
      assert.ok(payload.recording_url);

      const download = await fetchRecording(payload.recording_url, { maxBytes: 10 * 1024 * 1024 });
      const store = createRecordingStore({ root: join(work, 'recordings'), encryptionKey: randomBytes(32) });
      const stored = await store.save(download.path, { extension: 'wav' });
      assert.equal(stored.hash, await sha256File(call.path), 'stored under the hash of the original bytes');
      await download.cleanup();

      const dir = await mkdtemp(join(work, 'call-1-'));
      const prepared = await prepareRecording(call.path, dir, { managerChannel: 'right' });
      assert.ok('manager' in prepared.channels);
      await registerChannels(stt, call, prepared.channels);

      const speech = createOpenAiStt({ baseUrl: stt.url, model: 'whisper-1', timeoutMs: 10_000 });
      const { transcript, engine } = await transcribePreparedRecording(speech, prepared, { language: 'ru' });
      assert.deepEqual(transcript, { language: 'ru', turns: call.turns });
      assert.deepEqual(engine, { provider: 'openai', model: 'whisper-1' });
      assert.deepEqual(stt.requests.slice(-2).map((request) => request.fields.language), [['ru'], ['ru']]);
    },
  ));

  void test('an OGG/Opus English call is transcribed per channel', () => withCall(
    () => makeStereoCall(ENGLISH_CALL, { language: 'en', format: 'ogg-opus' }),
    async (call) => {
      const dir = await mkdtemp(join(work, 'opus-'));
      const prepared = await prepareRecording(call.path, dir);
      assert.ok('manager' in prepared.channels);
      await registerChannels(stt, call, prepared.channels);
      const speech = createOpenAiStt({ baseUrl: stt.url, model: 'whisper-1' });
      const manager = await speech.transcribe({ audio: await readFile(prepared.channels.manager) });
      assert.deepEqual(manager.segments.map((segment) => segment.text), ['Good morning, this is Anna from Daisy.']);
      assert.equal(manager.language, 'en');
    },
  ));

  void test('a mono recording with a diarizing server keeps speakers; without one, turns are flagged', () => withCall(
    () => makeMonoCall(RUSSIAN_CALL),
    async (call) => {
      const dir = await mkdtemp(join(work, 'mono-'));
      const prepared = await prepareRecording(call.path, dir);
      assert.ok('mono' in prepared.channels);
      const speech = createOpenAiStt({ baseUrl: stt.url, model: 'diarize' });

      await registerMono(stt, call, prepared.channels.mono, { diarized: true });
      const diarized = await speech.transcribe({ audio: prepared.channels.mono, channel: 'mono' });
      const turns = attributeMonoSegments(diarized.segments, { speakerMap: { SPEAKER_00: 'manager', SPEAKER_01: 'client' } });
      assert.deepEqual(turns, call.turns);

      await registerMono(stt, call, prepared.channels.mono, { diarized: false });
      const plain = await speech.transcribe({ audio: prepared.channels.mono, channel: 'mono' });
      const guessed = attributeMonoSegments(plain.segments);
      assert.ok(guessed.every((turn) => turn.lowConfidence === true));
      assert.equal(guessed.length, call.turns.length);
    },
  ));
});
