// Linking a Telegram chat to a Mentor user with a one-time code: the web app shows the code (and a
// t.me/<bot>?start=<code> deep link); the user sends `/start <code>` or `/link <code>` to the bot.
// Codes expire (default 15 minutes) and work once. Only a hash is stored. 8 characters from a
// 31-symbol alphabet give ~40 bits: guessing one within its lifetime is not practical.
import { createHash, randomInt } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { TelegramLink, TelegramLinkStore, TelegramRole } from './telegram-ports.ts';

/** No 0/O, 1/I/L: people retype codes from a screen. Deep-link payloads allow [A-Za-z0-9_-]. */
export const LINK_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LINK_CODE_LENGTH = 8;
export const DEFAULT_LINK_CODE_TTL_MS = 15 * 60 * 1000;

export function generateLinkCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < LINK_CODE_LENGTH; i += 1) code += LINK_CODE_ALPHABET[random(LINK_CODE_ALPHABET.length)];
  return code;
}

/** Case- and space-insensitive, so "abcd efgh" typed by hand still works. */
export function normalizeLinkCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]/g, '');
}

export function hashLinkCode(code: string): string {
  return createHash('sha256').update(normalizeLinkCode(code)).digest('hex');
}

export interface IssuedLinkCode {
  code: string;
  expiresAt: Date;
  /** https://t.me/<bot>?start=<code>, when the bot's username is known */
  deepLink: string | null;
}

export async function issueLinkCode(
  store: TelegramLinkStore,
  owner: { companyId: string; userId: string; role: TelegramRole },
  options: { now: Date; ttlMs?: number; botUsername?: string; random?: (max: number) => number },
): Promise<IssuedLinkCode> {
  const code = generateLinkCode(options.random);
  const expiresAt = new Date(options.now.getTime() + (options.ttlMs ?? DEFAULT_LINK_CODE_TTL_MS));
  await store.saveCode({ codeHash: hashLinkCode(code), ...owner, createdAt: options.now, expiresAt, usedAt: null });
  return { code, expiresAt, deepLink: options.botUsername ? `https://t.me/${options.botUsername}?start=${code}` : null };
}

/** Redeem a code for this chat; throws telegram_code_invalid / _used / _expired with a message for the user. */
export async function redeemLinkCode(
  store: TelegramLinkStore,
  input: { code: string; chatId: number; telegramUserId: number; username: string | null; now: Date },
): Promise<TelegramLink> {
  const normalized = normalizeLinkCode(input.code);
  if (!/^[A-Z0-9]{4,64}$/.test(normalized)) {
    throw new AppError('telegram_code_invalid', 'Код не найден. Получите новый код в Mentor: Профиль → Telegram.', { status: 400 });
  }
  const result = await store.consumeCode(hashLinkCode(normalized), input.now);
  switch (result.status) {
    case 'not_found':
      throw new AppError('telegram_code_invalid', 'Код не найден. Получите новый код в Mentor: Профиль → Telegram.', { status: 404 });
    case 'already_used':
      throw new AppError('telegram_code_used', 'Этот код уже использован. Получите новый код в Mentor: Профиль → Telegram.', { status: 409 });
    case 'expired':
      throw new AppError('telegram_code_expired', 'Срок действия кода истёк. Получите новый код в Mentor: Профиль → Telegram.', { status: 400 });
    case 'consumed': {
      const link: TelegramLink = {
        companyId: result.code.companyId,
        userId: result.code.userId,
        role: result.code.role,
        chatId: input.chatId,
        telegramUserId: input.telegramUserId,
        username: input.username,
        linkedAt: input.now,
        active: true,
        inactiveReason: null,
      };
      await store.saveLink(link);
      return link;
    }
  }
}
