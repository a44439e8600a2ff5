// The browser side of the trainer's voice loop (protocol: src/trainer/voice/voice-protocol.ts).
// The microphone is recorded with MediaRecorder (WebM/Opus) and streamed in chunks; the server
// decodes, recognises and answers; the client's speech comes back as binary frames and plays in an
// <audio> element. Browser speech APIs are not used: all speech goes through the server.
import type { Session, Turn } from './trainer-api.ts';

export type ServerMessage =
  | { type: 'ready'; session: Session; voiceIn: boolean; voiceOut: boolean; sttUnavailable?: { code: string; message: string }; ttsUnavailable?: { code: string; message: string } }
  | { type: 'transcript'; text: string }
  | { type: 'client-turn'; turn: Turn; managerTurn: Turn; outcome: 'agreed' | 'left' | null }
  | { type: 'not-heard'; text: string }
  | { type: 'audio-start'; mimeType: string }
  | { type: 'audio-end' }
  | { type: 'audio-stopped' }
  | { type: 'text-mode'; direction: 'stt' | 'tts'; code: string; message: string }
  | { type: 'finished'; session: Session }
  | { type: 'error'; code: string; message: string };

export interface VoiceHandlers {
  onMessage(message: ServerMessage): void;
  /** the client's speech started or stopped playing */
  onSpeaking(speaking: boolean): void;
  onAudioBytes(total: number): void;
  /** the socket closed without us closing it */
  onDropped(): void;
}

/** espeak-ng streams a WAV whose sizes are placeholders: set them so every browser plays it. */
export function fixWavSizes(bytes: Uint8Array): Uint8Array {
  if (bytes.length < 44) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return bytes;
  view.setUint32(4, bytes.length - 8, true);
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    if (tag(offset) === 'data') {
      view.setUint32(offset + 4, bytes.length - offset - 8, true);
      break;
    }
    offset += 8 + view.getUint32(offset + 4, true);
  }
  return bytes;
}

export interface VoiceConnection {
  sendText(text: string): void;
  startRecording(): Promise<void>;
  stopRecording(): void;
  bargeIn(): void;
  finish(): void;
  close(): void;
}

export function openVoiceConnection(sessionId: string, audio: HTMLAudioElement, handlers: VoiceHandlers): VoiceConnection {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${window.location.host}/api/v1/trainer/sessions/${sessionId}/ws`);
  socket.binaryType = 'arraybuffer';
  let closedByUs = false;
  let chunks: Uint8Array[] = [];
  let mimeType = 'audio/wav';
  let receiving = false;
  let totalBytes = 0;
  let recorder: MediaRecorder | null = null;
  let stream: MediaStream | null = null;
  let objectUrl: string | null = null;

  const stopPlayback = () => {
    receiving = false;
    chunks = [];
    audio.pause();
    handlers.onSpeaking(false);
  };

  audio.onended = () => handlers.onSpeaking(false);

  const play = () => {
    const length = chunks.reduce((sum, c) => sum + c.length, 0);
    const joined = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      joined.set(chunk, offset);
      offset += chunk.length;
    }
    chunks = [];
    if (length === 0) return;
    const bytes = mimeType.includes('wav') ? fixWavSizes(joined) : joined;
    if (objectUrl) URL.revokeObjectURL(objectUrl);
    objectUrl = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType }));
    audio.src = objectUrl;
    handlers.onSpeaking(true);
    audio.play().catch(() => handlers.onSpeaking(false));
  };

  socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
    if (typeof event.data !== 'string') {
      if (!receiving) return;
      const chunk = new Uint8Array(event.data);
      chunks.push(chunk);
      totalBytes += chunk.length;
      handlers.onAudioBytes(totalBytes);
      return;
    }
    const message = JSON.parse(event.data) as ServerMessage;
    if (message.type === 'audio-start') {
      mimeType = message.mimeType;
      chunks = [];
      receiving = true;
    } else if (message.type === 'audio-end') {
      receiving = false;
      play();
    } else if (message.type === 'audio-stopped') {
      stopPlayback();
    }
    handlers.onMessage(message);
  };
  socket.onclose = () => {
    if (!closedByUs) handlers.onDropped();
  };

  const send = (message: object) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };

  return {
    sendText: (text) => send({ type: 'text', text }),
    async startRecording() {
      // Speaking over the client stops it (server-side too).
      stopPlayback();
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : '';
      recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
      send({ type: 'start-utterance' });
      recorder.ondataavailable = (event) => {
        if (event.data.size > 0 && socket.readyState === WebSocket.OPEN) socket.send(event.data);
      };
      recorder.onstop = () => {
        send({ type: 'end-utterance' });
        stream?.getTracks().forEach((track) => track.stop());
        stream = null;
      };
      recorder.start(250);
    },
    stopRecording() {
      if (recorder && recorder.state !== 'inactive') recorder.stop();
      recorder = null;
    },
    bargeIn() {
      stopPlayback();
      send({ type: 'barge-in' });
    },
    finish: () => send({ type: 'finish' }),
    close() {
      closedByUs = true;
      if (recorder && recorder.state !== 'inactive') recorder.stop();
      stream?.getTracks().forEach((track) => track.stop());
      stopPlayback();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      socket.close();
    },
  };
}
