// A real HTTP server on 127.0.0.1 that speaks the documented OpenAI protocol, for tests. It is
// deterministic: a test registers the sha256 of a WAV it made (see audio-fixtures.ts) with the
// segments that WAV should produce, so the whole ingestion path runs on real audio without a model.
// Routes live in a map so chat completions and speech can be added beside transcriptions later.
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSegment {
  start: number;
  end: number;
  text: string;
  speaker?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** multipart text fields, e.g. model, language, response_format */
  fields: Record<string, string[]>;
  /** uploaded files: field name → { name, sha256, size } */
  files: Record<string, { name: string; sha256: string; size: number; type: string }>;
  json?: unknown;
}

/** Failure a test asks for; applies to the next N requests of any route except GET /v1/models. */
export type FakeFailure =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'invalid-json' }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang' };

export interface FakeRouteContext {
  request: RecordedRequest;
  form?: FormData;
  server: FakeOpenAiServer;
}

export type FakeRouteHandler = (context: FakeRouteContext) => Promise<{ status: number; body: unknown }> | { status: number; body: unknown };

export interface FakeOpenAiServer {
  /** base URL including `/v1`, as an OpenAI client expects */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** map an audio (bytes, or its sha256 hex) to the segments the server returns for it */
  registerAudio(audio: Buffer | string, segments: FakeSegment[], options?: { language?: string }): string;
  /** what unregistered audio transcribes to (default: no segments) */
  setDefaultTranscription(segments: FakeSegment[], options?: { language?: string }): void;
  failNext(failure: FakeFailure, times?: number): void;
  /** require `Authorization: Bearer <key>` on every request */
  requireApiKey(key: string | undefined): void;
  route(method: string, path: string, handler: FakeRouteHandler): void;
  close(): Promise<void>;
}

export function sha256Hex(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const routes = new Map<string, FakeRouteHandler>();
  const audioTable = new Map<string, { segments: FakeSegment[]; language: string }>();
  let defaultTranscription = { segments: [] as FakeSegment[], language: 'ru' };
  const failures: FakeFailure[] = [];
  let apiKey: string | undefined;
  const requests: RecordedRequest[] = [];

  const httpServer: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { message: String(error), type: 'server_error' } });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, headers: req.headers, fields: {}, files: {} };
    let form: FormData | undefined;
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      // undici's Request parses multipart exactly as a real server framework would.
      form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') (recorded.fields[name] ??= []).push(value);
        else {
          const bytes = Buffer.from(await value.arrayBuffer());
          recorded.files[name] = { name: value.name, sha256: sha256Hex(bytes), size: bytes.length, type: value.type };
        }
      }
    } else if (contentType.includes('json') && raw.length > 0) {
      recorded.json = JSON.parse(raw.toString('utf8'));
    }
    requests.push(recorded);

    if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
      return send(res, 401, { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } });
    }
    const isHealth = recorded.method === 'GET' && recorded.path === '/v1/models';
    const failure = isHealth ? undefined : failures.shift();
    if (failure) {
      switch (failure.kind) {
        case 'status':
          return send(res, failure.status, failure.body ?? { error: { message: `Simulated failure ${failure.status}`, type: 'server_error' } });
        case 'invalid-json':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"text": "unterminated');
          return;
        case 'hang':
          return; // never answers; the client must time out. close() drops the socket.
        case 'delay':
          await new Promise((resolve) => setTimeout(resolve, failure.ms));
          break;
      }
    }
    const handler = routes.get(`${recorded.method} ${recorded.path}`);
    if (!handler) return send(res, 404, { error: { message: `Unknown route ${recorded.method} ${recorded.path}`, type: 'invalid_request_error' } });
    const result = await handler({ request: recorded, ...(form ? { form } : {}), server: api });
    send(res, result.status, result.body);
  }

  function send(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }

  routes.set('GET /v1/models', () => ({ status: 200, body: { object: 'list', data: [{ id: 'whisper-1', object: 'model', owned_by: 'fake' }] } }));
  routes.set('POST /v1/audio/transcriptions', ({ request }) => {
    const file = request.files.file;
    if (!file) return { status: 400, body: { error: { message: "Missing required parameter: 'file'.", type: 'invalid_request_error' } } };
    if (!request.fields.model?.[0]) return { status: 400, body: { error: { message: "Missing required parameter: 'model'.", type: 'invalid_request_error' } } };
    const entry = audioTable.get(file.sha256) ?? defaultTranscription;
    const language = request.fields.language?.[0] ?? entry.language;
    const format = request.fields.response_format?.[0] ?? 'json';
    const text = entry.segments.map((segment) => segment.text).join(' ');
    if (format !== 'verbose_json' && format !== 'diarized_json') return { status: 200, body: { text } };
    const duration = entry.segments.at(-1)?.end ?? 0;
    return {
      status: 200,
      body: {
        task: 'transcribe',
        // OpenAI names the language in English in verbose_json
        language: language === 'ru' ? 'russian' : language === 'en' ? 'english' : language,
        duration,
        text,
        segments: entry.segments.map((segment, id) => ({
          id, seek: 0, start: segment.start, end: segment.end, text: segment.text, tokens: [], temperature: 0,
          avg_logprob: -0.2, compression_ratio: 1.2, no_speech_prob: 0.01, ...(segment.speaker ? { speaker: segment.speaker } : {}),
        })),
      },
    };
  });

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;

  const api: FakeOpenAiServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    registerAudio(audio, segments, options) {
      const hash = typeof audio === 'string' ? audio : sha256Hex(audio);
      audioTable.set(hash, { segments, language: options?.language ?? 'ru' });
      return hash;
    },
    setDefaultTranscription(segments, options) {
      defaultTranscription = { segments, language: options?.language ?? 'ru' };
    },
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    requireApiKey(key) {
      apiKey = key;
    },
    route(method, path, handler) {
      routes.set(`${method.toUpperCase()} ${path}`, handler);
    },
    close() {
      httpServer.closeAllConnections();
      return new Promise((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return api;
}
