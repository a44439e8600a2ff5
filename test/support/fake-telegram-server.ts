// A real HTTP server on 127.0.0.1 that speaks the part of the Telegram Bot API Mentor uses:
// getMe, getUpdates (long polling over queued updates), sendMessage (recorded), setMyCommands,
// deleteWebhook — and errors on demand. Point grammY at it with `client: { apiRoot: server.apiRoot }`.
// Requests are `POST /bot<token>/<method>` with a JSON body, as grammY sends them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SentMessage {
  chat_id: number;
  text: string;
  parse_mode?: string;
  [key: string]: unknown;
}

export interface InjectedError {
  error_code: number;
  description: string;
  retry_after?: number;
}

interface PendingPoll {
  offset: number;
  respond: (updates: unknown[]) => void;
}

export class FakeTelegramServer {
  readonly token: string;
  readonly botUser = { id: 7000001, is_bot: true, first_name: 'Mentor', username: 'mentor_test_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false, has_main_web_app: false };
  /** every call in order, with its JSON payload */
  readonly calls: { method: string; payload: Record<string, unknown> }[] = [];
  readonly sent: SentMessage[] = [];
  commands: unknown[] = [];
  #server: Server;
  #apiRoot = '';
  #updates: { update_id: number; [key: string]: unknown }[] = [];
  #nextUpdateId = 1;
  #nextMessageId = 1;
  #polls: PendingPoll[] = [];
  #errors = new Map<string, InjectedError[]>();
  #sentWaiters: { count: number; resolve: (messages: SentMessage[]) => void }[] = [];

  private constructor(token: string) {
    this.token = token;
    this.#server = createServer((req, res) => {
      void this.#handle(req, res);
    });
  }

  static async start(token = '123456:TEST-token'): Promise<FakeTelegramServer> {
    const fake = new FakeTelegramServer(token);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    fake.#apiRoot = `http://127.0.0.1:${(fake.#server.address() as AddressInfo).port}`;
    return fake;
  }

  get apiRoot(): string {
    return this.#apiRoot;
  }

  /** Queue a raw update; update_id is assigned. */
  queueUpdate(update: Record<string, unknown>): number {
    const updateId = this.#nextUpdateId++;
    this.#updates.push({ update_id: updateId, ...update });
    this.#flushPolls();
    return updateId;
  }

  /** Queue a private text message from a user, as Telegram delivers it. */
  queueText(from: { id: number; username?: string; first_name?: string }, text: string): number {
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]?.length ?? text.length }] : undefined;
    return this.queueUpdate({
      message: {
        message_id: this.#nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: from.id, type: 'private', first_name: from.first_name ?? 'User', ...(from.username ? { username: from.username } : {}) },
        from: { id: from.id, is_bot: false, first_name: from.first_name ?? 'User', ...(from.username ? { username: from.username } : {}) },
        text,
        ...(entities ? { entities } : {}),
      },
    });
  }

  /** The next call(s) of `method` fail with this Telegram error, in order. */
  failNext(method: string, error: InjectedError): void {
    const queue = this.#errors.get(method) ?? [];
    queue.push(error);
    this.#errors.set(method, queue);
  }

  /**
   * Resolves once at least `count` messages were sent in total (event-driven, no sleeping). The
   * guard only turns a bot that never answers into a readable failure instead of a hung run.
   */
  waitForSent(count: number, guardMs = 10_000): Promise<SentMessage[]> {
    if (this.sent.length >= count) return Promise.resolve([...this.sent]);
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        this.#sentWaiters = this.#sentWaiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`The bot sent ${this.sent.length} messages, expected ${count}: ${JSON.stringify(this.sent.map((m) => m.text))}`));
      }, guardMs);
      const done = (messages: SentMessage[]): void => {
        clearTimeout(guard);
        resolve(messages);
      };
      this.#sentWaiters.push({ count, resolve: done });
    });
  }

  async close(): Promise<void> {
    for (const poll of this.#polls.splice(0)) poll.respond([]);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #flushPolls(): void {
    const still: PendingPoll[] = [];
    for (const poll of this.#polls) {
      const ready = this.#pending(poll.offset);
      if (ready.length > 0) poll.respond(ready);
      else still.push(poll);
    }
    this.#polls = still;
  }

  #pending(offset: number): unknown[] {
    // Telegram forgets updates below the offset once confirmed.
    this.#updates = this.#updates.filter((update) => update.update_id >= offset);
    return [...this.#updates];
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const send = (status: number, body: unknown): void => {
      if (res.writableEnded || res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!match) return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method = ''] = match;
    if (token !== this.token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    let payload: Record<string, unknown>;
    try {
      payload = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    this.calls.push({ method, payload });
    const injected = this.#errors.get(method)?.shift();
    if (injected) {
      return send(injected.error_code, {
        ok: false,
        error_code: injected.error_code,
        description: injected.description,
        ...(injected.retry_after !== undefined ? { parameters: { retry_after: injected.retry_after } } : {}),
      });
    }
    const ok = (result: unknown): void => send(200, { ok: true, result });
    switch (method) {
      case 'getMe':
        return ok(this.botUser);
      case 'deleteWebhook':
      case 'setWebhook':
        return ok(true);
      case 'setMyCommands':
        this.commands = (payload.commands as unknown[]) ?? [];
        return ok(true);
      case 'getMyCommands':
        return ok(this.commands);
      case 'sendMessage': {
        const message = payload as SentMessage;
        if (typeof message.text !== 'string' || message.text === '') return send(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
        this.sent.push(message);
        const done = this.#sentWaiters.filter((waiter) => this.sent.length >= waiter.count);
        this.#sentWaiters = this.#sentWaiters.filter((waiter) => this.sent.length < waiter.count);
        for (const waiter of done) waiter.resolve([...this.sent]);
        return ok({ message_id: this.#nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: message.chat_id, type: 'private' }, text: message.text });
      }
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        const ready = this.#pending(offset);
        const limit = Number(payload.limit ?? 100);
        if (ready.length > 0 || !payload.timeout) return ok(ready.slice(0, limit));
        // Long polling: hold the request until an update arrives or the client gives up.
        const poll: PendingPoll = { offset, respond: (updates) => ok(updates.slice(0, limit)) };
        this.#polls.push(poll);
        res.on('close', () => {
          this.#polls = this.#polls.filter((candidate) => candidate !== poll);
        });
        return;
      }
      default:
        return send(404, { ok: false, error_code: 404, description: `Not Found: method ${method} is not faked` });
    }
  }
}
