// What the Telegram adapter needs from the rest of Mentor. The lead implements these with the
// database (tenant-scoped repositories); tests use InMemoryTelegramLinkStore and small fakes.
import type { RecommendationStatus } from '../../domain/recommendation-lifecycle.ts';
import type { Stage } from '../../domain/stages.ts';

export type TelegramRole = 'manager' | 'head_of_sales';

/** A one-time code a signed-in user asks for in the web app, then sends to the bot. */
export interface TelegramLinkCode {
  /** sha256 of the code: the plain code is shown once and never stored */
  codeHash: string;
  companyId: string;
  userId: string;
  role: TelegramRole;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A Telegram chat linked to a Mentor user. */
export interface TelegramLink {
  companyId: string;
  userId: string;
  role: TelegramRole;
  chatId: number;
  telegramUserId: number;
  username: string | null;
  linkedAt: Date;
  active: boolean;
  /** why it was deactivated (the user blocked the bot, the chat vanished) */
  inactiveReason: string | null;
}

export type ConsumeCodeResult =
  | { status: 'consumed'; code: TelegramLinkCode }
  | { status: 'not_found' }
  | { status: 'already_used'; code: TelegramLinkCode }
  | { status: 'expired'; code: TelegramLinkCode };

export interface TelegramLinkStore {
  saveCode(code: TelegramLinkCode): Promise<void>;
  /**
   * Mark the code used if it exists, is unused and has not expired at `now` — atomically, so two
   * chats racing with one code cannot both win (SQL: UPDATE … WHERE used_at IS NULL AND
   * expires_at > now RETURNING *; on no row, SELECT to say why).
   */
  consumeCode(codeHash: string, now: Date): Promise<ConsumeCodeResult>;
  /** insert or replace the link of this chat (a chat belongs to one user) */
  saveLink(link: TelegramLink): Promise<void>;
  findLinkByChat(chatId: number): Promise<TelegramLink | null>;
  findActiveLinksByUser(companyId: string, userId: string): Promise<TelegramLink[]>;
  deactivateChat(chatId: number, reason: string): Promise<void>;
}

export interface LostClientSummary {
  lostClientId: string;
  clientName: string | null;
  phone: string | null;
  lossStage: Stage;
  reason: string;
  recommendationStatus: RecommendationStatus | null;
  dueAt: Date | null;
}

export interface RecommendationView {
  lostClientId: string;
  clientName: string | null;
  text: string;
  /** the exact words to say when calling back */
  script: string;
  status: RecommendationStatus;
  dueAt: Date;
}

/** A manager's own lost clients, newest first, and the recommendation written for each. */
export interface LostClientsReader {
  listLostClients(companyId: string, managerId: string, limit: number): Promise<LostClientSummary[]>;
  getRecommendation(companyId: string, managerId: string, lostClientId: string): Promise<RecommendationView | null>;
}
