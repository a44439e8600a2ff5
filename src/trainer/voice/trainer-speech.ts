// Speech for the trainer from the app's configuration: the STT adapter (MENTOR_STT…) and the TTS
// adapter (MENTOR_TTS…, espeak-ng by default). Creating them never throws: a misconfigured or
// missing engine becomes "not available", and the session continues in text mode with that reason.
import type { Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { sttSettingsFromConfig } from '../../providers/stt/stt-from-config.ts';
import type { SpeechToText } from '../../providers/stt/stt-port.ts';
import { createSpeechToText } from '../../providers/stt/stt-registry.ts';
import type { TextToSpeech } from '../../providers/tts/tts-port.ts';
import { createTextToSpeech } from '../../providers/tts/tts-registry.ts';
import type { TtsSettings } from '../../providers/tts/tts-registry.ts';
import type { LlmChatConfig } from '../llm/llm-client.ts';
import type { TrainerClientSettings } from '../trainer-setup.ts';

export interface SpeechAvailability<T> {
  engine: T | null;
  /** why there is no engine: a stable code and a sentence saying what to set */
  unavailable?: { code: string; message: string };
}

export function ttsSettingsFromConfig(config: Pick<Config, 'tts'>): TtsSettings {
  const { tts } = config;
  return {
    provider: tts.provider,
    ...(tts.url ? { openai: { baseUrl: tts.url, model: tts.model ?? 'tts-1', voice: 'alloy', ...(tts.apiKey ? { apiKey: tts.apiKey } : {}) } } : {}),
  };
}

function reason(error: unknown, fallbackCode: string): { code: string; message: string } {
  return error instanceof AppError ? { code: error.code, message: error.message } : { code: fallbackCode, message: String((error as Error)?.message ?? error) };
}

export function trainerSpeechToText(config: Pick<Config, 'stt'>): SpeechAvailability<SpeechToText> {
  if (config.stt.provider === 'none') {
    return { engine: null, unavailable: { code: 'stt.disabled', message: 'Speech recognition is off (MENTOR_STT=none): type your answers. Set MENTOR_STT=openai with MENTOR_STT_URL, or MENTOR_STT=whisper, for voice.' } };
  }
  try {
    return { engine: createSpeechToText(sttSettingsFromConfig(config)) };
  } catch (error) {
    return { engine: null, unavailable: reason(error, 'stt.not_configured') };
  }
}

export function trainerTextToSpeech(config: Pick<Config, 'tts'>): SpeechAvailability<TextToSpeech> {
  if (config.tts.provider === 'none') {
    return { engine: null, unavailable: { code: 'tts.disabled', message: 'Speech synthesis is off (MENTOR_TTS=none): the client answers in text.' } };
  }
  try {
    return { engine: createTextToSpeech(ttsSettingsFromConfig(config)) };
  } catch (error) {
    return { engine: null, unavailable: reason(error, 'tts.not_configured') };
  }
}

/** The AI client: the llm one when a chat server is configured for MENTOR_ENGINE=llm, else builtin. */
export function trainerClientSettings(config: Pick<Config, 'engine' | 'llm'>): TrainerClientSettings {
  if (config.engine === 'llm' && config.llm.url && config.llm.model) {
    const chat: LlmChatConfig = { baseUrl: config.llm.url, model: config.llm.model, ...(config.llm.apiKey ? { apiKey: config.llm.apiKey } : {}) };
    return { engine: 'llm', chat };
  }
  return { engine: 'builtin' };
}
