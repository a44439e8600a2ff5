// The trainer's WebSocket protocol. Browser → server: binary frames are the microphone audio of the
// current utterance (any container ffmpeg reads; the web app sends MediaRecorder WebM/Opus), and
// JSON text frames below. Server → browser: JSON text frames below, and binary frames with the
// client's speech between `audio-start` and `audio-end` (or `audio-stopped` after a barge-in).
import { z } from 'zod';
import type { SessionView } from '../session/session-view.ts';
import type { StoredTurn } from '../session/session-record.ts';
import type { ClientOutcome } from '../trainer-types.ts';

const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start-utterance') }),
  z.object({ type: z.literal('end-utterance') }),
  z.object({ type: z.literal('barge-in') }),
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(5000) }),
  z.object({ type: z.literal('finish') }),
]);
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export type ServerMessage =
  | { type: 'ready'; session: SessionView; voiceIn: boolean; voiceOut: boolean; sttUnavailable?: { code: string; message: string }; ttsUnavailable?: { code: string; message: string } }
  | { type: 'transcript'; text: string }
  | { type: 'client-turn'; turn: StoredTurn; managerTurn: StoredTurn; outcome: ClientOutcome | null }
  | { type: 'not-heard'; text: string }
  | { type: 'audio-start'; mimeType: string }
  | { type: 'audio-end' }
  | { type: 'audio-stopped' }
  | { type: 'text-mode'; direction: 'stt' | 'tts'; code: string; message: string }
  | { type: 'finished'; session: SessionView }
  | { type: 'error'; code: string; message: string };

export function parseClientMessage(raw: string): ClientMessage | null {
  try {
    const parsed = ClientMessageSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
