// The speech-to-text adapter chosen by the app's config (MENTOR_STT and friends), and the start-up
// check the runtime runs: a missing model file or an unreachable server is reported at once with
// what to fix, and never hangs the start (the check has its own deadline).
import type { Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import type { SpeechToText } from './stt-port.ts';
import { createSpeechToText, type SttSettings } from './stt-registry.ts';

/** Model name sent to OpenAI-compatible servers when MENTOR_STT_MODEL is not set. */
export const DEFAULT_OPENAI_STT_MODEL = 'whisper-1';

export function sttSettingsFromConfig(config: Pick<Config, 'stt'>): SttSettings {
  const { stt } = config;
  return {
    provider: stt.provider,
    ...(stt.url ? { openai: { baseUrl: stt.url, model: stt.model ?? DEFAULT_OPENAI_STT_MODEL, ...(stt.apiKey ? { apiKey: stt.apiKey } : {}) } } : {}),
    ...(stt.whisperModel ? { whisper: { modelPath: stt.whisperModel } } : {}),
  };
}

export function createSpeechToTextFromConfig(config: Pick<Config, 'stt'>): SpeechToText {
  return createSpeechToText(sttSettingsFromConfig(config));
}

export type SttCheckResult =
  | { ok: true; provider: string; model: string }
  | { ok: false; provider: string; code: string; message: string };

/**
 * Start-up check for the runtime: never throws, never waits longer than `timeoutMs`. The runtime
 * logs a failure (and keeps serving: transcripts still work); each call that needs STT then fails
 * with the same message.
 */
export async function checkSpeechToText(config: Pick<Config, 'stt'>, options: { timeoutMs?: number } = {}): Promise<SttCheckResult> {
  const provider = config.stt.provider;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stt: SpeechToText;
  try {
    stt = createSpeechToTextFromConfig(config);
  } catch (error) {
    return failure(provider, error);
  }
  if (provider === 'none') return { ok: true, provider, model: stt.model };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError('stt.check_timeout', `The speech-to-text check (MENTOR_STT=${provider}) did not answer within ${Math.round(timeoutMs / 1000)} s; check MENTOR_STT_URL and that the server is running.`, { status: 503, retryable: true })), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([stt.check(), deadline]);
    return { ok: true, provider, model: stt.model };
  } catch (error) {
    return failure(provider, error);
  } finally {
    clearTimeout(timer);
  }
}

function failure(provider: string, error: unknown): SttCheckResult {
  if (error instanceof AppError) return { ok: false, provider, code: error.code, message: error.message };
  return { ok: false, provider, code: 'stt.check_failed', message: `The speech-to-text check failed: ${(error as Error)?.message ?? String(error)}` };
}
