import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Actor } from '../../auth/actor.ts';
import type { SpeechToText } from '../../providers/stt/stt-port.ts';
import type { TextToSpeech } from '../../providers/tts/tts-port.ts';
import { ttsError } from '../../providers/tts/tts-port.ts';
import { buildKnowledge } from '../trainer.fixtures.ts';
import { planTrainerSession } from '../trainer-setup.ts';
import type { TrainerService } from '../trainer.service.ts';
import { createVoiceSession } from './voice-session.ts';
import type { ServerMessage } from './voice-protocol.ts';

const run = promisify(execFile);
const actor: Actor = { kind: 'user', userId: 'u', companyId: 'c', role: 'manager', sessionId: 's' };
const plan = planTrainerSession({ knowledge: buildKnowledge(), weakStages: [], personaId: 'viktor-director' });
const opening = { speaker: 'client' as const, text: 'Алло, слушаю.', at: 'x' };

/** A trainer service that answers every turn with the same client line. */
function fakeService(): { service: TrainerService; turns: string[] } {
  const turns: string[] = [];
  const session = { id: 'id', status: 'active', turns: [opening] };
  const service = {
    sessionPlan: () => Promise.resolve({ session, plan }),
    takeTurn: (_actor: Actor, _id: string, text: string) => {
      turns.push(text);
      return Promise.resolve({ managerTurn: { speaker: 'manager', text, at: 'x' }, clientTurn: { speaker: 'client', text: 'И что мне это даёт?', at: 'x' }, session: { ...session, outcome: null } });
    },
    finishSession: () => Promise.resolve({ ...session, status: 'finished' }),
  } as unknown as TrainerService;
  return { service, turns };
}

function tts(stream: (text: string) => AsyncGenerator<Buffer>): TextToSpeech {
  return { provider: 'fake', voice: 'v', streamMimeType: 'audio/wav', synthesizeStream: stream, synthesize: () => Promise.reject(new Error('unused')), check: () => Promise.resolve() };
}

function harness(options: { tts?: TextToSpeech | null; stt?: SpeechToText | null }) {
  const messages: ServerMessage[] = [];
  const audio: Buffer[] = [];
  const { service, turns } = fakeService();
  const voice = createVoiceSession({
    service, actor, sessionId: 'id',
    stt: options.stt ? { engine: options.stt } : { engine: null, unavailable: { code: 'stt.disabled', message: 'off' } },
    tts: options.tts ? { engine: options.tts } : { engine: null, unavailable: { code: 'tts.disabled', message: 'off' } },
    send: (m) => messages.push(m), sendAudio: (c) => audio.push(c),
  });
  return { voice, messages, audio, turns, types: () => messages.map((m) => m.type) };
}

void test('the opening and every answer are spoken, chunk by chunk, between audio-start and audio-end', async () => {
  const h = harness({
    tts: tts(async function* () {
      yield Buffer.from('RIFF');
      yield Buffer.from('data');
    }),
  });
  await h.voice.open();
  h.voice.onText(JSON.stringify({ type: 'text', text: 'Здравствуйте' }));
  await h.voice.idle();
  assert.deepEqual(h.types(), ['ready', 'audio-start', 'audio-end', 'client-turn', 'audio-start', 'audio-end']);
  assert.equal(h.audio.length, 4);
  assert.deepEqual(h.turns, ['Здравствуйте']);
});

void test('text-to-speech failing for good switches the answers to text; the conversation goes on', async () => {
  let calls = 0;
  const h = harness({
    tts: tts(async function* () {
      calls += 1;
      yield* [];
      throw ttsError('tts.unavailable', 'espeak-ng is not installed', { retryable: false });
    }),
  });
  await h.voice.open();
  h.voice.onText(JSON.stringify({ type: 'text', text: 'Добрый день' }));
  h.voice.onText(JSON.stringify({ type: 'text', text: 'Расскажите о задаче' }));
  await h.voice.idle();
  const textMode = h.messages.find((m) => m.type === 'text-mode');
  assert.deepEqual(textMode && { direction: textMode.direction, code: textMode.code }, { direction: 'tts', code: 'tts.unavailable' });
  assert.equal(h.messages.filter((m) => m.type === 'client-turn').length, 2);
  assert.equal(calls, 1, 'no further synthesis after a permanent failure');
});

void test('barge-in stops the synthesis in the middle and closes the stream', async () => {
  let release: () => void = () => undefined;
  let closed = false;
  const h = harness({
    tts: tts(async function* () {
      try {
        yield Buffer.from('first');
        await new Promise<void>((resolve) => { release = resolve; });
        yield Buffer.from('second');
        yield Buffer.from('third');
      } finally {
        closed = true;
      }
    }),
  });
  await h.voice.open();
  while (h.audio.length === 0) await new Promise((resolve) => setImmediate(resolve));
  h.voice.onText(JSON.stringify({ type: 'barge-in' }));
  release();
  await h.voice.idle();
  assert.deepEqual(h.audio.map(String), ['first']);
  assert.ok(h.types().includes('audio-stopped'));
  assert.ok(!h.types().includes('audio-end'));
  assert.equal(closed, true);
});

void test('silence is answered with a polite "не расслышал", not a turn; no speech recogniser → text mode', async () => {
  const silent: SpeechToText = { provider: 'fake', model: 'm', transcribe: () => Promise.resolve({ segments: [], warnings: [] }), check: () => Promise.resolve() };
  const h = harness({ stt: silent });
  await h.voice.open();
  // A second of a quiet tone: decoded by ffmpeg, nothing recognised.
  const { stdout } = await run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-f', 'lavfi', '-i', 'sine=frequency=300:duration=1', '-af', 'volume=0.5', '-f', 'wav', '-'], { encoding: 'buffer', maxBuffer: 1 << 22 });
  h.voice.onText(JSON.stringify({ type: 'start-utterance' }));
  h.voice.onAudio(stdout);
  h.voice.onText(JSON.stringify({ type: 'end-utterance' }));
  h.voice.onText(JSON.stringify({ type: 'end-utterance' }));
  await h.voice.idle();
  const notHeard = h.messages.filter((m) => m.type === 'not-heard');
  assert.equal(notHeard.length, 2, 'recognised nothing, then an empty utterance');
  assert.match(notHeard[0]?.type === 'not-heard' ? notHeard[0].text : '', /не расслышал/);
  assert.deepEqual(h.turns, []);

  const off = harness({});
  await off.voice.open();
  off.voice.onText(JSON.stringify({ type: 'end-utterance' }));
  off.voice.onText('{"type":"dance"}');
  await off.voice.idle();
  assert.deepEqual(off.types().sort(), ['error', 'ready', 'text-mode']);
});
