// Text-to-speech port: the trainer's client speaks through it. Shaped like the STT port (provider,
// voice, one method) with an optional stream, because in a voice dialogue the first bytes of audio
// matter more than the last. Failures are AppErrors whose `retryable` tells the session whether to
// try again or to continue in text mode.
import { AppError } from '../../domain/errors.ts';

export interface SynthesizeOptions {
  /** BCP 47 language of the text ('ru', 'en') */
  language: string;
  /** adapter-specific voice overriding the configured one (e.g. a persona's 'ru+f3') */
  voice?: string;
}

export interface SpeechAudio {
  audio: Buffer;
  mimeType: string;
}

export interface TextToSpeech {
  readonly provider: string;
  /** the configured voice (per-language voices are chosen inside the adapter) */
  readonly voice: string;
  synthesize(text: string, options: SynthesizeOptions): Promise<SpeechAudio>;
  /** audio bytes as they are produced; the mime type is `streamMimeType` */
  synthesizeStream?(text: string, options: SynthesizeOptions): AsyncIterable<Buffer>;
  readonly streamMimeType?: string;
  /** Start-up health check: resolves when usable, throws an AppError saying what to fix otherwise. */
  check(): Promise<void>;
}

export function ttsError(code: string, message: string, options: { retryable: boolean; cause?: unknown; status?: 400 | 422 | 502 | 503 | 504 }): AppError {
  return new AppError(code, message, {
    status: options.status ?? (options.retryable ? 503 : 502),
    retryable: options.retryable,
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}

/** Nothing to say is a caller's mistake, not an engine failure. */
export function assertSpeakable(text: string): void {
  if (text.trim() === '') throw ttsError('tts.empty_text', 'There is no text to speak.', { retryable: false, status: 400 });
}
