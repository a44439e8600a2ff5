// Runs the Telegram bot (long polling) in the process that works jobs, when a bot token is set:
// people link their account with a one-time code; managers list their lost clients (/lost) and
// read a recommendation (/rec N). Notifications go out through the same token from the job handlers.
import type { Bot } from 'grammy';
import type { Config } from '../config.ts';
import type { AppDb } from '../db/database.ts';
import { createMentorBot, registerBotCommands } from '../integrations/telegram/telegram-bot.ts';
import { DbLostClientsReader, DbTelegramLinkStore } from '../integrations/telegram/db-link-store.ts';

export interface RunningBot {
  stop(): Promise<void>;
}

export function startTelegramBot(db: AppDb, config: Config, log: (message: string) => void): RunningBot | null {
  const token = config.telegram.botToken;
  if (!token) return null;
  const bot: Bot = createMentorBot({
    token,
    store: new DbTelegramLinkStore(db),
    lostClients: new DbLostClientsReader(db),
    ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}),
    onError: (error) => log(`Telegram bot error: ${(error as Error).message}`),
  });
  // start() resolves only when polling stops; failures (a revoked token) are logged, never thrown
  const polling = registerBotCommands(bot)
    .then(() => bot.start({ drop_pending_updates: false }))
    .catch((error: unknown) => log(`Telegram bot stopped: ${(error as Error).message}. Check MENTOR_TELEGRAM_BOT_TOKEN.`));
  return {
    stop: async () => {
      if (bot.isRunning()) await bot.stop();
      await polling;
    },
  };
}
