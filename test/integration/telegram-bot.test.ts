// The Mentor bot end to end over long polling against the local fake Bot API server:
// getMe → deleteWebhook → getUpdates (queued updates) → sendMessage (recorded).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bot } from 'grammy';
import { InMemoryTelegramLinkStore } from '../../src/integrations/telegram/in-memory-link-store.ts';
import { issueLinkCode } from '../../src/integrations/telegram/link-codes.ts';
import { BOT_COMMANDS, HELP_TEXT, createMentorBot, registerBotCommands } from '../../src/integrations/telegram/telegram-bot.ts';
import type { LostClientSummary, LostClientsReader, RecommendationView } from '../../src/integrations/telegram/telegram-ports.ts';
import { FakeTelegramServer } from '../support/fake-telegram-server.ts';

const NOW = new Date('2026-11-23T09:00:00Z');
const anna = { id: 501, username: 'anna_sales', first_name: 'Анна' };
const stranger = { id: 502, first_name: 'Кто-то' };

const lost: LostClientSummary[] = [
  { lostClientId: 'lc1', clientName: 'Иван Петров', phone: '+79161234567', lossStage: 'objections', reason: 'возражение «дорого» не отработано', recommendationStatus: 'open', dueAt: new Date('2026-11-25T21:00:00Z') },
  { lostClientId: 'lc2', clientName: null, phone: '+79037654321', lossStage: 'closing', reason: 'нет следующего шага', recommendationStatus: null, dueAt: null },
];
const recommendation: RecommendationView = {
  lostClientId: 'lc1', clientName: 'Иван Петров', text: 'Клиент ушёл на этапе обработки возражения (цена).', script: 'Иван, вы сказали «дорого» — давайте сравним: рассрочка 0% на 12 мес.!',
  status: 'open', dueAt: new Date('2026-11-25T21:00:00Z'),
};
const requested: string[] = [];
const reader: LostClientsReader = {
  async listLostClients(companyId, managerId, limit) {
    requested.push(`list:${companyId}:${managerId}:${limit}`);
    return managerId === 'anna' ? lost : [];
  },
  async getRecommendation(companyId, managerId, lostClientId) {
    requested.push(`rec:${companyId}:${managerId}:${lostClientId}`);
    return lostClientId === 'lc1' ? recommendation : null;
  },
};

let fake: FakeTelegramServer;
let store: InMemoryTelegramLinkStore;
let bot: Bot;
let running: Promise<void>;
const errors: unknown[] = [];

before(async () => {
  fake = await FakeTelegramServer.start();
  store = new InMemoryTelegramLinkStore();
  bot = createMentorBot({ token: fake.token, apiRoot: fake.apiRoot, store, lostClients: reader, now: () => NOW, onError: (error) => errors.push(error) });
  await new Promise<void>((resolve) => {
    running = bot.start({ onStart: () => resolve() });
  });
});
after(async () => {
  await bot.stop();
  await running;
  await fake.close();
  assert.deepEqual(errors, []);
});

/** Send texts as a user and wait for that many replies. */
async function say(from: { id: number; username?: string; first_name?: string }, ...texts: string[]): Promise<string[]> {
  const start = fake.sent.length;
  for (const text of texts) fake.queueText(from, text);
  const sent = await fake.waitForSent(start + texts.length);
  return sent.slice(start).map((message) => message.text);
}

void test('the bot starts through getMe and deleteWebhook and registers its commands', async () => {
  assert.deepEqual(fake.calls.slice(0, 2).map((c) => c.method), ['getMe', 'deleteWebhook']);
  assert.equal(bot.botInfo.username, 'mentor_test_bot');
  await registerBotCommands(bot);
  assert.deepEqual(fake.commands, BOT_COMMANDS.map((c) => ({ ...c })));
});

void test('an unlinked chat gets help and is told to link before /lost', async () => {
  const [help, lostReply, unknown] = await say(stranger, '/help', '/lost', 'привет');
  assert.equal(help, HELP_TEXT);
  assert.match(lostReply ?? '', /не привязан к Mentor/);
  assert.equal(unknown, 'Не понимаю. Команды: /help');
  assert.deepEqual(requested, []);
});

void test('/start <code> links the chat once; reusing the code or an expired one is refused', async () => {
  const { code, deepLink } = await issueLinkCode(store, { companyId: 'c1', userId: 'anna', role: 'manager' }, { now: new Date(NOW.getTime() - 60_000), botUsername: bot.botInfo.username });
  assert.equal(deepLink, `https://t.me/mentor_test_bot?start=${code}`);
  const [linked] = await say(anna, `/start ${code}`);
  assert.match(linked ?? '', /^Готово: чат привязан к аккаунту менеджера/);
  assert.equal((await store.findLinkByChat(anna.id))?.userId, 'anna');

  const [again] = await say(stranger, `/link ${code}`);
  assert.match(again ?? '', /уже использован/);
  assert.equal(await store.findLinkByChat(stranger.id), null);

  const old = await issueLinkCode(store, { companyId: 'c1', userId: 'boris', role: 'manager' }, { now: new Date(NOW.getTime() - 16 * 60_000) });
  const [expired, empty, wrong] = await say(stranger, `/link ${old.code}`, '/link', '/link NOPE2345');
  assert.match(expired ?? '', /Срок действия кода истёк/);
  assert.match(empty ?? '', /Отправьте код/);
  assert.match(wrong ?? '', /Код не найден/);
});

void test('/lost lists the manager\'s own lost clients; /rec <n> shows the recommendation in MarkdownV2', async () => {
  const [list] = await say(anna, '/lost');
  assert.equal(list, [
    'Ваши потерянные клиенты:',
    '1. Иван Петров — этап «Обработка возражений»: возражение «дорого» не отработано; рекомендация: ждёт звонка до 26.11, 00:00',
    '2. +79037654321 — этап «Закрытие»: нет следующего шага',
    '',
    'Рекомендация по клиенту: /rec <номер>',
  ].join('\n'));
  assert.deepEqual(requested.splice(0), ['list:c1:anna:10']);

  const before = fake.sent.length;
  const [rec, noRec, missing, bad] = await say(anna, '/rec 1', '/rec 2', '/rec 7', '/rec abc');
  assert.equal(rec, [
    '*Клиент №1: Иван Петров*',
    'Клиент ушёл на этапе обработки возражения \\(цена\\)\\.',
    '*Что сказать:*\nИван, вы сказали «дорого» — давайте сравним: рассрочка 0% на 12 мес\\.\\!',
    'Статус: ждёт звонка; срок: 26\\.11, 00:00',
  ].join('\n\n'));
  assert.equal(fake.sent[before]?.parse_mode, 'MarkdownV2');
  assert.equal(noRec, 'Для клиента №2 рекомендация ещё не готова.');
  assert.equal(missing, 'Клиента №7 нет в списке /lost.');
  assert.match(bad ?? '', /Укажите номер клиента из списка \/lost/);
  assert.ok(requested.includes('rec:c1:anna:lc1'));
});

void test('a chat whose link was deactivated (bot blocked earlier) must link again', async () => {
  await store.deactivateChat(anna.id, 'Forbidden: bot was blocked by the user');
  const [reply] = await say(anna, '/lost');
  assert.match(reply ?? '', /не привязан к Mentor/);
});
