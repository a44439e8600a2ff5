// Slug → factory for speech-to-text adapters. An adapter exists only when its configuration does
// (the config module fills `openai`/`whisper` from MENTOR_STT_* variables), so a misconfigured
// choice fails at start-up with a message naming what to set.
import { AppError } from '../../domain/errors.ts';
import { createNoneStt } from './none-stt.ts';
import { createOpenAiStt, type OpenAiSttConfig } from './openai-stt.ts';
import type { SpeechToText } from './stt-port.ts';
import { createWhisperStt, type WhisperSttConfig } from './whisper-stt.ts';

export const STT_PROVIDERS = ['none', 'openai', 'whisper'] as const;
export type SttProviderSlug = (typeof STT_PROVIDERS)[number];

export interface SttSettings {
  /** chosen slug (MENTOR_STT); default 'none' */
  provider?: string;
  openai?: OpenAiSttConfig;
  whisper?: WhisperSttConfig;
}

type SttFactory = (settings: SttSettings) => SpeechToText | undefined;

const FACTORIES: Record<SttProviderSlug, SttFactory> = {
  none: () => createNoneStt(),
  openai: (settings) => (settings.openai ? createOpenAiStt(settings.openai) : undefined),
  whisper: (settings) => (settings.whisper ? createWhisperStt(settings.whisper) : undefined),
};

const MISSING_CONFIG: Record<SttProviderSlug, string> = {
  none: '',
  openai: 'set MENTOR_STT_URL (e.g. http://localhost:8000/v1) and MENTOR_STT_MODEL (e.g. whisper-1)',
  whisper: 'set MENTOR_WHISPER_MODEL to the path of a ggml whisper model file',
};

export function isSttProviderSlug(value: string): value is SttProviderSlug {
  return (STT_PROVIDERS as readonly string[]).includes(value);
}

/** Slugs whose configuration is present, i.e. that could be chosen right now. */
export function availableSttProviders(settings: SttSettings): SttProviderSlug[] {
  return STT_PROVIDERS.filter((slug) => FACTORIES[slug](settings) !== undefined);
}

export function createSpeechToText(settings: SttSettings): SpeechToText {
  const slug = settings.provider ?? 'none';
  if (!isSttProviderSlug(slug)) {
    throw new AppError('stt.unknown_provider', `MENTOR_STT=${slug} is not a speech-to-text provider; use one of: ${STT_PROVIDERS.join(', ')}.`, { status: 500 });
  }
  const adapter = FACTORIES[slug](settings);
  if (!adapter) {
    throw new AppError('stt.not_configured', `MENTOR_STT=${slug} is chosen but not configured: ${MISSING_CONFIG[slug]}.`, { status: 500 });
  }
  return adapter;
}
