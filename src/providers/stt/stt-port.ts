// Speech-to-text port. Shaped like the AI SDK's transcription model (provider, model, one method,
// warnings) but keeps what generic SDKs drop: which channel was transcribed and the speaker label
// a diarizing server returns.
import { AppError } from '../../domain/errors.ts';

export type SttChannel = 'manager' | 'client' | 'mono';

export interface SttInput {
  /** audio bytes, or a path to an audio file (16 kHz mono WAV preferred: see src/audio) */
  audio: Buffer | string;
  /** BCP 47 language hint ('ru', 'en'); omitted → the engine detects */
  language?: string;
  channel?: SttChannel;
}

export interface SttSegment {
  /** seconds from the start of the audio */
  start: number;
  end: number;
  text: string;
  /** label from a diarizing engine ("SPEAKER_00"), when it gave one */
  speaker?: string;
}

export interface SttResult {
  segments: SttSegment[];
  language?: string;
  warnings: string[];
}

export interface SpeechToText {
  readonly provider: string;
  readonly model: string;
  transcribe(input: SttInput): Promise<SttResult>;
  /** Start-up health check: resolves when usable, throws an AppError saying what to fix otherwise. */
  check(): Promise<void>;
}

/** Error for an STT engine that failed; `retryable` tells the job queue whether to try again. */
export function sttError(code: string, message: string, options: { retryable: boolean; cause?: unknown; status?: 400 | 422 | 502 | 503 | 504 }): AppError {
  return new AppError(code, message, {
    status: options.status ?? (options.retryable ? 503 : 502),
    retryable: options.retryable,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}
