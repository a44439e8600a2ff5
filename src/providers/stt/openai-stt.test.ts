import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../../test/support/fake-openai-server.ts';
import { apiRoot, createOpenAiStt, parseVerboseJson } from './openai-stt.ts';
import { describeSttContract } from './stt-contract.ts';

const AUDIO = Buffer.from('RIFF fake wav bytes for the table lookup');
const SECRET = 'sk-test-secret-123456';

describeSttContract('openai (fake server)', async () => {
  const server = await startFakeOpenAiServer();
  server.registerAudio(AUDIO, [{ start: 0, end: 1.5, text: 'Добрый день' }, { start: 2, end: 3, text: 'Слушаю вас' }]);
  return {
    stt: createOpenAiStt({ baseUrl: server.url, model: 'whisper-1', timeoutMs: 5000 }),
    audio: AUDIO,
    language: 'ru',
    expect: { transcribes: true, texts: ['Добрый день', 'Слушаю вас'] },
    healthy: true,
    teardown: () => server.close(),
  };
});

void describe('openai speech-to-text', () => {
  let server: FakeOpenAiServer;
  before(async () => {
    server = await startFakeOpenAiServer();
  });
  after(() => server.close());

  const stt = (timeoutMs = 5000) => createOpenAiStt({ baseUrl: server.url, apiKey: SECRET, model: 'whisper-1', timeoutMs });
  const rejectsWith = async (promise: Promise<unknown>, code: string, retryable: boolean): Promise<AppError> => {
    let caught: AppError | undefined;
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, code);
      assert.equal(error.retryable, retryable);
      assert.ok(!error.message.includes(SECRET), 'the API key never appears in errors');
      caught = error;
      return true;
    });
    return caught as AppError;
  };

  void test('sends the documented multipart request with the bearer key', async () => {
    server.registerAudio(AUDIO, [{ start: 0, end: 1, text: 'Алло' }]);
    const result = await stt().transcribe({ audio: AUDIO, language: 'ru', channel: 'manager' });
    assert.deepEqual(result.segments, [{ start: 0, end: 1, text: 'Алло' }]);
    assert.equal(result.language, 'ru', 'verbose_json language name maps to BCP 47');
    const request = server.requests.at(-1);
    assert.equal(request?.headers.authorization, `Bearer ${SECRET}`);
    assert.deepEqual(request?.fields.model, ['whisper-1']);
    assert.deepEqual(request?.fields.response_format, ['verbose_json']);
    assert.deepEqual(request?.fields['timestamp_granularities[]'], ['segment']);
    assert.deepEqual(request?.fields.language, ['ru']);
    assert.equal(request?.files.file?.size, AUDIO.length);
  });

  void test('keeps the speaker label of a diarizing server', async () => {
    const audio = Buffer.from('diarized');
    server.registerAudio(audio, [{ start: 0, end: 1, text: 'Здравствуйте', speaker: 'SPEAKER_00' }, { start: 1, end: 2, text: 'Добрый день', speaker: 'SPEAKER_01' }]);
    const result = await stt().transcribe({ audio });
    assert.deepEqual(result.segments.map((segment) => segment.speaker), ['SPEAKER_00', 'SPEAKER_01']);
  });

  void test('5xx is retryable', async () => {
    server.failNext({ kind: 'status', status: 500 });
    await rejectsWith(stt().transcribe({ audio: AUDIO }), 'stt.server_error', true);
  });

  void test('429 is retryable', async () => {
    server.failNext({ kind: 'status', status: 429, body: { error: { message: 'Rate limit reached' } } });
    const error = await rejectsWith(stt().transcribe({ audio: AUDIO }), 'stt.rate_limited', true);
    assert.match(error.message, /Rate limit reached/);
  });

  void test('4xx is not retryable and carries the server message', async () => {
    server.failNext({ kind: 'status', status: 400, body: { error: { message: 'Invalid file format. Supported formats: flac, mp3, wav' } } });
    const error = await rejectsWith(stt().transcribe({ audio: AUDIO }), 'stt.rejected', false);
    assert.match(error.message, /Invalid file format/);
  });

  void test('a wrong API key is a non-retryable rejection', async () => {
    server.requireApiKey('another-key');
    try {
      await rejectsWith(stt().transcribe({ audio: AUDIO }), 'stt.rejected', false);
      await rejectsWith(stt().check(), 'stt.unauthorized', false);
    } finally {
      server.requireApiKey(undefined);
    }
  });

  void test('a server that never answers times out as retryable', async () => {
    server.failNext({ kind: 'hang' });
    await rejectsWith(stt(300).transcribe({ audio: AUDIO }), 'stt.timeout', true);
  });

  void test('a slow server within the timeout still succeeds', async () => {
    server.registerAudio(AUDIO, [{ start: 0, end: 1, text: 'Алло' }]);
    server.failNext({ kind: 'delay', ms: 100 });
    const result = await stt(5000).transcribe({ audio: AUDIO });
    assert.equal(result.segments[0]?.text, 'Алло');
  });

  void test('unregistered audio gets the configurable default', async () => {
    server.setDefaultTranscription([{ start: 0, end: 2, text: 'Тишина на линии' }]);
    const result = await stt().transcribe({ audio: Buffer.from('never registered') });
    assert.deepEqual(result.segments.map((segment) => segment.text), ['Тишина на линии']);
    server.setDefaultTranscription([]);
  });

  void test('invalid JSON is reported as a bad response', async () => {
    server.failNext({ kind: 'invalid-json' });
    await rejectsWith(stt().transcribe({ audio: AUDIO }), 'stt.bad_response', true);
  });

  void test('an unreachable endpoint fails fast with a clear error', async () => {
    const port = await freePort();
    const unreachable = createOpenAiStt({ baseUrl: `http://127.0.0.1:${port}`, apiKey: SECRET, model: 'whisper-1', timeoutMs: 5000 });
    const error = await rejectsWith(unreachable.transcribe({ audio: AUDIO }), 'stt.unreachable', true);
    assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}/v1`));
    await rejectsWith(unreachable.check(), 'stt.unreachable', true);
  });

  void test('a file path is uploaded with its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mentor-openai-test-'));
    try {
      const path = join(dir, 'manager.wav');
      await writeFile(path, AUDIO);
      server.registerAudio(AUDIO, [{ start: 0, end: 1, text: 'Алло' }]);
      await stt().transcribe({ audio: path });
      assert.deepEqual(server.requests.at(-1)?.files.file && { name: server.requests.at(-1)?.files.file?.name, type: server.requests.at(-1)?.files.file?.type }, { name: 'manager.wav', type: 'audio/wav' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void test('a missing audio file is a non-retryable error naming the path', async () => {
    const error = await rejectsWith(stt().transcribe({ audio: '/nonexistent/call.wav' }), 'stt.audio_unreadable', false);
    assert.match(error.message, /\/nonexistent\/call\.wav/);
  });
});

void describe('openai response parsing', () => {
  void test('adds /v1 only when the base URL has no version', () => {
    assert.equal(apiRoot('http://gpu:8000'), 'http://gpu:8000/v1');
    assert.equal(apiRoot('https://api.openai.com/v1/'), 'https://api.openai.com/v1');
  });

  void test('a plain json body becomes one untimed segment with a warning', () => {
    const result = parseVerboseJson({ text: ' Привет ' }, 'ru');
    assert.deepEqual(result.segments, [{ start: 0, end: 0, text: 'Привет' }]);
    assert.equal(result.warnings.length, 1);
    assert.equal(result.language, 'ru');
  });

  void test('drops empty segments and sorts by start', () => {
    const result = parseVerboseJson({ language: 'english', segments: [{ start: 2, end: 3, text: 'b' }, { start: 0, end: 1, text: ' a ' }, { start: 1, end: 2, text: '  ' }] });
    assert.deepEqual(result.segments.map((segment) => segment.text), ['a', 'b']);
    assert.equal(result.language, 'en');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
