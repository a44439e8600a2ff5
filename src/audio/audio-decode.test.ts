import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { AppError } from '../domain/errors.ts';
import { makeStereoCall, RUSSIAN_CALL, type FixtureCall, type FixtureFormat } from '../../test/support/audio-fixtures.ts';
import { decodeForStt, prepareRecording, splitStereo } from './audio-decode.ts';
import { probeAudio } from './audio-probe.ts';

const run = promisify(execFile);

/** peak amplitude (0..1) of a window of a file, via sox */
async function peak(path: string, start: number, seconds: number): Promise<number> {
  const { stderr } = await run('sox', [path, '-n', 'trim', String(start), String(seconds), 'stat']);
  return Number(/Maximum amplitude:\s*([\d.]+)/.exec(stderr)?.[1]);
}

void describe('audio decoding', () => {
  let work: string;
  let call: FixtureCall;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'mentor-audio-test-'));
    call = await makeStereoCall(RUSSIAN_CALL, { managerChannel: 'right' });
  });
  after(async () => {
    await call.cleanup();
    await rm(work, { recursive: true, force: true });
  });

  void test('probes a stereo telephony WAV', async () => {
    const info = await probeAudio(call.path);
    assert.equal(info.channels, 2);
    assert.equal(info.sampleRate, 8000);
    assert.equal(info.format, 'wav');
    const last = call.turns.at(-1);
    assert.ok(last && info.durationSec >= last.end, 'the file is as long as its turns');
  });

  void test('splits stereo by the configured manager channel', async () => {
    const dir = await mkdtemp(join(work, 'split-'));
    const channels = await splitStereo(call.path, dir, { managerChannel: 'right' });
    const first = call.turns[0];
    const second = call.turns[1];
    assert.ok(first && second && first.speaker === 'manager');
    const inside = (turn: typeof first): [number, number] => [turn.start + 0.1, Math.max(0.2, turn.end - turn.start - 0.2)];
    assert.ok((await peak(channels.manager, ...inside(first))) > 0.05, 'the manager speaks in the manager file');
    assert.ok((await peak(channels.client, ...inside(first))) < 0.01, 'the client file is silent while the manager speaks');
    assert.ok((await peak(channels.client, ...inside(second))) > 0.05, 'the client speaks in the client file');
    const info = await probeAudio(channels.manager);
    assert.deepEqual([info.channels, info.sampleRate, info.codec], [1, 16000, 'pcm_s16le']);
  });

  for (const format of ['mulaw', 'alaw', 'mp3', 'ogg-opus'] satisfies FixtureFormat[]) {
    void test(`decodes ${format} to 16 kHz mono PCM`, async () => {
      const encoded = await makeStereoCall(RUSSIAN_CALL.slice(0, 2), { format });
      try {
        const output = join(work, `${format}.wav`);
        await decodeForStt(encoded.path, output);
        const info = await probeAudio(output);
        assert.deepEqual([info.channels, info.sampleRate, info.codec], [1, 16000, 'pcm_s16le']);
        assert.ok(info.durationSec > 1);
      } finally {
        await encoded.cleanup();
      }
    });
  }

  void test('prepareRecording gives per-party files for stereo', async () => {
    const dir = await mkdtemp(join(work, 'prepare-'));
    const prepared = await prepareRecording(call.path, dir, { managerChannel: 'right' });
    assert.ok('manager' in prepared.channels);
    assert.deepEqual(prepared.warnings, []);
  });

  void test('prepareRecording decodes mono to one file', async () => {
    const dir = await mkdtemp(join(work, 'mono-'));
    const mono = join(work, 'mono-in.wav');
    await run('sox', [call.path, '-c', '1', mono]);
    const prepared = await prepareRecording(mono, dir);
    assert.ok('mono' in prepared.channels);
  });

  void describe('bad input', () => {
    const expectCode = async (promise: Promise<unknown>, code: string): Promise<void> => {
      await assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.code, code, error.message);
        assert.equal(error.retryable, false);
        assert.ok(error.message.length > 30, 'the message says what to do');
        return true;
      });
    };

    void test('zero-length file → audio.empty', async () => {
      const path = join(work, 'zero.wav');
      await writeFile(path, '');
      await expectCode(prepareRecording(path, work), 'audio.empty');
    });

    void test('a WAV header without samples → audio.empty', async () => {
      const path = join(work, 'header-only.wav');
      await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=1', '-t', '0', '-c:a', 'pcm_s16le', path]);
      await expectCode(prepareRecording(path, work), 'audio.empty');
    });

    void test('a truncated MP3 → audio.corrupt', async () => {
      const full = join(work, 'full.mp3');
      await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', call.path, '-c:a', 'libmp3lame', full]);
      const path = join(work, 'truncated.mp3');
      await writeFile(path, (await readFile(full)).subarray(0, 300));
      await expectCode(prepareRecording(path, work), 'audio.corrupt');
    });

    void test('a WAV with a garbage body → audio.corrupt', async () => {
      const path = join(work, 'garbage.wav');
      await writeFile(path, Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), Buffer.alloc(200, 0xab)]));
      await expectCode(prepareRecording(path, work), 'audio.corrupt');
    });

    void test('a text file → audio.unsupported', async () => {
      const path = join(work, 'notes.wav');
      await writeFile(path, 'Менеджер: добрый день\n');
      await expectCode(prepareRecording(path, work), 'audio.unsupported');
    });

    void test('an image → audio.unsupported', async () => {
      const path = join(work, 'photo.png');
      await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=red:s=16x16:d=1', '-frames:v', '1', path]);
      await expectCode(prepareRecording(path, work), 'audio.unsupported');
    });

    void test('a decoder that runs past its timeout is killed → audio.timeout (retryable)', async () => {
      await assert.rejects(decodeForStt(call.path, join(work, 'never.wav'), { timeoutMs: 1 }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'audio.timeout');
        assert.equal(error.retryable, true);
        return true;
      });
    });

    void test('a silent stereo call → audio.silent', async () => {
      const path = join(work, 'silent.wav');
      await run('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', path, 'trim', '0', '3']);
      await expectCode(prepareRecording(path, work), 'audio.silent');
    });

    void test('a silent mono call → audio.silent', async () => {
      const path = join(work, 'silent-mono.wav');
      await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', path, 'trim', '0', '2']);
      await expectCode(prepareRecording(path, work), 'audio.silent');
    });

    void test('a stereo call with one dead channel still works, with a warning', async () => {
      const path = join(work, 'one-sided.wav');
      const left = join(work, 'speech-left.wav');
      const silentRight = join(work, 'silent-right.wav');
      await run('sox', [call.path, left, 'remix', '2']);
      await run('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', silentRight, 'trim', '0', String((await probeAudio(left)).durationSec)]);
      await run('sox', ['-M', left, silentRight, path]);
      const dir = await mkdtemp(join(work, 'one-sided-'));
      const prepared = await prepareRecording(path, dir, { managerChannel: 'left' });
      assert.match(prepared.warnings.join(' '), /client channel is silent/);
    });
  });
});
