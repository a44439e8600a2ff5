// A real HTTP server on 127.0.0.1 speaking the documented OpenAI speech shape
// (`POST /v1/audio/speech` with { model, input, voice, response_format } → audio bytes), for the
// openai TTS adapter's tests. It answers a small valid WAV in several chunks, so streaming is real.
import type { ServerResponse } from 'node:http';
import { startFakeHttpServer } from './fake-chat-server.ts';
import type { FakeHttpServer, RecordedHttpRequest } from './fake-chat-server.ts';

export interface SpeechRequestBody {
  model: string;
  input: string;
  voice: string;
  response_format?: string;
  speed?: number;
}

/** A mono 16-bit WAV of a quiet tone whose length follows the text, like real speech would. */
export function toneWav(text: string, sampleRate = 16000): Buffer {
  const samples = Math.max(1600, text.length * 400);
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(wav.length - 8, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(sampleRate, 24);
  wav.writeUInt32LE(sampleRate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i += 1) wav.writeInt16LE(Math.round(2000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), 44 + i * 2);
  return wav;
}

export interface FakeSpeechServer extends FakeHttpServer {
  speechBodies(): SpeechRequestBody[];
  /** require `Authorization: Bearer <key>` */
  requireApiKey(key: string): void;
}

export async function startFakeSpeechServer(): Promise<FakeSpeechServer> {
  let apiKey: string | undefined;
  const http = await startFakeHttpServer({
    'GET /v1/models': (_request: RecordedHttpRequest, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'tts-fake', object: 'model' }] }));
    },
    'POST /v1/audio/speech': async (request: RecordedHttpRequest, res: ServerResponse) => {
      if (apiKey && request.headers.authorization !== `Bearer ${apiKey}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } }));
        return;
      }
      const body = request.json as Partial<SpeechRequestBody> | undefined;
      if (!body?.model || typeof body.input !== 'string' || !body.voice) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model, input and voice are required', type: 'invalid_request_error' } }));
        return;
      }
      const wav = toneWav(body.input);
      res.writeHead(200, { 'content-type': body.response_format === 'mp3' ? 'audio/mpeg' : 'audio/wav' });
      // Header first, then the samples in pieces, as a streaming speech server sends them.
      const pieces = [wav.subarray(0, 44), wav.subarray(44, 44 + Math.floor((wav.length - 44) / 2)), wav.subarray(44 + Math.floor((wav.length - 44) / 2))];
      for (const piece of pieces) {
        res.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      res.end();
    },
  });
  return {
    ...http,
    speechBodies: () => http.requests.filter((r) => r.path === '/v1/audio/speech' && r.json).map((r) => r.json as SpeechRequestBody),
    requireApiKey(key) {
      apiKey = key;
    },
  };
}
