// Reminders and the end of a recommendation's life. recommendation.remind runs for one
// recommendation (queued a day before its due time, at the due time and at its expiry) and does
// whatever is due at that moment, so a late or repeated run is harmless:
// - open, due within a day and never reminded → "due soon" to the manager (in app + Telegram);
// - open and past due, not reminded since the due time → "overdue" (the sabotage scan reads the
//   same open-and-past-due rows, so the head of sales hears of it there);
// - open longer than the expiry window after the due time → expired;
// - applied, and a confirmed payment of the client arrived after it was written → returned;
// - applied or not applied, and the expiry window passed since the verdict → expired.
import { and, asc, eq, gte, inArray, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { clients } from '../db/schema/calls.ts';
import { users } from '../db/schema/companies.ts';
import { lostClients, payments, recommendations } from '../db/schema/outcomes.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { transition, type RecommendationStatus } from '../domain/recommendation-lifecycle.ts';
import { deliverToTelegram, insertNotifications, type NotificationRow, type TelegramSender } from '../notifications/notifications.service.ts';
import { lostStatusFor } from './lost-clients.service.ts';
import { recommendationSettings } from './recommendation-material.ts';
import type { RecommendationRow } from './recommendation-view.ts';

export interface ReminderDeps {
  db: AppDb;
  /** null: in-app only */
  telegram: TelegramSender | null;
  now?: () => Date;
}

const DAY = 24 * 60 * 60 * 1000;

export type RemindAction = 'due_soon' | 'overdue' | 'expired' | 'returned' | 'none';

const TEXTS = {
  ru: {
    due_soon: (client: string) => ({ title: `Срок рекомендации истекает завтра: ${client}`, body: 'Перезвоните клиенту по рекомендации и нажмите «Я позвонил» в карточке клиента.' }),
    overdue: (client: string) => ({ title: `Рекомендация просрочена: ${client}`, body: 'Срок выполнения рекомендации прошёл. Перезвоните клиенту и нажмите «Я позвонил» в карточке клиента.' }),
  },
  en: {
    due_soon: (client: string) => ({ title: `A recommendation is due tomorrow: ${client}`, body: 'Call the client back as recommended and press "I called" in the client card.' }),
    overdue: (client: string) => ({ title: `A recommendation is overdue: ${client}`, body: 'The recommendation is past its due time. Call the client back and press "I called" in the client card.' }),
  },
} as const;

async function setStatus(tx: Tx, companyId: string, rec: RecommendationRow, to: RecommendationStatus, now: Date): Promise<void> {
  const next = transition({ id: rec.id, status: rec.status, createdAt: rec.createdAt, dueAt: rec.dueAt, history: [] }, to, now);
  await tx.update(recommendations).set({ status: next.status, updatedAt: now }).where(and(eq(recommendations.id, rec.id), eq(recommendations.companyId, companyId)));
  await tx.update(lostClients).set({ status: lostStatusFor(next.status), updatedAt: now }).where(and(eq(lostClients.id, rec.lostClientId), eq(lostClients.companyId, companyId)));
}

/** A confirmed payment of the client after the recommendation was written turns `applied` into `returned`. */
async function paidAfter(tx: Tx, companyId: string, rec: RecommendationRow): Promise<string | null> {
  const row = (await tx.select({ id: payments.id, recommendationId: payments.recommendationId }).from(payments)
    .where(and(eq(payments.companyId, companyId), eq(payments.clientId, rec.clientId), eq(payments.confirmed, true), gte(payments.paidAt, rec.createdAt)))
    .orderBy(asc(payments.paidAt)).limit(1))[0];
  if (!row) return null;
  // the report counts a returned client's money once: the payment names the recommendation
  if (!row.recommendationId) await tx.update(payments).set({ recommendationId: rec.id }).where(and(eq(payments.id, row.id), eq(payments.companyId, companyId)));
  return row.id;
}

function verifiedAt(rec: RecommendationRow): Date {
  const at = typeof rec.verdict?.checkedAt === 'string' ? new Date(rec.verdict.checkedAt) : null;
  return at && !Number.isNaN(at.getTime()) ? at : rec.updatedAt;
}

export async function remindRecommendation(deps: ReminderDeps, companyId: string, recommendationId: string): Promise<{ action: RemindAction }> {
  const now = deps.now?.() ?? new Date();
  const { action, rows } = await withTenant(deps.db, companyId, async (tx): Promise<{ action: RemindAction; rows: NotificationRow[] }> => {
    const rec = (await tx.select().from(recommendations).where(and(eq(recommendations.id, recommendationId), eq(recommendations.companyId, companyId))).for('update'))[0];
    if (!rec || rec.rejectedAt) return { action: 'none', rows: [] };
    const { expiryDays } = await recommendationSettings(tx, companyId);
    const expiry = expiryDays * DAY;
    if (rec.status === 'applied' && (await paidAfter(tx, companyId, rec))) {
      await setStatus(tx, companyId, rec, 'returned', now);
      return { action: 'returned', rows: [] };
    }
    if ((rec.status === 'applied' || rec.status === 'not_applied') && now.getTime() >= verifiedAt(rec).getTime() + expiry) {
      await setStatus(tx, companyId, rec, 'expired', now);
      return { action: 'expired', rows: [] };
    }
    if (rec.status !== 'open') return { action: 'none', rows: [] };
    if (now.getTime() >= rec.dueAt.getTime() + expiry) {
      await setStatus(tx, companyId, rec, 'expired', now);
      return { action: 'expired', rows: [] };
    }
    const overdue = now.getTime() >= rec.dueAt.getTime() && (!rec.remindedAt || rec.remindedAt.getTime() < rec.dueAt.getTime());
    const soon = !overdue && !rec.remindedAt && now.getTime() >= rec.dueAt.getTime() - DAY && now.getTime() < rec.dueAt.getTime();
    if (!rec.managerId || (!overdue && !soon)) return { action: 'none', rows: [] };
    const kind = overdue ? 'overdue' : 'due_soon';
    const person = (await tx.select({ locale: users.locale }).from(users).where(and(eq(users.id, rec.managerId), eq(users.companyId, companyId))).limit(1))[0];
    const client = (await tx.select({ name: clients.name, phone: clients.phoneE164 }).from(clients).where(and(eq(clients.id, rec.clientId), eq(clients.companyId, companyId))).limit(1))[0];
    const who = client?.name ?? client?.phone ?? (person?.locale === 'en' ? 'client' : 'клиент');
    const text = TEXTS[person?.locale === 'en' ? 'en' : 'ru'][kind](who);
    const inserted = await insertNotifications(tx, companyId, [{
      userId: rec.managerId, kind: `recommendation.${kind}`, title: text.title, body: text.body,
      data: { recommendationId: rec.id, lostClientId: rec.lostClientId, dueAt: rec.dueAt.toISOString() },
    }]);
    await tx.update(recommendations).set({ remindedAt: now }).where(and(eq(recommendations.id, rec.id), eq(recommendations.companyId, companyId)));
    return { action: kind, rows: inserted };
  });
  // after the commit: a Telegram message cannot be taken back if the transaction rolled back
  await deliverToTelegram(deps.db, deps.telegram, rows);
  return { action };
}

/**
 * Runs the reminder step for every live recommendation of a company: a safety net for reminders
 * whose jobs were lost, and the way payments imported later turn `applied` into `returned`.
 * The lead can call it from a daily schedule (e.g. next to the sabotage scan).
 */
export async function sweepRecommendations(deps: ReminderDeps, companyId: string): Promise<Record<RemindAction, number>> {
  const ids = await withTenant(deps.db, companyId, (tx) => tx.select({ id: recommendations.id }).from(recommendations)
    .where(and(eq(recommendations.companyId, companyId), isNull(recommendations.rejectedAt), inArray(recommendations.status, ['open', 'applied', 'not_applied']))));
  const counts: Record<RemindAction, number> = { due_soon: 0, overdue: 0, expired: 0, returned: 0, none: 0 };
  for (const { id } of ids) counts[(await remindRecommendation(deps, companyId, id)).action]++;
  return counts;
}
