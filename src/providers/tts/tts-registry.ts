// Slug → factory for text-to-speech adapters. An adapter exists only when its configuration does,
// so a misconfigured choice fails at start-up with a message naming what to set. `none` keeps the
// trainer in text mode.
import { AppError } from '../../domain/errors.ts';
import { createEspeakTts } from './espeak-tts.ts';
import type { EspeakTtsConfig } from './espeak-tts.ts';
import { createNoneTts } from './none-tts.ts';
import { createOpenAiTts } from './openai-tts.ts';
import type { OpenAiTtsConfig } from './openai-tts.ts';
import type { TextToSpeech } from './tts-port.ts';

export const TTS_PROVIDERS = ['none', 'espeak', 'openai'] as const;
export type TtsProviderSlug = (typeof TTS_PROVIDERS)[number];

export interface TtsSettings {
  /** chosen slug (MENTOR_TTS); default 'none' */
  provider?: string;
  espeak?: EspeakTtsConfig;
  openai?: OpenAiTtsConfig;
}

type TtsFactory = (settings: TtsSettings) => TextToSpeech | undefined;

const FACTORIES: Record<TtsProviderSlug, TtsFactory> = {
  none: () => createNoneTts(),
  // espeak needs no settings beyond defaults: the binary's presence is checked by check().
  espeak: (settings) => createEspeakTts(settings.espeak ?? {}),
  openai: (settings) => (settings.openai ? createOpenAiTts(settings.openai) : undefined),
};

const MISSING_CONFIG: Record<TtsProviderSlug, string> = {
  none: '',
  espeak: '',
  openai: 'set MENTOR_TTS_BASE_URL (e.g. http://localhost:8000/v1), MENTOR_TTS_MODEL (e.g. tts-1) and MENTOR_TTS_VOICE (e.g. alloy)',
};

export function isTtsProviderSlug(value: string): value is TtsProviderSlug {
  return (TTS_PROVIDERS as readonly string[]).includes(value);
}

export function availableTtsProviders(settings: TtsSettings): TtsProviderSlug[] {
  return TTS_PROVIDERS.filter((slug) => FACTORIES[slug](settings) !== undefined);
}

export function createTextToSpeech(settings: TtsSettings): TextToSpeech {
  const slug = settings.provider ?? 'none';
  if (!isTtsProviderSlug(slug)) {
    throw new AppError('tts.unknown_provider', `MENTOR_TTS=${slug} is not a text-to-speech provider; use one of: ${TTS_PROVIDERS.join(', ')}.`, { status: 500 });
  }
  const adapter = FACTORIES[slug](settings);
  if (!adapter) throw new AppError('tts.not_configured', `MENTOR_TTS=${slug} is chosen but not configured: ${MISSING_CONFIG[slug]}.`, { status: 500 });
  return adapter;
}
