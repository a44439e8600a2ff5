// In-app notifications (the bell in the web app), copied to Telegram for people who linked a chat.
// Notifications are written inside the caller's transaction; the Telegram copy goes out after the
// commit (a message cannot be unsent if the transaction rolls back) and its failure never loses the
// in-app notification.
import { and, desc, eq, isNull } from 'drizzle-orm';
import { users } from '../db/schema/companies.ts';
import type { AppDb } from '../db/database.ts';
import { notifications } from '../db/schema/people.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import { notFound } from '../domain/errors.ts';
import type { Config } from '../config.ts';
import { TelegramNotifier } from '../integrations/telegram/telegram-notifier.ts';
import { DbTelegramLinkStore } from '../integrations/telegram/db-link-store.ts';

/** Delivers a copy to the person's linked Telegram chats; true when at least one got it. */
export interface TelegramSender {
  send(companyId: string, userId: string, text: string): Promise<boolean>;
}

export interface NewNotification {
  userId: string;
  kind: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** The Telegram adapter behind the port; null when no bot token is configured (in-app only). */
export function telegramSenderFromConfig(db: AppDb, config: Pick<Config, 'telegram'>): TelegramSender | null {
  if (!config.telegram.botToken) return null;
  const notifier = new TelegramNotifier({ token: config.telegram.botToken, store: new DbTelegramLinkStore(db), ...(config.telegram.apiRoot ? { apiRoot: config.telegram.apiRoot } : {}) });
  return {
    async send(companyId, userId, text) {
      const results = await notifier.notifyUser(companyId, userId, text, { markdown: 'escape' });
      return results.some((result) => result.status === 'sent');
    },
  };
}

export async function insertNotifications(tx: Tx, companyId: string, items: readonly NewNotification[]): Promise<NotificationRow[]> {
  if (items.length === 0) return [];
  return tx.insert(notifications).values(items.map((item) => ({ companyId, userId: item.userId, kind: item.kind, title: item.title, body: item.body ?? '', data: item.data ?? {} }))).returning();
}

/** After the commit: copy to Telegram and mark what was sent. Errors are swallowed per message. */
export async function deliverToTelegram(db: AppDb, sender: TelegramSender | null, rows: readonly NotificationRow[]): Promise<number> {
  if (!sender) return 0;
  let sent = 0;
  for (const row of rows) {
    try {
      const text = row.body ? `${row.title}\n\n${row.body}` : row.title;
      if (await sender.send(row.companyId, row.userId, text)) {
        sent += 1;
        await withTenant(db, row.companyId, (tx) => tx.update(notifications).set({ telegramSentAt: new Date() }).where(and(eq(notifications.id, row.id), eq(notifications.companyId, row.companyId))));
      }
    } catch {
      // Telegram down or rate limited: the in-app notification stands; the next event will try again.
    }
  }
  return sent;
}

export async function createNotifications(db: AppDb, sender: TelegramSender | null, companyId: string, items: readonly NewNotification[]): Promise<NotificationRow[]> {
  const rows = await withTenant(db, companyId, (tx) => insertNotifications(tx, companyId, items));
  await deliverToTelegram(db, sender, rows);
  return rows;
}

export async function listMyNotifications(db: AppDb, actor: Actor & { kind: 'user' }, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ notifications: NotificationRow[]; unread: number }> {
  return withTenant(db, actor.companyId, async (tx) => {
    const mine = and(eq(notifications.companyId, actor.companyId), eq(notifications.userId, actor.userId));
    const rows = await tx.select().from(notifications)
      .where(options.unreadOnly ? and(mine, isNull(notifications.readAt)) : mine)
      .orderBy(desc(notifications.createdAt)).limit(options.limit ?? 50);
    const unread = await tx.$count(notifications, and(mine, isNull(notifications.readAt)));
    return { notifications: rows, unread };
  });
}

export async function markNotificationRead(db: AppDb, actor: Actor & { kind: 'user' }, id: string): Promise<NotificationRow> {
  return withTenant(db, actor.companyId, async (tx) => {
    const [row] = await tx.update(notifications).set({ readAt: new Date() })
      .where(and(eq(notifications.id, id), eq(notifications.companyId, actor.companyId), eq(notifications.userId, actor.userId)))
      .returning();
    if (!row) throw notFound('Notification');
    return row;
  });
}

/** The heads of sales of a company: they receive the report and sabotage notifications. */
export async function headsOfSales(tx: Tx, companyId: string): Promise<string[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(and(eq(users.companyId, companyId), eq(users.role, 'head_of_sales'), isNull(users.disabledAt)));
  return rows.map((row) => row.id);
}
