// One WebSocket voice conversation, independent of the WebSocket library: the browser's microphone
// chunks of one utterance → ffmpeg → speech-to-text → the AI client (through the trainer service,
// which stores the turn) → text-to-speech streamed back chunk by chunk. Barge-in stops the current
// synthesis; silence gets a polite "не расслышал"; a missing or failing STT/TTS switches that
// direction to text with a message, and the conversation goes on.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../auth/actor.ts';
import { decodeForStt, peakLevelDb, SILENCE_PEAK_DB } from '../../audio/audio-decode.ts';
import { AppError } from '../../domain/errors.ts';
import type { SpeechToText } from '../../providers/stt/stt-port.ts';
import type { TextToSpeech } from '../../providers/tts/tts-port.ts';
import type { TrainerService } from '../trainer.service.ts';
import { voiceForPersona } from '../trainer-setup.ts';
import type { TrainerSessionPlan } from '../trainer-setup.ts';
import type { SpeechAvailability } from './trainer-speech.ts';
import { parseClientMessage } from './voice-protocol.ts';
import type { ServerMessage } from './voice-protocol.ts';

/** One utterance longer than this is cut: about 2 minutes of opus. */
const MAX_UTTERANCE_BYTES = 4 * 1024 * 1024;
/** A blob smaller than this holds no speech (a WebM header alone is ~200 bytes). */
const MIN_UTTERANCE_BYTES = 600;

const NOT_HEARD = {
  ru: 'Извините, не расслышал. Повторите, пожалуйста?',
  en: "Sorry, I didn't catch that. Could you say it again?",
} as const;

export interface VoiceSessionDeps {
  service: TrainerService;
  actor: Actor;
  sessionId: string;
  stt: SpeechAvailability<SpeechToText>;
  tts: SpeechAvailability<TextToSpeech>;
  send(message: ServerMessage): void;
  sendAudio(chunk: Buffer): void;
}

export function createVoiceSession(deps: VoiceSessionDeps) {
  const { service, actor, sessionId } = deps;
  let plan: TrainerSessionPlan | undefined;
  let chunks: Buffer[] = [];
  let size = 0;
  let speaking: { stopped: boolean } | null = null;
  let ttsOff = deps.tts.engine === null;
  let sttOff = deps.stt.engine === null;
  let work: Promise<void> = Promise.resolve();

  const language = (): 'ru' | 'en' => plan?.language ?? 'ru';

  function fail(error: unknown): void {
    const known = error instanceof AppError;
    deps.send({ type: 'error', code: known ? error.code : 'trainer.voice_failed', message: known ? error.message : 'The voice turn failed; try again or type your answer.' });
  }

  function stopSpeaking(): boolean {
    if (!speaking) return false;
    speaking.stopped = true;
    speaking = null;
    return true;
  }

  async function speak(text: string): Promise<void> {
    const tts = deps.tts.engine;
    if (ttsOff || !tts || !text.trim() || !plan) return;
    stopSpeaking();
    const current = { stopped: false };
    speaking = current;
    const options = { language: language(), ...(voiceForPersona(plan.persona, tts.provider, language()) ? { voice: voiceForPersona(plan.persona, tts.provider, language()) as string } : {}) };
    for (let attempt = 0; attempt < 2; attempt += 1) {
      let sent = 0;
      try {
        deps.send({ type: 'audio-start', mimeType: tts.streamMimeType ?? 'audio/wav' });
        if (tts.synthesizeStream) {
          for await (const chunk of tts.synthesizeStream(text, options)) {
            // Leaving the loop closes the generator, which kills the synthesizer process.
            if (current.stopped) break;
            deps.sendAudio(chunk);
            sent += chunk.length;
          }
        } else {
          const audio = await tts.synthesize(text, options);
          if (!current.stopped) deps.sendAudio(audio.audio);
        }
        deps.send(current.stopped ? { type: 'audio-stopped' } : { type: 'audio-end' });
        break;
      } catch (error) {
        const retryable = error instanceof AppError && error.retryable && attempt === 0 && sent === 0;
        if (retryable) continue;
        deps.send({ type: 'audio-stopped' });
        ttsOff = true;
        const known = error instanceof AppError ? error : undefined;
        deps.send({ type: 'text-mode', direction: 'tts', code: known?.code ?? 'tts.failed', message: known?.message ?? 'Speech synthesis failed; the client answers in text.' });
        break;
      }
    }
    if (speaking === current) speaking = null;
  }

  async function answer(text: string, input: 'voice' | 'text'): Promise<void> {
    const result = await service.takeTurn(actor, sessionId, text, input);
    deps.send({ type: 'client-turn', turn: result.clientTurn, managerTurn: result.managerTurn, outcome: result.session.outcome });
    await speak(result.clientTurn.text);
  }

  async function notHeard(): Promise<void> {
    const text = NOT_HEARD[language()];
    deps.send({ type: 'not-heard', text });
    await speak(text);
  }

  async function transcribe(audio: Buffer): Promise<string> {
    const stt = deps.stt.engine as SpeechToText;
    const dir = await mkdtemp(join(tmpdir(), 'mentor-trainer-'));
    try {
      const input = join(dir, 'utterance.bin');
      const wav = join(dir, 'utterance.wav');
      await writeFile(input, audio);
      await decodeForStt(input, wav, { timeoutMs: 15_000 });
      if ((await peakLevelDb(wav, { timeoutMs: 15_000 })) < SILENCE_PEAK_DB) return '';
      const result = await stt.transcribe({ audio: wav, language: language(), channel: 'manager' });
      return result.segments.map((s) => s.text.trim()).filter(Boolean).join(' ').trim();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async function endUtterance(): Promise<void> {
    const audio = Buffer.concat(chunks);
    chunks = [];
    size = 0;
    if (sttOff) {
      deps.send({ type: 'text-mode', direction: 'stt', code: deps.stt.unavailable?.code ?? 'stt.unavailable', message: deps.stt.unavailable?.message ?? 'Speech recognition is unavailable: type your answer.' });
      return;
    }
    if (audio.length < MIN_UTTERANCE_BYTES) return notHeard();
    let text: string;
    try {
      text = await transcribe(audio);
    } catch (error) {
      if (error instanceof AppError && error.code === 'audio.corrupt') return notHeard();
      // The recogniser failed: say so, keep the session; a retryable failure leaves voice on.
      const known = error instanceof AppError ? error : undefined;
      if (!known?.retryable) sttOff = true;
      deps.send({ type: 'text-mode', direction: 'stt', code: known?.code ?? 'stt.failed', message: known?.message ?? 'Speech recognition failed: type your answer.' });
      return;
    }
    if (!text) return notHeard();
    deps.send({ type: 'transcript', text });
    await answer(text, 'voice');
  }

  /** Messages run one after another; barge-in does not wait (it must stop what is running). */
  function enqueue(task: () => Promise<void>): void {
    work = work.then(task).catch(fail);
  }

  return {
    async open(): Promise<void> {
      const { session, plan: loaded } = await service.sessionPlan(actor, sessionId);
      plan = loaded;
      deps.send({
        type: 'ready', session,
        voiceIn: !sttOff, voiceOut: !ttsOff,
        ...(deps.stt.unavailable ? { sttUnavailable: deps.stt.unavailable } : {}),
        ...(deps.tts.unavailable ? { ttsUnavailable: deps.tts.unavailable } : {}),
      });
      // A fresh session: the client picks up the phone and speaks first.
      const opening = session.turns[0];
      if (session.status === 'active' && session.turns.length === 1 && opening) enqueue(() => speak(opening.text));
    },
    onAudio(chunk: Buffer): void {
      if (size + chunk.length > MAX_UTTERANCE_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    },
    onText(raw: string): void {
      const message = parseClientMessage(raw);
      if (!message) {
        deps.send({ type: 'error', code: 'trainer.bad_message', message: 'Unknown message; see the trainer WebSocket protocol.' });
        return;
      }
      switch (message.type) {
        case 'barge-in':
          if (stopSpeaking()) deps.send({ type: 'audio-stopped' });
          return;
        case 'start-utterance':
          chunks = [];
          size = 0;
          // Speaking over the client is a barge-in too.
          if (stopSpeaking()) deps.send({ type: 'audio-stopped' });
          return;
        case 'end-utterance':
          enqueue(endUtterance);
          return;
        case 'text':
          enqueue(() => answer(message.text, 'text'));
          return;
        case 'finish':
          enqueue(async () => {
            stopSpeaking();
            deps.send({ type: 'finished', session: await service.finishSession(actor, sessionId) });
          });
          return;
      }
    },
    /** The socket closed: stop speaking; the session stays active (resumable) until it times out. */
    close(): void {
      stopSpeaking();
      chunks = [];
    },
    idle(): Promise<void> {
      return work;
    },
  };
}
