// Turns whatever the telephony recorded (WAV, MP3, OGG/Opus, 8 kHz G.711 μ-law/A-law…) into what
// speech-to-text engines want: 16 kHz mono 16-bit PCM WAV. A stereo call is split into the manager
// and client channels, which gives speaker attribution without any diarization model.
import { join } from 'node:path';
import { AppError } from '../domain/errors.ts';
import { probeAudio, type AudioInfo } from './audio-probe.ts';
import { FFMPEG, lastErrorLine, runMediaTool } from './media-process.ts';

export type StereoChannel = 'left' | 'right';

/** Peak level (dBFS) under which a channel counts as silence; telephone line noise sits below it. */
export const SILENCE_PEAK_DB = -50;

const BASE_ARGS = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y'];
const STT_OUTPUT = ['-ar', '16000', '-ac', '1', '-c:a', 'pcm_s16le', '-f', 'wav'];

async function ffmpeg(args: string[], timeoutMs: number | undefined): Promise<void> {
  const result = await runMediaTool(FFMPEG, [...BASE_ARGS, ...args], timeoutMs === undefined ? {} : { timeoutMs });
  if (result.code !== 0) {
    throw new AppError('audio.corrupt', `The recording could not be decoded (${lastErrorLine(result.stderr)}); it is probably damaged — export it again from the telephony.`, { status: 422 });
  }
}

/** Decode to 16 kHz mono PCM WAV; `channel` picks one side of a stereo file, else channels are mixed. */
export async function decodeForStt(input: string, output: string, options: { channel?: StereoChannel; timeoutMs?: number } = {}): Promise<void> {
  const filter = options.channel ? ['-af', `pan=mono|c0=${options.channel === 'left' ? 'c0' : 'c1'}`] : [];
  await ffmpeg(['-i', input, '-vn', ...filter, ...STT_OUTPUT, output], options.timeoutMs);
}

/** Split a stereo recording into two mono 16 kHz WAV files, one per party. */
export async function splitStereo(input: string, outputDir: string, options: { managerChannel: StereoChannel; timeoutMs?: number }): Promise<{ manager: string; client: string }> {
  const left = join(outputDir, 'left.wav');
  const right = join(outputDir, 'right.wav');
  // pan instead of channelsplit: telephony WAVs often carry no channel layout, which channelsplit needs.
  await ffmpeg([
    '-i', input, '-vn',
    '-filter_complex', '[0:a]asplit=2[a][b];[a]pan=mono|c0=c0[l];[b]pan=mono|c0=c1[r]',
    '-map', '[l]', ...STT_OUTPUT, left,
    '-map', '[r]', ...STT_OUTPUT, right,
  ], options.timeoutMs);
  return options.managerChannel === 'left' ? { manager: left, client: right } : { manager: right, client: left };
}

/** Peak level of the file in dBFS (-Infinity for digital silence). */
export async function peakLevelDb(input: string, options: { timeoutMs?: number } = {}): Promise<number> {
  const result = await runMediaTool(FFMPEG, ['-nostdin', '-hide_banner', '-loglevel', 'info', '-i', input, '-af', 'volumedetect', '-f', 'null', '-'], options);
  if (result.code !== 0) throw new AppError('audio.corrupt', `The recording could not be decoded (${lastErrorLine(result.stderr)}).`, { status: 422 });
  const match = /max_volume:\s*(-?inf|-?[\d.]+)\s*dB/.exec(result.stderr);
  if (!match?.[1]) return -Infinity; // no samples at all
  return match[1].endsWith('inf') ? -Infinity : Number(match[1]);
}

export interface PreparedRecording {
  info: AudioInfo;
  /** mono files ready for STT: per party for stereo, one 'mono' file otherwise */
  channels: { manager: string; client: string } | { mono: string };
  warnings: string[];
}

/**
 * Probe, validate and decode a recording for transcription. Throws audio.empty / audio.corrupt /
 * audio.unsupported / audio.silent with a message a person can act on.
 */
export async function prepareRecording(input: string, workDir: string, options: { managerChannel?: StereoChannel; timeoutMs?: number } = {}): Promise<PreparedRecording> {
  const timing = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const info = await probeAudio(input, timing);
  const warnings: string[] = [];
  if (info.channels >= 2) {
    const split = await splitStereo(input, workDir, { managerChannel: options.managerChannel ?? 'left', ...timing });
    const [managerPeak, clientPeak] = await Promise.all([peakLevelDb(split.manager, timing), peakLevelDb(split.client, timing)]);
    if (managerPeak < SILENCE_PEAK_DB && clientPeak < SILENCE_PEAK_DB) throw silent();
    if (managerPeak < SILENCE_PEAK_DB) warnings.push('The manager channel is silent; check which channel the PBX records the manager on.');
    if (clientPeak < SILENCE_PEAK_DB) warnings.push('The client channel is silent; the call may not have been connected.');
    return { info, channels: split, warnings };
  }
  const mono = join(workDir, 'mono.wav');
  await decodeForStt(input, mono, timing);
  if ((await peakLevelDb(mono, timing)) < SILENCE_PEAK_DB) throw silent();
  return { info, channels: { mono }, warnings };
}

function silent(): AppError {
  return new AppError('audio.silent', 'The recording is silent: nobody can be heard on it. Check that the PBX records the call audio (not just the ringing) and that the microphone works.', { status: 422 });
}
