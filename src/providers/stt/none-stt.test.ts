import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { createNoneStt } from './none-stt.ts';
import { describeSttContract } from './stt-contract.ts';

describeSttContract('none', () => Promise.resolve({
  stt: createNoneStt(),
  audio: Buffer.from('RIFF'),
  expect: { transcribes: false, code: 'stt.disabled' },
  healthy: true,
}));

void test('the refusal tells the person what to do and is never retried', async () => {
  await assert.rejects(createNoneStt().transcribe({ audio: Buffer.from('x') }), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.retryable, false);
    assert.match(error.message, /upload a transcript/);
    assert.match(error.message, /MENTOR_STT=openai/);
    return true;
  });
});
