import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../domain/errors.ts';
import { InMemoryTelegramLinkStore } from './in-memory-link-store.ts';
import { LINK_CODE_ALPHABET, generateLinkCode, hashLinkCode, issueLinkCode, normalizeLinkCode, redeemLinkCode } from './link-codes.ts';
import { boldMarkdownV2, escapeMarkdownV2 } from './telegram-markdown.ts';

const owner = { companyId: 'c1', userId: 'u1', role: 'manager' as const };
const chat = { chatId: 555, telegramUserId: 555, username: 'anna' };
const t0 = new Date('2026-11-23T09:00:00Z');
const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

void test('codes use an unambiguous alphabet; only the hash is stored', async () => {
  const code = generateLinkCode();
  assert.match(code, new RegExp(`^[${LINK_CODE_ALPHABET}]{8}$`));
  assert.equal(generateLinkCode(() => 0), 'AAAAAAAA');
  assert.equal(normalizeLinkCode(' abcd-efgh '), 'ABCDEFGH');
  const store = new InMemoryTelegramLinkStore();
  const issued = await issueLinkCode(store, owner, { now: t0, botUsername: 'mentor_bot' });
  assert.equal(issued.expiresAt.toISOString(), minutes(15).toISOString());
  assert.equal(issued.deepLink, `https://t.me/mentor_bot?start=${issued.code}`);
  assert.deepEqual([...store.codes.keys()], [hashLinkCode(issued.code)]);
  assert.ok(![...store.codes.values()].some((stored) => JSON.stringify(stored).includes(issued.code)));
});

void test('a code links the chat once; the second use and an expired code are refused', async () => {
  const store = new InMemoryTelegramLinkStore();
  const { code } = await issueLinkCode(store, owner, { now: t0 });
  const link = await redeemLinkCode(store, { code: code.toLowerCase(), ...chat, now: minutes(5) });
  assert.deepEqual(link, { ...owner, chatId: 555, telegramUserId: 555, username: 'anna', linkedAt: minutes(5), active: true, inactiveReason: null });
  assert.deepEqual(await store.findLinkByChat(555), link);
  await assert.rejects(redeemLinkCode(store, { code, chatId: 777, telegramUserId: 777, username: null, now: minutes(6) }), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'telegram_code_used');
    assert.match(error.message, /уже использован/);
    return true;
  });
  assert.equal(await store.findLinkByChat(777), null);

  const late = await issueLinkCode(store, owner, { now: t0, ttlMs: 10 * 60_000 });
  await assert.rejects(redeemLinkCode(store, { code: late.code, ...chat, now: minutes(10) }), (error: unknown) => error instanceof AppError && error.code === 'telegram_code_expired');
  // expiry does not consume: still expired, not "used"
  await assert.rejects(redeemLinkCode(store, { code: late.code, ...chat, now: minutes(11) }), /истёк/);
  await assert.rejects(redeemLinkCode(store, { code: 'ZZZZZZZZ', ...chat, now: t0 }), (error: unknown) => error instanceof AppError && error.code === 'telegram_code_invalid');
  await assert.rejects(redeemLinkCode(store, { code: '<script>', ...chat, now: t0 }), (error: unknown) => error instanceof AppError && error.code === 'telegram_code_invalid');
});

void test('MarkdownV2 escaping covers every special character', () => {
  assert.equal(escapeMarkdownV2('ООО «Рога-и-Копыта». Цена: 1 500 ₽ (скидка 5%)!'), 'ООО «Рога\\-и\\-Копыта»\\. Цена: 1 500 ₽ \\(скидка 5%\\)\\!');
  assert.equal(escapeMarkdownV2('_*[]()~`>#+-=|{}.!\\'), '\\_\\*\\[\\]\\(\\)\\~\\`\\>\\#\\+\\-\\=\\|\\{\\}\\.\\!\\\\');
  assert.equal(boldMarkdownV2('Клиент №1.'), '*Клиент №1\\.*');
});

void test('two chats racing with one code: exactly one wins', async () => {
  const store = new InMemoryTelegramLinkStore();
  const { code } = await issueLinkCode(store, owner, { now: t0 });
  const results = await Promise.allSettled([
    redeemLinkCode(store, { code, chatId: 1, telegramUserId: 1, username: null, now: minutes(1) }),
    redeemLinkCode(store, { code, chatId: 2, telegramUserId: 2, username: null, now: minutes(1) }),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  assert.equal(store.links.size, 1);
});
