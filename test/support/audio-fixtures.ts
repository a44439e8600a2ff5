// Test "calls" made of real speech: espeak-ng says each line, sox lays the manager's lines on the
// left channel and the client's on the right with silence opposite, so turns alternate exactly as
// on a stereo PBX recording. The expected turns (with times) come back with the file, and helpers
// register the decoded channels in the fake STT server so transcription is deterministic.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Speaker, Turn } from '../../src/domain/transcript.ts';
import type { FakeOpenAiServer, FakeSegment } from './fake-openai-server.ts';

const run = promisify(execFile);

export interface FixtureLine { speaker: Speaker; text: string }

/** container/codec of the produced file; telephony sends all of these */
export type FixtureFormat = 'wav' | 'mulaw' | 'alaw' | 'mp3' | 'ogg-opus';

export interface FixtureCall {
  path: string;
  dir: string;
  /** what the call says, with times in seconds */
  turns: Required<Pick<Turn, 'speaker' | 'text' | 'start' | 'end'>>[];
  managerChannel: 'left' | 'right';
  language: 'ru' | 'en';
  cleanup(): Promise<void>;
}

const SAMPLE_RATE = 8000;
const GAP_SEC = 0.4;

export const RUSSIAN_CALL: FixtureLine[] = [
  { speaker: 'manager', text: 'Добрый день, компания Ромашка, меня зовут Анна.' },
  { speaker: 'client', text: 'Здравствуйте, я хотел узнать про доставку.' },
  { speaker: 'manager', text: 'Конечно, куда нужно доставить?' },
  { speaker: 'client', text: 'В Казань, к пятнице.' },
];

export const ENGLISH_CALL: FixtureLine[] = [
  { speaker: 'manager', text: 'Good morning, this is Anna from Daisy.' },
  { speaker: 'client', text: 'Hi, I need a quote for delivery.' },
];

async function duration(path: string): Promise<number> {
  const { stdout } = await run('sox', ['--i', '-D', path]);
  return Number(stdout.trim());
}

/** Build a stereo call. The caller must `cleanup()` (tests do it in `after`). */
export async function makeStereoCall(lines: FixtureLine[], options: { language?: 'ru' | 'en'; managerChannel?: 'left' | 'right'; format?: FixtureFormat } = {}): Promise<FixtureCall> {
  const language = options.language ?? 'ru';
  const managerChannel = options.managerChannel ?? 'left';
  const dir = await mkdtemp(join(tmpdir(), 'mentor-call-'));
  try {
    const left: string[] = [];
    const right: string[] = [];
    const turns: FixtureCall['turns'] = [];
    let clock = 0;
    const gap = join(dir, 'gap.wav');
    await run('sox', ['-n', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', gap, 'trim', '0', String(GAP_SEC)]);
    for (const [index, line] of lines.entries()) {
      const raw = join(dir, `line-${index}-raw.wav`);
      const speech = join(dir, `line-${index}.wav`);
      const silence = join(dir, `line-${index}-silence.wav`);
      await run('espeak-ng', ['-v', language, '-s', '160', '-w', raw, '--', line.text]);
      await run('sox', [raw, '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', speech]);
      const seconds = await duration(speech);
      await run('sox', ['-n', '-r', String(SAMPLE_RATE), '-c', '1', '-b', '16', silence, 'trim', '0', String(seconds)]);
      const managerSpeaks = line.speaker === 'manager';
      const onLeft = managerSpeaks === (managerChannel === 'left');
      left.push(onLeft ? speech : silence, gap);
      right.push(onLeft ? silence : speech, gap);
      turns.push({ speaker: line.speaker, text: line.text, start: round(clock), end: round(clock + seconds) });
      clock += seconds + GAP_SEC;
    }
    const leftPath = join(dir, 'left.wav');
    const rightPath = join(dir, 'right.wav');
    await run('sox', [...left, leftPath]);
    await run('sox', [...right, rightPath]);
    const stereo = join(dir, 'call.wav');
    await run('sox', ['-M', leftPath, rightPath, stereo]);
    const path = await convert(stereo, dir, options.format ?? 'wav');
    return { path, dir, turns, managerChannel, language, cleanup: () => rm(dir, { recursive: true, force: true }) };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A mono recording of the same lines (no channel separation), e.g. for diarization paths. */
export async function makeMonoCall(lines: FixtureLine[], options: { language?: 'ru' | 'en' } = {}): Promise<FixtureCall> {
  const call = await makeStereoCall(lines, options);
  const mono = join(call.dir, 'mono.wav');
  await run('sox', [call.path, '-c', '1', mono]);
  return { ...call, path: mono };
}

async function convert(stereo: string, dir: string, format: FixtureFormat): Promise<string> {
  const ffmpeg = (output: string, codec: string[]): Promise<unknown> => run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', stereo, ...codec, output]);
  switch (format) {
    case 'wav': return stereo;
    case 'mulaw': { const out = join(dir, 'call-ulaw.wav'); await ffmpeg(out, ['-c:a', 'pcm_mulaw']); return out; }
    case 'alaw': { const out = join(dir, 'call-alaw.wav'); await ffmpeg(out, ['-c:a', 'pcm_alaw']); return out; }
    case 'mp3': { const out = join(dir, 'call.mp3'); await ffmpeg(out, ['-c:a', 'libmp3lame', '-b:a', '32k']); return out; }
    case 'ogg-opus': { const out = join(dir, 'call.ogg'); await ffmpeg(out, ['-c:a', 'libopus', '-b:a', '24k']); return out; }
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

export function segmentsFor(call: FixtureCall, speaker: Speaker): FakeSegment[] {
  return call.turns.filter((turn) => turn.speaker === speaker).map(({ start, end, text }) => ({ start, end, text }));
}

/**
 * Teach the fake STT server what the decoded channel files (from src/audio splitStereo /
 * prepareRecording) say: it answers by the sha256 of the uploaded bytes.
 */
export async function registerChannels(server: FakeOpenAiServer, call: FixtureCall, channels: { manager: string; client: string }): Promise<void> {
  server.registerAudio(await readFile(channels.manager), segmentsFor(call, 'manager'), { language: call.language });
  server.registerAudio(await readFile(channels.client), segmentsFor(call, 'client'), { language: call.language });
}

/** Register a mono decoded file with diarized segments (SPEAKER_00 = manager). */
export async function registerMono(server: FakeOpenAiServer, call: FixtureCall, monoPath: string, options: { diarized?: boolean } = {}): Promise<void> {
  const segments = call.turns.map(({ speaker, start, end, text }) => ({
    start, end, text, ...(options.diarized ? { speaker: speaker === 'manager' ? 'SPEAKER_00' : 'SPEAKER_01' } : {}),
  }));
  server.registerAudio(await readFile(monoPath), segments, { language: call.language });
}
