// The "off" text-to-speech: the trainer runs in text mode. Fails permanently (not retryable) so the
// session switches to text at once instead of retrying an engine that will not appear.
import type { SpeechAudio, TextToSpeech } from './tts-port.ts';
import { ttsError } from './tts-port.ts';

export function createNoneTts(): TextToSpeech {
  return {
    provider: 'none',
    voice: 'none',
    synthesize(): Promise<SpeechAudio> {
      return Promise.reject(ttsError('tts.disabled',
        'Text-to-speech is off, the trainer answers in text; set MENTOR_TTS=espeak (Debian package espeak-ng) or MENTOR_TTS=openai with MENTOR_TTS_BASE_URL for voice.',
        { retryable: false, status: 422 }));
    },
    check: () => Promise.resolve(),
  };
}
