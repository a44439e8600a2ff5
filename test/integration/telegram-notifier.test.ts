// TelegramNotifier against the local fake Bot API server: never the real Telegram.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '../../src/domain/errors.ts';
import { InMemoryTelegramLinkStore } from '../../src/integrations/telegram/in-memory-link-store.ts';
import { TelegramNotifier } from '../../src/integrations/telegram/telegram-notifier.ts';
import type { TelegramLink } from '../../src/integrations/telegram/telegram-ports.ts';
import { FakeTelegramServer } from '../support/fake-telegram-server.ts';

let fake: FakeTelegramServer;
before(async () => {
  fake = await FakeTelegramServer.start();
});
after(async () => {
  await fake.close();
});

const link = (chatId: number, userId = 'head'): TelegramLink => ({
  companyId: 'c1', userId, role: 'head_of_sales', chatId, telegramUserId: chatId, username: null, linkedAt: new Date('2026-11-01T00:00:00Z'), active: true, inactiveReason: null,
});

async function setup(): Promise<{ store: InMemoryTelegramLinkStore; notifier: TelegramNotifier }> {
  const store = new InMemoryTelegramLinkStore();
  return { store, notifier: new TelegramNotifier({ token: fake.token, apiRoot: fake.apiRoot, store }) };
}

void test('sends an escaped MarkdownV2 message to every active chat of the user', async () => {
  const { store, notifier } = await setup();
  await store.saveLink(link(101));
  await store.saveLink(link(102));
  await store.saveLink({ ...link(103), active: false, inactiveReason: 'blocked' });
  const before = fake.sent.length;
  const results = await notifier.notifyUser('c1', 'head', 'Анна не заходит в систему 4 дн. (с 19.11)');
  assert.deepEqual(results.map((r) => [r.status, r.chatId]), [['sent', 101], ['sent', 102]]);
  const sent = fake.sent.slice(before);
  assert.deepEqual(sent.map((m) => m.chat_id), [101, 102]);
  assert.equal(sent[0]?.text, 'Анна не заходит в систему 4 дн\\. \\(с 19\\.11\\)');
  assert.equal(sent[0]?.parse_mode, 'MarkdownV2');
  await notifier.sendToChat(101, 'plain (text).', { markdown: 'none' });
  assert.equal(fake.sent.at(-1)?.text, 'plain (text).');
  assert.equal(fake.sent.at(-1)?.parse_mode, undefined);
});

void test('403 "bot was blocked by the user" marks the link inactive instead of failing', async () => {
  const { store, notifier } = await setup();
  await store.saveLink(link(201));
  fake.failNext('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  const result = await notifier.sendToChat(201, 'Еженедельный отчёт готов');
  assert.deepEqual(result, { status: 'inactive', chatId: 201, reason: 'Forbidden: bot was blocked by the user' });
  assert.equal((await store.findLinkByChat(201))?.active, false);
  assert.equal((await store.findLinkByChat(201))?.inactiveReason, 'Forbidden: bot was blocked by the user');
  assert.deepEqual(await notifier.notifyUser('c1', 'head', 'ещё одно'), []); // no active chat left

  await store.saveLink(link(202));
  fake.failNext('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
  assert.equal((await notifier.sendToChat(202, 'x')).status, 'inactive');
});

void test('429 is retryable with Telegram\'s retry_after; other errors are not swallowed', async () => {
  const { notifier } = await setup();
  fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 17', retry_after: 17 });
  const limited = await notifier.sendToChat(301, 'x').catch((error: unknown) => error);
  assert.ok(limited instanceof AppError);
  assert.equal(limited.code, 'telegram_rate_limited');
  assert.equal(limited.retryable, true);
  assert.equal(limited.details?.retryAfterSeconds, 17);

  fake.failNext('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities" });
  const rejected = await notifier.sendToChat(301, 'x').catch((error: unknown) => error);
  assert.ok(rejected instanceof AppError && rejected.code === 'telegram_rejected' && !rejected.retryable);

  fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
  const down = await notifier.sendToChat(301, 'x').catch((error: unknown) => error);
  assert.ok(down instanceof AppError && down.code === 'telegram_unavailable' && down.retryable);
});

void test('a wrong token is refused by the server and reported without the token', async () => {
  const store = new InMemoryTelegramLinkStore();
  const notifier = new TelegramNotifier({ token: '999:WRONG-secret', apiRoot: fake.apiRoot, store });
  const error = await notifier.sendToChat(1, 'x').catch((e: unknown) => e);
  assert.ok(error instanceof AppError && error.code === 'telegram_rejected');
  assert.ok(!error.message.includes('WRONG-secret'));
  assert.throws(() => new TelegramNotifier({ token: '', store }), /token is empty/);
});

void test('an unreachable API is a retryable error that does not leak the token', async () => {
  const store = new InMemoryTelegramLinkStore();
  // a port that was just free: the connection is refused locally, nothing leaves the machine
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const notifier = new TelegramNotifier({ token: '42:SECRET-token', apiRoot: `http://127.0.0.1:${port}`, store });
  const error = await notifier.sendToChat(1, 'x').catch((e: unknown) => e);
  assert.ok(error instanceof AppError && error.code === 'telegram_unavailable' && error.retryable);
  assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('SECRET-token'));
});
