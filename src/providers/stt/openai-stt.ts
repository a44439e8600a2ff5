// Speech-to-text through any OpenAI-compatible `POST /v1/audio/transcriptions`: OpenAI itself,
// speaches/faster-whisper, whisper.cpp server, vLLM. Only built-in fetch + FormData, so the same
// code runs against a company's own GPU box and against the fake server in tests.
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../domain/errors.ts';
import { sttError, type SpeechToText, type SttInput, type SttResult, type SttSegment } from './stt-port.ts';

export interface OpenAiSttConfig {
  /** e.g. `https://api.openai.com/v1` or `http://gpu-box:8000` (`/v1` is added when missing) */
  baseUrl: string;
  /** secret: sent as a bearer token, never put into errors or logs */
  apiKey?: string;
  model: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

// verbose_json reports the language as an English name ("russian"); the rest of Mentor speaks BCP 47.
const LANGUAGE_NAMES: Record<string, string> = {
  russian: 'ru', english: 'en', ukrainian: 'uk', kazakh: 'kk', belarusian: 'be', uzbek: 'uz',
  german: 'de', french: 'fr', spanish: 'es', italian: 'it', turkish: 'tr', polish: 'pl', chinese: 'zh',
};

export function normalizeLanguage(language: unknown): string | undefined {
  if (typeof language !== 'string' || language.trim() === '') return undefined;
  const lower = language.trim().toLowerCase();
  return LANGUAGE_NAMES[lower] ?? lower;
}

export function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

export function createOpenAiStt(config: OpenAiSttConfig): SpeechToText {
  const root = apiRoot(config.baseUrl);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = (): Record<string, string> => (config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {});

  async function send(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, headers: { ...headers(), ...(init.headers as Record<string, string> | undefined) }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw networkError(error, root, what, timeoutMs);
    }
  }

  return {
    provider: 'openai',
    model: config.model,

    async check(): Promise<void> {
      // `/v1/models` is the cheapest authenticated call most compatible servers answer; a 404
      // still proves the server is up (whisper.cpp's server has no model list).
      const response = await send(`${root}/models`, { method: 'GET' }, 'health check');
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) {
        throw sttError('stt.unauthorized', `The speech-to-text server at ${root} rejected the API key (HTTP ${response.status}); check MENTOR_STT_API_KEY.`, { retryable: false });
      }
      if (response.status >= 500) {
        throw sttError('stt.server_error', `The speech-to-text server at ${root} answered HTTP ${response.status} to a health check; check its logs.`, { retryable: true });
      }
    },

    async transcribe(input: SttInput): Promise<SttResult> {
      const { blob, fileName } = await readAudio(input.audio);
      const form = new FormData();
      form.append('file', blob, fileName);
      form.append('model', config.model);
      if (input.language) form.append('language', input.language);
      form.append('response_format', 'verbose_json');
      form.append('timestamp_granularities[]', 'segment');

      const response = await send(`${root}/audio/transcriptions`, { method: 'POST', body: form }, 'transcription');
      let raw: string;
      try {
        raw = await response.text();
      } catch (error) {
        throw networkError(error, root, 'transcription', timeoutMs);
      }
      if (!response.ok) throw httpError(response.status, raw, root);
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch (error) {
        throw sttError('stt.bad_response', `The speech-to-text server at ${root} returned something that is not JSON (HTTP ${response.status}); is the base URL pointing at an OpenAI-compatible server?`, { retryable: true, cause: error });
      }
      return parseVerboseJson(body, input.language);
    },
  };
}

async function readAudio(audio: Buffer | string): Promise<{ blob: Blob; fileName: string }> {
  if (Buffer.isBuffer(audio)) return { blob: new Blob([new Uint8Array(audio)], { type: 'audio/wav' }), fileName: 'audio.wav' };
  try {
    // a file-backed Blob: an hour-long recording is streamed, not loaded into memory
    return { blob: await openAsBlob(audio, { type: mimeFor(audio) }), fileName: basename(audio) };
  } catch (error) {
    throw new AppError('stt.audio_unreadable', `Cannot read the audio file ${audio} for transcription.`, { status: 422, retryable: false, cause: error });
  }
}

function mimeFor(fileName: string): string {
  const ext = fileName.toLowerCase().split('.').pop();
  switch (ext) {
    case 'mp3': return 'audio/mpeg';
    case 'ogg': case 'opus': return 'audio/ogg';
    case 'flac': return 'audio/flac';
    case 'm4a': return 'audio/mp4';
    default: return 'audio/wav';
  }
}

function networkError(error: unknown, root: string, what: string, timeoutMs: number): AppError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return sttError('stt.timeout', `The speech-to-text server at ${root} did not finish the ${what} within ${Math.round(timeoutMs / 1000)} s; it may be overloaded — the job will retry.`, { retryable: true, status: 504, cause: error });
  }
  return sttError('stt.unreachable', `Cannot reach the speech-to-text server at ${root} (${describeCause(error)}); check MENTOR_STT_URL and that the server is running.`, { retryable: true, cause: error });
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : 'network error');
}

function httpError(status: number, raw: string, root: string): AppError {
  const serverMessage = extractMessage(raw);
  if (status === 429) {
    return sttError('stt.rate_limited', `The speech-to-text server at ${root} is rate-limiting us (HTTP 429${serverMessage ? `: ${serverMessage}` : ''}); the job will retry.`, { retryable: true, status: 503 });
  }
  if (status >= 500) {
    return sttError('stt.server_error', `The speech-to-text server at ${root} failed (HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}); the job will retry.`, { retryable: true });
  }
  return sttError('stt.rejected', `The speech-to-text server at ${root} rejected the request (HTTP ${status}): ${serverMessage || 'no message'}.`, { retryable: false, status: 422 });
}

function extractMessage(raw: string): string {
  try {
    const body = JSON.parse(raw) as { error?: { message?: unknown } | string; detail?: unknown; message?: unknown };
    if (typeof body.error === 'string') return body.error;
    if (typeof body.error?.message === 'string') return body.error.message;
    if (typeof body.detail === 'string') return body.detail;
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return raw.slice(0, 300).trim();
}

/** Parse an OpenAI verbose_json (or diarized_json) transcription body into our result. */
export function parseVerboseJson(body: unknown, requestedLanguage?: string): SttResult {
  const warnings: string[] = [];
  if (typeof body !== 'object' || body === null) {
    throw sttError('stt.bad_response', 'The speech-to-text server returned an unexpected body (not an object).', { retryable: true });
  }
  const record = body as { text?: unknown; language?: unknown; duration?: unknown; segments?: unknown };
  const segments: SttSegment[] = [];
  if (Array.isArray(record.segments)) {
    for (const item of record.segments as Array<Record<string, unknown>>) {
      const text = typeof item.text === 'string' ? item.text.trim() : '';
      const start = Number(item.start);
      const end = Number(item.end);
      if (!text || !Number.isFinite(start) || !Number.isFinite(end)) continue;
      const segment: SttSegment = { start, end: Math.max(start, end), text };
      if (typeof item.speaker === 'string' && item.speaker) segment.speaker = item.speaker;
      segments.push(segment);
    }
  } else if (typeof record.text === 'string' && record.text.trim()) {
    // Plain `json` responses (some servers ignore response_format) carry no timings.
    warnings.push('The server returned no segments; the whole text is one segment without timings.');
    const duration = Number(record.duration);
    segments.push({ start: 0, end: Number.isFinite(duration) ? duration : 0, text: record.text.trim() });
  }
  segments.sort((a, b) => a.start - b.start);
  const language = normalizeLanguage(record.language) ?? requestedLanguage;
  return { segments, ...(language ? { language } : {}), warnings };
}
