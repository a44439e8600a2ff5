// Sends Mentor's notifications (sabotage alerts, reminders, the weekly report) to linked chats.
// Telegram's answers decide what happens next:
//   403 (bot blocked, user deactivated) or 400 "chat not found" → the link is marked inactive and
//     the notification counts as undeliverable, not as a failure to retry forever;
//   429 → AppError `telegram_rate_limited`, retryable, with Telegram's retry_after in details;
//   5xx / network → AppError `telegram_unavailable`, retryable.
import { Api, GrammyError, HttpError } from 'grammy';
import { AppError } from '../../domain/errors.ts';
import { escapeMarkdownV2 } from './telegram-markdown.ts';
import type { TelegramLinkStore } from './telegram-ports.ts';

export type SendResult = { status: 'sent'; chatId: number; messageId: number } | { status: 'inactive'; chatId: number; reason: string };

export interface TelegramNotifierOptions {
  token: string;
  store: TelegramLinkStore;
  /** Bot API root; tests point it at a local fake server */
  apiRoot?: string;
}

export interface MessageOptions {
  /** the text is already MarkdownV2 (built with escapeMarkdownV2); otherwise it is escaped here */
  markdown?: 'prebuilt' | 'escape' | 'none';
  disableNotification?: boolean;
}

export class TelegramNotifier {
  readonly #api: Api;
  readonly #store: TelegramLinkStore;

  constructor(options: TelegramNotifierOptions) {
    if (!options.token) throw new AppError('telegram_not_configured', 'Telegram bot token is empty: set it in the company settings.', { status: 400 });
    this.#api = new Api(options.token, options.apiRoot ? { apiRoot: options.apiRoot } : undefined);
    this.#store = options.store;
  }

  /** Send to one chat. */
  async sendToChat(chatId: number, text: string, options: MessageOptions = {}): Promise<SendResult> {
    const mode = options.markdown ?? 'escape';
    const body = mode === 'escape' ? escapeMarkdownV2(text) : text;
    try {
      const message = await this.#api.sendMessage(chatId, body, {
        ...(mode === 'none' ? {} : { parse_mode: 'MarkdownV2' as const }),
        ...(options.disableNotification ? { disable_notification: true } : {}),
      });
      return { status: 'sent', chatId, messageId: message.message_id };
    } catch (error) {
      return this.#handleError(chatId, error);
    }
  }

  /** Send to every active chat a user linked (usually one). */
  async notifyUser(companyId: string, userId: string, text: string, options: MessageOptions = {}): Promise<SendResult[]> {
    const links = await this.#store.findActiveLinksByUser(companyId, userId);
    const results: SendResult[] = [];
    for (const link of links) results.push(await this.sendToChat(link.chatId, text, options));
    return results;
  }

  async #handleError(chatId: number, error: unknown): Promise<SendResult> {
    if (error instanceof GrammyError) {
      const chatGone = error.error_code === 403 || (error.error_code === 400 && /chat not found|user is deactivated/i.test(error.description));
      if (chatGone) {
        await this.#store.deactivateChat(chatId, error.description);
        return { status: 'inactive', chatId, reason: error.description };
      }
      if (error.error_code === 429) {
        const retryAfterSeconds = error.parameters.retry_after ?? 1;
        throw new AppError('telegram_rate_limited', `Telegram asks to wait ${retryAfterSeconds} s before sending more messages.`, {
          status: 503,
          retryable: true,
          details: { chatId, retryAfterSeconds },
          cause: error,
        });
      }
      const retryable = error.error_code >= 500;
      throw new AppError(retryable ? 'telegram_unavailable' : 'telegram_rejected', `Telegram refused the message (${error.error_code}: ${error.description}).`, {
        status: 502,
        retryable,
        details: { chatId, errorCode: error.error_code },
        cause: error,
      });
    }
    if (error instanceof HttpError) {
      // Not error.message: grammY's HttpError text can include the request URL, which holds the token.
      throw new AppError('telegram_unavailable', 'Telegram could not be reached; the message will be retried.', { status: 502, retryable: true, details: { chatId } });
    }
    throw error;
  }
}
