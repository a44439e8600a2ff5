// The Mentor bot: account linking (/start <code>, /link <code>), a manager's own lost clients
// (/lost), one recommendation (/rec <n>, n from the /lost list) and /help. It talks to Mentor only
// through the ports in telegram-ports.ts, so it is the same for the embedded and the server setup.
// Replies are in Russian, the product's default language.
import { Bot, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { AppError } from '../../domain/errors.ts';
import { STAGE_TITLES } from '../../domain/stages.ts';
import type { RecommendationStatus } from '../../domain/recommendation-lifecycle.ts';
import { redeemLinkCode } from './link-codes.ts';
import { boldMarkdownV2, escapeMarkdownV2 } from './telegram-markdown.ts';
import type { LostClientsReader, TelegramLink, TelegramLinkStore } from './telegram-ports.ts';

export const LOST_LIST_LIMIT = 10;

export const BOT_COMMANDS = [
  { command: 'lost', description: 'Мои потерянные клиенты' },
  { command: 'rec', description: 'Рекомендация по клиенту: /rec 1' },
  { command: 'link', description: 'Привязать аккаунт Mentor: /link КОД' },
  { command: 'help', description: 'Что умеет бот' },
] as const;

export const HELP_TEXT = [
  'Я бот Mentor. Присылаю уведомления и показываю ваших потерянных клиентов.',
  '',
  '/lost — мои потерянные клиенты',
  '/rec 1 — рекомендация по клиенту №1 из списка /lost',
  '/link КОД — привязать аккаунт (код: Mentor → Профиль → Telegram)',
  '/help — эта справка',
].join('\n');

const NOT_LINKED = 'Этот чат не привязан к Mentor. Получите код в Mentor (Профиль → Telegram) и отправьте: /link КОД';

const STATUS_TEXT: Record<RecommendationStatus, string> = {
  open: 'ждёт звонка',
  called: 'звонок был',
  verifying: 'проверяется',
  applied: 'выполнена',
  not_applied: 'не выполнена',
  returned: 'клиент вернулся',
  expired: 'истекла',
};

export interface MentorBotOptions {
  token: string;
  store: TelegramLinkStore;
  lostClients: LostClientsReader;
  apiRoot?: string;
  /** skips getMe at start-up when known */
  botInfo?: UserFromGetMe;
  now?: () => Date;
  timeZone?: string;
  /** called with every unexpected error (the bot replies with a generic message) */
  onError?: (error: unknown) => void;
}

const formatDate = (date: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }).format(date);

export function createMentorBot(options: MentorBotOptions): Bot {
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    ...(options.apiRoot ? { client: { apiRoot: options.apiRoot } } : {}),
  });
  const now = options.now ?? (() => new Date());
  const timeZone = options.timeZone ?? 'Europe/Moscow';
  const privateChats = bot.chatType('private');

  async function link(ctx: Context, code: string): Promise<void> {
    if (!ctx.chat || !ctx.from) return;
    if (code.trim() === '') {
      await ctx.reply('Отправьте код из Mentor (Профиль → Telegram): /link КОД');
      return;
    }
    try {
      const linked = await redeemLinkCode(options.store, { code, chatId: ctx.chat.id, telegramUserId: ctx.from.id, username: ctx.from.username ?? null, now: now() });
      const role = linked.role === 'head_of_sales' ? 'руководителя отдела продаж' : 'менеджера';
      await ctx.reply(`Готово: чат привязан к аккаунту ${role}. Сюда будут приходить уведомления Mentor.\n\n${HELP_TEXT}`);
    } catch (error) {
      if (error instanceof AppError && error.code.startsWith('telegram_code_')) await ctx.reply(error.message);
      else throw error;
    }
  }

  async function linkedManager(ctx: Context): Promise<TelegramLink | null> {
    const found = ctx.chat ? await options.store.findLinkByChat(ctx.chat.id) : null;
    if (!found || !found.active || found.telegramUserId !== ctx.from?.id) {
      await ctx.reply(NOT_LINKED);
      return null;
    }
    return found;
  }

  privateChats.command('start', async (ctx) => {
    if (ctx.match.trim() !== '') return link(ctx, ctx.match);
    await ctx.reply(HELP_TEXT);
  });
  privateChats.command('link', (ctx) => link(ctx, ctx.match));
  privateChats.command('help', (ctx) => ctx.reply(HELP_TEXT));

  privateChats.command('lost', async (ctx) => {
    const owner = await linkedManager(ctx);
    if (!owner) return;
    const clients = await options.lostClients.listLostClients(owner.companyId, owner.userId, LOST_LIST_LIMIT);
    if (clients.length === 0) {
      await ctx.reply('Потерянных клиентов нет. Так держать!');
      return;
    }
    const lines = clients.map((client, index) => {
      const name = client.clientName ?? client.phone ?? 'Клиент без имени';
      const status = client.recommendationStatus ? `; рекомендация: ${STATUS_TEXT[client.recommendationStatus]}` : '';
      const due = client.dueAt && client.recommendationStatus === 'open' ? ` до ${formatDate(client.dueAt, timeZone)}` : '';
      return `${index + 1}. ${name} — этап «${STAGE_TITLES.ru[client.lossStage]}»: ${client.reason}${status}${due}`;
    });
    await ctx.reply(`Ваши потерянные клиенты:\n${lines.join('\n')}\n\nРекомендация по клиенту: /rec <номер>`);
  });

  privateChats.command('rec', async (ctx) => {
    const owner = await linkedManager(ctx);
    if (!owner) return;
    const n = Number(ctx.match.trim());
    if (!Number.isInteger(n) || n < 1 || n > LOST_LIST_LIMIT) {
      await ctx.reply(`Укажите номер клиента из списка /lost (от 1 до ${LOST_LIST_LIMIT}), например: /rec 1`);
      return;
    }
    const clients = await options.lostClients.listLostClients(owner.companyId, owner.userId, LOST_LIST_LIMIT);
    const client = clients[n - 1];
    const recommendation = client ? await options.lostClients.getRecommendation(owner.companyId, owner.userId, client.lostClientId) : null;
    if (!client || !recommendation) {
      await ctx.reply(client ? `Для клиента №${n} рекомендация ещё не готова.` : `Клиента №${n} нет в списке /lost.`);
      return;
    }
    const title = `Клиент №${n}: ${recommendation.clientName ?? client.phone ?? 'без имени'}`;
    const parts = [
      boldMarkdownV2(title),
      escapeMarkdownV2(recommendation.text),
      recommendation.script ? `${boldMarkdownV2('Что сказать:')}\n${escapeMarkdownV2(recommendation.script)}` : '',
      escapeMarkdownV2(`Статус: ${STATUS_TEXT[recommendation.status]}; срок: ${formatDate(recommendation.dueAt, timeZone)}`),
    ];
    await ctx.reply(parts.filter(Boolean).join('\n\n'), { parse_mode: 'MarkdownV2' });
  });

  privateChats.on('message:text', (ctx) => ctx.reply('Не понимаю. Команды: /help'));

  bot.catch(async (error) => {
    options.onError?.(error.error);
    await error.ctx.reply('Что-то пошло не так. Попробуйте ещё раз позже.').catch(() => undefined);
  });
  return bot;
}

/** Publish the command list shown in Telegram's menu. */
export async function registerBotCommands(bot: Bot): Promise<void> {
  await bot.api.setMyCommands(BOT_COMMANDS.map((command) => ({ ...command })));
}
