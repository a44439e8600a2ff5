// A real HTTP server on 127.0.0.1 speaking the documented OpenAI chat-completions shape
// (`POST /v1/chat/completions` → `{ id, object: 'chat.completion', choices: [{ message }] }`), for
// the trainer's llm client tests. Deterministic: a test decides the reply per request, and can
// ask for failures (HTTP 500, a hang past the client's timeout, a body that is not JSON).
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeHttpFailure =
  | { kind: 'status'; status: number }
  | { kind: 'garbage' }
  | { kind: 'hang' };

export interface RecordedHttpRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  json?: unknown;
}

export type FakeRoute = (request: RecordedHttpRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeHttpServer {
  /** base URL including `/v1` */
  readonly url: string;
  readonly requests: RecordedHttpRequest[];
  failNext(failure: FakeHttpFailure, times?: number): void;
  close(): Promise<void>;
}

/** The HTTP plumbing shared by the fake chat and speech servers. */
export async function startFakeHttpServer(routes: Record<string, FakeRoute>): Promise<FakeHttpServer> {
  const requests: RecordedHttpRequest[] = [];
  const failures: FakeHttpFailure[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedHttpRequest = { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers: req.headers };
      try {
        if (raw) recorded.json = JSON.parse(raw);
      } catch {
        // A client that sends no JSON is recorded without it; the route decides.
      }
      requests.push(recorded);
      const failure = failures.shift();
      if (failure?.kind === 'hang') return; // never answer: the client's timeout must fire
      if (failure?.kind === 'status') {
        res.writeHead(failure.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'fake failure', type: 'server_error' } }));
        return;
      }
      if (failure?.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('<html>not json');
        return;
      }
      const route = routes[`${recorded.method} ${recorded.path}`];
      if (!route) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${recorded.method} ${recorded.path}` } }));
        return;
      }
      await route(recorded, res);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i += 1) failures.push(failure);
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

export interface ChatRequestBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  temperature?: number;
  max_tokens?: number;
  /** `json_schema` carries the schema a structured-output client asks for */
  response_format?: { type: string; json_schema?: { name?: string; description?: string; strict?: boolean; schema?: Record<string, unknown> } };
}

/** Decides the assistant's content for a request; a string is sent as is. */
export type ChatResponder = (body: ChatRequestBody, index: number) => string;

export interface FakeChatServer extends FakeHttpServer {
  setResponder(responder: ChatResponder): void;
  /** the chat requests received, in order */
  chatBodies(): ChatRequestBody[];
}

export async function startFakeChatServer(responder: ChatResponder = () => '{"reply": "Слушаю.", "status": "continue"}'): Promise<FakeChatServer> {
  let current = responder;
  let count = 0;
  const http = await startFakeHttpServer({
    'POST /v1/chat/completions': (request, res) => {
      const body = request.json as ChatRequestBody;
      if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model and messages are required', type: 'invalid_request_error' } }));
        return;
      }
      const content = current(body, count);
      count += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        id: `chatcmpl-fake-${count}`,
        object: 'chat.completion',
        created: 1_700_000_000,
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      }));
    },
  });
  return {
    ...http,
    url: http.url,
    requests: http.requests,
    setResponder(next) {
      current = next;
    },
    chatBodies() {
      return http.requests.filter((r) => r.path === '/v1/chat/completions' && r.json).map((r) => r.json as ChatRequestBody);
    },
  };
}
