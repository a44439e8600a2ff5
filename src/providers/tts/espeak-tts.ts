// Offline text-to-speech through Debian's espeak-ng: Russian and English voices, WAV on stdout.
// The text goes through stdin and the arguments are an array (no shell, no option injection from
// a reply that starts with "-"); stdout is streamed so the first audio bytes reach the manager
// while the rest is still being synthesized; a timeout kills a stuck process.
import { spawn } from 'node:child_process';
import type { SpeechAudio, SynthesizeOptions, TextToSpeech } from './tts-port.ts';
import { assertSpeakable, ttsError } from './tts-port.ts';

export interface EspeakTtsConfig {
  /** default /usr/bin/espeak-ng */
  binary?: string;
  /** espeak voice per language; default ru → 'ru', en → 'en-us' */
  voices?: Record<string, string>;
  /** words per minute; espeak's default is 175 */
  wordsPerMinute?: number;
  timeoutMs?: number;
}

const DEFAULT_VOICES: Record<string, string> = { ru: 'ru', en: 'en-us' };
const VOICE_NAME = /^[a-z0-9][a-z0-9+_-]*$/i;

/** espeak-ng streams a WAV whose RIFF/data sizes are placeholders; fix them once the length is known. */
export function fixWavSizes(wav: Buffer): Buffer {
  if (wav.length < 44 || wav.toString('ascii', 0, 4) !== 'RIFF' || wav.toString('ascii', 8, 12) !== 'WAVE') return wav;
  const fixed = Buffer.from(wav);
  fixed.writeUInt32LE(fixed.length - 8, 4);
  // Walk the chunks to the data chunk: its header is usually at 36, but do not assume.
  let offset = 12;
  while (offset + 8 <= fixed.length) {
    const id = fixed.toString('ascii', offset, offset + 4);
    if (id === 'data') {
      fixed.writeUInt32LE(fixed.length - offset - 8, offset + 4);
      break;
    }
    offset += 8 + fixed.readUInt32LE(offset + 4);
  }
  return fixed;
}

export function createEspeakTts(config: EspeakTtsConfig = {}): TextToSpeech {
  const binary = config.binary ?? '/usr/bin/espeak-ng';
  const voices = { ...DEFAULT_VOICES, ...config.voices };
  const timeoutMs = config.timeoutMs ?? 10_000;
  const rate = String(config.wordsPerMinute ?? 175);

  function voiceFor(options: SynthesizeOptions): string {
    const language = options.language.toLowerCase().split('-')[0] ?? 'ru';
    const voice = options.voice ?? voices[language] ?? voices.ru ?? 'ru';
    if (!VOICE_NAME.test(voice)) throw ttsError('tts.bad_voice', `"${voice}" is not an espeak-ng voice name (e.g. ru, en-us, ru+f3).`, { retryable: false, status: 400 });
    return voice;
  }

  function unavailable(error: unknown): Error {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    return missing
      ? ttsError('tts.unavailable', `espeak-ng is not installed at ${binary}; install the Debian package espeak-ng or set MENTOR_TTS=none to train in text mode.`, { retryable: false, cause: error })
      : ttsError('tts.failed', `espeak-ng at ${binary} could not be started.`, { retryable: true, cause: error });
  }

  async function* stream(text: string, options: SynthesizeOptions): AsyncGenerator<Buffer> {
    assertSpeakable(text);
    const voice = voiceFor(options);
    const child = spawn(binary, ['-v', voice, '-s', rate, '--stdout', '--stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let spawnError: unknown;
    let timedOut = false;
    let stderr = '';
    const closed = new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        spawnError = error;
        resolve(null);
      });
      child.once('close', (code) => resolve(code));
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    // A process that died at once makes writing fail with EPIPE; the exit code tells the story.
    child.stdin.on('error', () => undefined);
    child.stdin.end(text);
    try {
      for await (const chunk of child.stdout) yield chunk as Buffer;
      const code = await closed;
      if (spawnError) throw unavailable(spawnError);
      if (timedOut) throw ttsError('tts.timeout', `espeak-ng did not finish within ${timeoutMs} ms.`, { retryable: true, status: 504 });
      if (code !== 0) throw ttsError('tts.failed', `espeak-ng exited with code ${code}: ${stderr.trim().slice(0, 200) || 'no message'}.`, { retryable: false });
    } finally {
      clearTimeout(timer);
      // The consumer stopped early (the manager interrupted): do not leave the process running.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }

  return {
    provider: 'espeak',
    voice: voices.ru ?? 'ru',
    streamMimeType: 'audio/wav',
    synthesizeStream: stream,
    async synthesize(text: string, options: SynthesizeOptions): Promise<SpeechAudio> {
      const chunks: Buffer[] = [];
      for await (const chunk of stream(text, options)) chunks.push(chunk);
      if (chunks.length === 0) throw ttsError('tts.failed', 'espeak-ng produced no audio.', { retryable: false });
      return { audio: fixWavSizes(Buffer.concat(chunks)), mimeType: 'audio/wav' };
    },
    async check(): Promise<void> {
      const child = spawn(binary, ['--version'], { stdio: ['ignore', 'ignore', 'ignore'] });
      const result = await new Promise<{ code: number | null; error?: unknown }>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
        child.once('error', (error) => {
          clearTimeout(timer);
          resolve({ code: null, error });
        });
        child.once('close', (code) => {
          clearTimeout(timer);
          resolve({ code });
        });
      });
      if (result.error) throw unavailable(result.error);
      if (result.code !== 0) throw ttsError('tts.failed', `espeak-ng --version exited with code ${result.code}; reinstall the espeak-ng package.`, { retryable: false });
    },
  };
}
