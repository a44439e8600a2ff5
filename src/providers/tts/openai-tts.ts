// Text-to-speech through any OpenAI-compatible `POST /v1/audio/speech` (OpenAI, speaches/Kokoro,
// LocalAI, openedai-speech). The response body is streamed as it arrives, so a server that
// streams audio gets its first bytes to the manager early.
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './tts-port.ts';
import { assertSpeakable, ttsError } from './tts-port.ts';

export interface OpenAiTtsConfig {
  /** e.g. `https://api.openai.com/v1` or `http://gpu-box:8000` (`/v1` is added when missing) */
  baseUrl: string;
  /** secret: sent as a bearer token, never put into errors or logs */
  apiKey?: string;
  model: string;
  /** default voice, e.g. 'alloy'; a per-language map wins when it has the language */
  voice: string;
  voices?: Record<string, string>;
  format?: 'wav' | 'mp3' | 'opus' | 'pcm';
  speed?: number;
  timeoutMs?: number;
}

const MIME: Record<NonNullable<OpenAiTtsConfig['format']>, string> = {
  wav: 'audio/wav', mp3: 'audio/mpeg', opus: 'audio/ogg', pcm: 'audio/L16;rate=24000',
};

function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

export function createOpenAiTts(config: OpenAiTtsConfig): TextToSpeech {
  const root = apiRoot(config.baseUrl);
  const format = config.format ?? 'wav';
  const timeoutMs = config.timeoutMs ?? 15_000;
  const auth = (): Record<string, string> => (config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {});

  async function request(text: string, options: SynthesizeOptions): Promise<Response> {
    assertSpeakable(text);
    const language = options.language.toLowerCase().split('-')[0] ?? '';
    const voice = options.voice ?? config.voices?.[language] ?? config.voice;
    let response: Response;
    try {
      response = await fetch(`${root}/audio/speech`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth() },
        body: JSON.stringify({ model: config.model, input: text, voice, response_format: format, ...(config.speed ? { speed: config.speed } : {}) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw timedOut
        ? ttsError('tts.timeout', `The speech server at ${root} did not answer within ${timeoutMs} ms.`, { retryable: true, status: 504, cause: error })
        : ttsError('tts.unavailable', `The speech server at ${root} is unreachable; check MENTOR_TTS_BASE_URL or continue in text mode.`, { retryable: true, cause: error });
    }
    if (response.ok) return response;
    await response.body?.cancel();
    if (response.status === 401 || response.status === 403) {
      throw ttsError('tts.unauthorized', `The speech server at ${root} rejected the API key (HTTP ${response.status}); check MENTOR_TTS_API_KEY.`, { retryable: false });
    }
    if (response.status === 400 || response.status === 404 || response.status === 422) {
      throw ttsError('tts.rejected', `The speech server at ${root} refused the request (HTTP ${response.status}); check MENTOR_TTS_MODEL and the voice "${voice}".`, { retryable: false });
    }
    throw ttsError('tts.server_error', `The speech server at ${root} failed (HTTP ${response.status}).`, { retryable: true });
  }

  async function* stream(text: string, options: SynthesizeOptions): AsyncGenerator<Buffer> {
    const response = await request(text, options);
    if (!response.body) return;
    try {
      for await (const chunk of response.body) yield Buffer.from(chunk);
    } catch (error) {
      throw ttsError('tts.timeout', `The speech server at ${root} stopped sending audio.`, { retryable: true, status: 504, cause: error });
    }
  }

  return {
    provider: 'openai',
    voice: config.voice,
    streamMimeType: MIME[format],
    synthesizeStream: stream,
    async synthesize(text: string, options: SynthesizeOptions): Promise<SpeechAudio> {
      const response = await request(text, options);
      let audio: Buffer;
      try {
        audio = Buffer.from(await response.arrayBuffer());
      } catch (error) {
        throw ttsError('tts.timeout', `The speech server at ${root} stopped sending audio.`, { retryable: true, status: 504, cause: error });
      }
      if (audio.length === 0) throw ttsError('tts.server_error', `The speech server at ${root} returned no audio.`, { retryable: true });
      const type = response.headers.get('content-type');
      return { audio, mimeType: type?.startsWith('audio/') ? type : MIME[format] };
    },
    async check(): Promise<void> {
      let response: Response;
      try {
        response = await fetch(`${root}/models`, { headers: auth(), signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw ttsError('tts.unavailable', `The speech server at ${root} is unreachable; check MENTOR_TTS_BASE_URL.`, { retryable: true, cause: error });
      }
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) {
        throw ttsError('tts.unauthorized', `The speech server at ${root} rejected the API key (HTTP ${response.status}); check MENTOR_TTS_API_KEY.`, { retryable: false });
      }
      // Any other answer (even 404: not every speech server lists models) proves it is up.
    },
  };
}
