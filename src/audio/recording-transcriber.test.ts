import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import type { SpeechToText, SttInput, SttResult } from '../providers/stt/stt-port.ts';
import type { PreparedRecording } from './audio-decode.ts';
import { transcribePreparedRecording } from './recording-transcriber.ts';

/** An in-memory SpeechToText: answers by file path, records what it was asked. */
function fakeStt(answers: Record<string, SttResult>): SpeechToText & { calls: SttInput[] } {
  const calls: SttInput[] = [];
  return {
    provider: 'fake', model: 'fake-1', calls,
    transcribe(input) {
      calls.push(input);
      const answer = answers[String(input.audio)];
      return answer ? Promise.resolve(answer) : Promise.reject(new Error(`unexpected audio ${String(input.audio)}`));
    },
    check: () => Promise.resolve(),
  };
}

const info = { format: 'wav', codec: 'pcm_s16le', channels: 2, sampleRate: 8000, durationSec: 10, sizeBytes: 1 };

void test('stereo: each channel is transcribed as its party and interleaved', async () => {
  const stt = fakeStt({
    '/m.wav': { segments: [{ start: 0, end: 2, text: 'Добрый день' }, { start: 5, end: 6, text: 'Когда удобно?' }], language: 'ru', warnings: [] },
    '/c.wav': { segments: [{ start: 2.5, end: 4, text: 'Здравствуйте' }], language: 'ru', warnings: ['low volume'] },
  });
  const prepared: PreparedRecording = { info, channels: { manager: '/m.wav', client: '/c.wav' }, warnings: [] };
  const result = await transcribePreparedRecording(stt, prepared, { language: 'ru' });
  assert.deepEqual(result.transcript.turns.map((turn) => [turn.speaker, turn.text]), [['manager', 'Добрый день'], ['client', 'Здравствуйте'], ['manager', 'Когда удобно?']]);
  assert.deepEqual(stt.calls.map((call) => call.channel), ['manager', 'client']);
  assert.deepEqual(result.warnings, ['low volume']);
  assert.deepEqual(result.engine, { provider: 'fake', model: 'fake-1' });
});

void test('mono without diarization warns that attribution is a guess', async () => {
  const stt = fakeStt({ '/mono.wav': { segments: [{ start: 0, end: 1, text: 'Hello' }, { start: 1, end: 2, text: 'Hi' }], language: 'en', warnings: [] } });
  const result = await transcribePreparedRecording(stt, { info: { ...info, channels: 1 }, channels: { mono: '/mono.wav' }, warnings: [] });
  assert.equal(result.transcript.language, 'en');
  assert.ok(result.transcript.turns.every((turn) => turn.lowConfidence));
  assert.match(result.warnings.join(' '), /record calls in stereo/);
});

void test('no words at all is a clear, final error', async () => {
  const stt = fakeStt({ '/mono.wav': { segments: [], warnings: [] } });
  await assert.rejects(transcribePreparedRecording(stt, { info, channels: { mono: '/mono.wav' }, warnings: [] }), (error: unknown) => error instanceof AppError && error.code === 'audio.no_speech' && !error.retryable);
});
