// The "off" speech-to-text: companies that only upload transcripts. Fails loudly and permanently
// so a recording never sits in a retry loop waiting for an engine that will not appear.
import { AppError } from '../../domain/errors.ts';
import type { SpeechToText, SttResult } from './stt-port.ts';

export function createNoneStt(): SpeechToText {
  return {
    provider: 'none',
    model: 'none',
    transcribe(): Promise<SttResult> {
      return Promise.reject(new AppError(
        'stt.disabled',
        'Speech-to-text is off; upload a transcript or set MENTOR_STT=openai (with MENTOR_STT_URL) or MENTOR_STT=whisper (with MENTOR_WHISPER_MODEL) to transcribe recordings.',
        { status: 422, retryable: false },
      ));
    },
    // Being off is a valid configuration, not a failed start-up.
    check: () => Promise.resolve(),
  };
}
