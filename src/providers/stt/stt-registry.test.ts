import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { availableSttProviders, createSpeechToText } from './stt-registry.ts';

void test('defaults to none, which is always available', () => {
  assert.equal(createSpeechToText({}).provider, 'none');
  assert.deepEqual(availableSttProviders({}), ['none']);
});

void test('an adapter is registered only when its configuration exists', () => {
  const settings = { provider: 'openai', openai: { baseUrl: 'http://127.0.0.1:1/v1', model: 'whisper-1' } };
  assert.deepEqual(availableSttProviders(settings), ['none', 'openai']);
  const stt = createSpeechToText(settings);
  assert.equal(stt.provider, 'openai');
  assert.equal(stt.model, 'whisper-1');
  assert.equal(createSpeechToText({ provider: 'whisper', whisper: { modelPath: '/m/ggml-small.bin' } }).model, 'ggml-small.bin');
});

void test('a chosen but unconfigured adapter fails with what to set', () => {
  assert.throws(() => createSpeechToText({ provider: 'whisper' }), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'stt.not_configured');
    assert.match(error.message, /MENTOR_WHISPER_MODEL/);
    return true;
  });
});

void test('an unknown slug lists the valid ones', () => {
  assert.throws(() => createSpeechToText({ provider: 'deepgram' }), /none, openai, whisper/);
});
