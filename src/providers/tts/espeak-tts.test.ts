import assert from 'node:assert/strict';
import { test } from 'node:test';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import { createEspeakTts, fixWavSizes } from './espeak-tts.ts';
import { describeTtsContract } from './tts-contract.ts';

const ESPEAK = '/usr/bin/espeak-ng';

// The contract runs against the real espeak-ng (a Debian package these machines have).
if (existsSync(ESPEAK)) describeTtsContract('espeak', () => Promise.resolve({ tts: createEspeakTts() }));

function isAppError(code: string, retryable: boolean) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.retryable, retryable);
    return true;
  };
}

void test('a missing binary is a non-retryable error that says how to continue', async () => {
  const tts = createEspeakTts({ binary: '/nonexistent/espeak-ng' });
  await assert.rejects(tts.synthesize('Привет', { language: 'ru' }), isAppError('tts.unavailable', false));
  await assert.rejects(tts.check(), (error: unknown) => error instanceof AppError && /espeak-ng/.test(error.message) && /text mode/.test(error.message));
});

void test('a stuck process is killed after the timeout: a retryable error', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mentor-tts-'));
  try {
    const stuck = join(dir, 'stuck-espeak');
    await writeFile(stuck, '#!/bin/sh\nexec sleep 30\n');
    await chmod(stuck, 0o755);
    const tts = createEspeakTts({ binary: stuck, timeoutMs: 200 });
    await assert.rejects(tts.synthesize('Привет', { language: 'ru' }), isAppError('tts.timeout', true));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void test('text that looks like an option is spoken, not parsed; a bad voice name is refused', { skip: !existsSync(ESPEAK) }, async () => {
  const tts = createEspeakTts();
  const { audio } = await tts.synthesize('-w /tmp/owned.wav --help', { language: 'en' });
  assert.ok(audio.length > 1000);
  assert.equal(existsSync('/tmp/owned.wav'), false);
  await assert.rejects(tts.synthesize('Привет', { language: 'ru', voice: 'ru; rm -rf /' }), isAppError('tts.bad_voice', false));
  const female = await tts.synthesize('Привет', { language: 'ru', voice: 'ru+f3' });
  assert.ok(female.audio.length > 1000);
});

void test('the stream starts before synthesis ends and the consumer may stop early', { skip: !existsSync(ESPEAK) }, async () => {
  const tts = createEspeakTts();
  assert.ok(tts.synthesizeStream);
  const long = 'Знаете, мне нужно подумать и посоветоваться с коллегами. '.repeat(30);
  let chunks = 0;
  for await (const chunk of tts.synthesizeStream(long, { language: 'ru' })) {
    assert.ok(chunk.length > 0);
    chunks += 1;
    if (chunks === 2) break; // the manager interrupted: the process is killed in finally
  }
  assert.equal(chunks, 2);
});

void test('fixWavSizes writes the real RIFF and data sizes', () => {
  const wav = Buffer.alloc(60);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(0x7ffffff0, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(0x7ffffff0, 40);
  const fixed = fixWavSizes(wav);
  assert.equal(fixed.readUInt32LE(4), 52);
  assert.equal(fixed.readUInt32LE(40), 16);
});
