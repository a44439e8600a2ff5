// What is this file? ffprobe plus the first bytes of the file, so that "not audio at all"
// (audio.unsupported), "audio but damaged" (audio.corrupt) and "nothing in it" (audio.empty)
// get different, actionable errors.
import { open, stat } from 'node:fs/promises';
import { AppError } from '../domain/errors.ts';
import { FFPROBE, lastErrorLine, runMediaTool } from './media-process.ts';

export interface AudioInfo {
  /** ffprobe container name, e.g. 'wav', 'mp3', 'ogg' */
  format: string;
  codec: string;
  channels: number;
  sampleRate: number;
  durationSec: number;
  sizeBytes: number;
}

const SUPPORTED_HINT = 'Supported: WAV (PCM, G.711 μ-law/A-law, GSM), MP3, OGG/Opus/Vorbis, FLAC, M4A/AAC, AMR, WebM.';

/** Container signatures of audio formats telephony produces. */
export function sniffAudioContainer(head: Buffer): string | null {
  const ascii = (start: number, length: number): string => head.subarray(start, start + length).toString('latin1');
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (ascii(0, 4) === 'RF64') return 'wav';
  if (ascii(0, 3) === 'ID3') return 'mp3';
  if (head.length >= 2 && head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0) return 'mp3';
  if (ascii(0, 4) === 'OggS') return 'ogg';
  if (ascii(0, 4) === 'fLaC') return 'flac';
  if (ascii(4, 4) === 'ftyp') return 'mp4';
  if (ascii(0, 5) === '#!AMR') return 'amr';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  return null;
}

async function readHead(path: string, bytes = 16): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function probeAudio(path: string, options: { timeoutMs?: number } = {}): Promise<AudioInfo> {
  let sizeBytes: number;
  try {
    sizeBytes = (await stat(path)).size;
  } catch (error) {
    throw new AppError('audio.not_found', `The recording file ${path} does not exist.`, { status: 404, cause: error });
  }
  if (sizeBytes === 0) throw new AppError('audio.empty', 'The recording is an empty file (0 bytes); the telephony may have uploaded it before the call was saved.', { status: 422 });
  const container = sniffAudioContainer(await readHead(path));

  const result = await runMediaTool(FFPROBE, ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', path], options);
  if (result.code !== 0) {
    if (container) {
      throw new AppError('audio.corrupt', `The recording looks like ${container.toUpperCase()} but cannot be read (${lastErrorLine(result.stderr)}); it is probably truncated or damaged — export it again from the telephony.`, { status: 422 });
    }
    throw new AppError('audio.unsupported', `The file is not a recognizable audio recording. ${SUPPORTED_HINT}`, { status: 415 });
  }
  const parsed = JSON.parse(result.stdout || '{}') as {
    streams?: Array<{ codec_type?: string; codec_name?: string; channels?: number; sample_rate?: string; duration?: string }>;
    format?: { format_name?: string; duration?: string };
  };
  const audio = parsed.streams?.find((stream) => stream.codec_type === 'audio');
  if (!audio) {
    throw new AppError('audio.unsupported', `The file has no audio track (${parsed.format?.format_name ?? 'unknown format'}). ${SUPPORTED_HINT}`, { status: 415 });
  }
  const durationSec = Number(audio.duration ?? parsed.format?.duration);
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new AppError('audio.empty', 'The recording contains no sound samples (zero duration); the call may not have been connected.', { status: 422 });
  }
  return {
    format: parsed.format?.format_name ?? container ?? 'unknown',
    codec: audio.codec_name ?? 'unknown',
    channels: audio.channels ?? 1,
    sampleRate: Number(audio.sample_rate ?? 0),
    durationSec,
    sizeBytes,
  };
}
