import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { describeSttContract } from './stt-contract.ts';
import { createWhisperStt } from './whisper-stt.ts';

describeSttContract('whisper (no model on this machine)', () => Promise.resolve({
  stt: createWhisperStt({ modelPath: '/nonexistent/ggml-small.bin' }),
  audio: Buffer.from('RIFF'),
  expect: { transcribes: false, code: 'stt.model_missing' },
  healthy: false,
}));

void describe('whisper speech-to-text', () => {
  let dir: string;
  let modelPath: string;
  // Workers standing in for the native child: each simulates one way the real one can end.
  const workers: Record<string, string> = {
    exits: "process.once('message', () => process.exit(3));",
    segfaults: "process.once('message', () => { process.stderr.write('ggml: invalid model\\n'); process.kill(process.pid, 'SIGSEGV'); });",
    hangs: "process.once('message', () => setInterval(() => {}, 1000));",
    answers: `process.once('message', (job) => process.send({ ok: true, language: 'ru', segments: [{ start: 0, end: 1.2, text: 'Добрый день' }], echo: job }, () => process.exit(0)));`,
    fails: "process.once('message', () => process.send({ ok: false, code: 'stt.whisper_failed', message: 'failed to decode audio' }, () => process.exit(0)));",
  };
  const workerPath = (name: string): string => join(dir, `${name}.mjs`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentor-whisper-test-'));
    modelPath = join(dir, 'ggml-tiny.bin');
    await writeFile(modelPath, 'not really a model');
    for (const [name, source] of Object.entries(workers)) await writeFile(workerPath(name), source);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const expectError = async (promise: Promise<unknown>, code: string, retryable: boolean): Promise<AppError> => {
    let caught: AppError | undefined;
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, code);
      assert.equal(error.retryable, retryable);
      caught = error;
      return true;
    });
    return caught as AppError;
  };

  void test('a missing model names the path and how to get one', async () => {
    const stt = createWhisperStt({ modelPath: join(dir, 'missing.bin') });
    const error = await expectError(stt.check(), 'stt.model_missing', false);
    assert.match(error.message, /missing\.bin/);
    assert.match(error.message, /MENTOR_WHISPER_MODEL/);
    await expectError(stt.transcribe({ audio: Buffer.from('x') }), 'stt.model_missing', false);
  });

  // the package is not a default dependency (266 MB of native builds): installed → check passes,
  // missing → check says how to install it
  const packageInstalled = (() => {
    try {
      import.meta.resolve('@fugood/whisper.node');
      return true;
    } catch {
      return false;
    }
  })();

  void test('check() passes when the model file and the package are there', { skip: packageInstalled ? false : '@fugood/whisper.node is not installed' }, async () => {
    await createWhisperStt({ modelPath }).check();
  });

  void test('without the package, check() says how to install it', { skip: packageInstalled ? 'the package is installed here' : false }, async () => {
    const error = await expectError(createWhisperStt({ modelPath }).check(), 'stt.whisper_unavailable', false);
    assert.match(error.message, /npm install @fugood\/whisper\.node/);
  });

  void test('a worker that exits abruptly becomes a retryable error', async () => {
    const stt = createWhisperStt({ modelPath, workerPath: workerPath('exits') });
    const error = await expectError(stt.transcribe({ audio: Buffer.from('RIFF') }), 'stt.worker_crashed', true);
    assert.match(error.message, /exit code 3/);
  });

  void test('a native crash (SIGSEGV) does not take the parent down', async () => {
    const stt = createWhisperStt({ modelPath, workerPath: workerPath('segfaults') });
    const error = await expectError(stt.transcribe({ audio: Buffer.from('RIFF') }), 'stt.worker_crashed', true);
    assert.match(error.message, /SIGSEGV/);
    assert.match(error.message, /invalid model/, 'the worker stderr tail helps the operator');
  });

  void test('a worker that never finishes is killed and reported as a timeout', async () => {
    const stt = createWhisperStt({ modelPath, workerPath: workerPath('hangs'), timeoutMs: 300 });
    await expectError(stt.transcribe({ audio: Buffer.from('RIFF') }), 'stt.timeout', true);
  });

  void test('segments come back from the worker, and the temp audio file is removed', async () => {
    const before = await readdir(tmpdir());
    const stt = createWhisperStt({ modelPath, workerPath: workerPath('answers') });
    const result = await stt.transcribe({ audio: Buffer.from('RIFF'), language: 'ru' });
    assert.deepEqual(result.segments, [{ start: 0, end: 1.2, text: 'Добрый день' }]);
    assert.equal(result.language, 'ru');
    const leftovers = (await readdir(tmpdir())).filter((name) => name.startsWith('mentor-whisper-') && !before.includes(name) && !dir.endsWith(name));
    assert.deepEqual(leftovers, []);
  });

  void test('an engine error reported by the worker is retryable', async () => {
    const stt = createWhisperStt({ modelPath, workerPath: workerPath('fails') });
    const error = await expectError(stt.transcribe({ audio: Buffer.from('RIFF') }), 'stt.whisper_failed', true);
    assert.match(error.message, /failed to decode audio/);
  });

  void test('the real worker turns a corrupt model file into an AppError, not a crash of this process', async () => {
    const stt = createWhisperStt({ modelPath, timeoutMs: 60_000 });
    await assert.rejects(stt.transcribe({ audio: Buffer.from('RIFF') }), (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.ok(['stt.whisper_failed', 'stt.worker_crashed', 'stt.whisper_unavailable'].includes(error.code), error.code);
      return true;
    });
  });
});
