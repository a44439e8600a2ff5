import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { createOpenAiTts } from './openai-tts.ts';
import { describeTtsContract } from './tts-contract.ts';
import { startFakeSpeechServer } from '../../../test/support/fake-speech-server.ts';
import type { FakeSpeechServer } from '../../../test/support/fake-speech-server.ts';

describeTtsContract('openai (fake speech server)', async () => {
  const server = await startFakeSpeechServer();
  return { tts: createOpenAiTts({ baseUrl: server.url, model: 'tts-fake', voice: 'alloy' }), teardown: () => server.close() };
});

let server: FakeSpeechServer;
before(async () => {
  server = await startFakeSpeechServer();
});
after(() => server.close());

function isAppError(code: string, retryable: boolean) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.retryable, retryable);
    return true;
  };
}

void test('sends the documented request: model, input, voice per language, format, bearer key', async () => {
  server.requireApiKey('sk-speech');
  const tts = createOpenAiTts({ baseUrl: server.url.replace(/\/v1$/, ''), apiKey: 'sk-speech', model: 'tts-1', voice: 'alloy', voices: { ru: 'nova' } });
  const { mimeType } = await tts.synthesize('Я подумаю.', { language: 'ru' });
  assert.equal(mimeType, 'audio/wav');
  await tts.synthesize('I will think.', { language: 'en' });
  const [ru, en] = server.speechBodies().slice(-2);
  assert.deepEqual(ru, { model: 'tts-1', input: 'Я подумаю.', voice: 'nova', response_format: 'wav' });
  assert.equal(en?.voice, 'alloy');
});

void test('a wrong key is not retryable; a 500, a hang and a dead server are', async () => {
  server.requireApiKey('sk-speech');
  await assert.rejects(createOpenAiTts({ baseUrl: server.url, apiKey: 'wrong', model: 'tts-1', voice: 'alloy' }).synthesize('Да.', { language: 'ru' }), isAppError('tts.unauthorized', false));
  const tts = createOpenAiTts({ baseUrl: server.url, apiKey: 'sk-speech', model: 'tts-1', voice: 'alloy', timeoutMs: 300 });
  server.failNext({ kind: 'status', status: 500 });
  await assert.rejects(tts.synthesize('Да.', { language: 'ru' }), isAppError('tts.server_error', true));
  server.failNext({ kind: 'hang' });
  await assert.rejects(tts.synthesize('Да.', { language: 'ru' }), isAppError('tts.timeout', true));
  const dead = createOpenAiTts({ baseUrl: 'http://127.0.0.1:1/v1', model: 'tts-1', voice: 'alloy', timeoutMs: 300 });
  await assert.rejects(dead.synthesize('Да.', { language: 'ru' }), isAppError('tts.unavailable', true));
});
