import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { availableTtsProviders, createTextToSpeech } from './tts-registry.ts';

void test('defaults to none, which answers in text mode with a non-retryable error', async () => {
  const tts = createTextToSpeech({});
  assert.equal(tts.provider, 'none');
  await assert.rejects(tts.synthesize('Да', { language: 'ru' }), (error: unknown) => error instanceof AppError && error.code === 'tts.disabled' && !error.retryable);
});

void test('openai is registered only with its configuration; espeak always', () => {
  assert.deepEqual(availableTtsProviders({}), ['none', 'espeak']);
  const settings = { provider: 'openai', openai: { baseUrl: 'http://127.0.0.1:1/v1', model: 'tts-1', voice: 'alloy' } };
  assert.deepEqual(availableTtsProviders(settings), ['none', 'espeak', 'openai']);
  assert.equal(createTextToSpeech(settings).voice, 'alloy');
  assert.equal(createTextToSpeech({ provider: 'espeak' }).provider, 'espeak');
});

void test('a chosen but unconfigured adapter says what to set; an unknown slug lists the valid ones', () => {
  assert.throws(() => createTextToSpeech({ provider: 'openai' }), (error: unknown) => error instanceof AppError && error.code === 'tts.not_configured' && /MENTOR_TTS_BASE_URL/.test(error.message));
  assert.throws(() => createTextToSpeech({ provider: 'polly' }), /none, espeak, openai/);
});
