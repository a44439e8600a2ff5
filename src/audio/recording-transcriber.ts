// Prepared recording + a speech-to-text adapter → the call's Transcript. Stereo: each party's
// channel is transcribed on its own and the segments interleaved by time (certain attribution).
// Mono: one pass, speakers from diarization labels when the engine gives them, else guessed.
import { AppError } from '../domain/errors.ts';
import type { Speaker, Transcript } from '../domain/transcript.ts';
import type { SpeechToText } from '../providers/stt/stt-port.ts';
import type { PreparedRecording } from './audio-decode.ts';
import { attributeMonoSegments, mergeChannelTranscripts } from './turn-builder.ts';

export interface TranscribedRecording {
  transcript: Transcript;
  warnings: string[];
  /** which engine made it, for the call's audit trail */
  engine: { provider: string; model: string };
}

export async function transcribePreparedRecording(
  stt: SpeechToText,
  prepared: PreparedRecording,
  options: { language?: string; speakerMap?: Record<string, Speaker>; defaultLanguage?: string } = {},
): Promise<TranscribedRecording> {
  const language = options.language ? { language: options.language } : {};
  const warnings = [...prepared.warnings];
  let transcript: Transcript;
  if ('manager' in prepared.channels) {
    // sequential on purpose: a self-hosted STT server usually has one GPU, parallel calls only queue
    const manager = await stt.transcribe({ audio: prepared.channels.manager, channel: 'manager', ...language });
    const client = await stt.transcribe({ audio: prepared.channels.client, channel: 'client', ...language });
    warnings.push(...manager.warnings, ...client.warnings);
    transcript = {
      language: options.language ?? manager.language ?? client.language ?? options.defaultLanguage ?? 'ru',
      turns: mergeChannelTranscripts(manager.segments, client.segments),
    };
  } else {
    const mono = await stt.transcribe({ audio: prepared.channels.mono, channel: 'mono', ...language });
    warnings.push(...mono.warnings);
    const turns = attributeMonoSegments(mono.segments, options.speakerMap ? { speakerMap: options.speakerMap } : {});
    if (turns.some((turn) => turn.lowConfidence)) warnings.push('Mono recording: who said what is a guess; record calls in stereo (one party per channel) for exact attribution.');
    transcript = { language: options.language ?? mono.language ?? options.defaultLanguage ?? 'ru', turns };
  }
  if (transcript.turns.length === 0) {
    throw new AppError('audio.no_speech', 'Speech recognition found no words in the recording; check that it is a conversation and that its language is set correctly.', { status: 422, retryable: false });
  }
  return { transcript, warnings, engine: { provider: stt.provider, model: stt.model } };
}
