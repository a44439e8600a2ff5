// Sabotage scan (spec: "САБОТАЖ"): a manager who does not sign in, or leaves win-back
// recommendations past their due date. The pure scanForSabotage decides what to raise, keep and
// resolve; this service stores the alerts and tells the heads of sales in the app (and Telegram
// when linked). No penalties and no blocking: it only informs.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { sessions, users } from '../db/schema/companies.ts';
import { recommendations } from '../db/schema/outcomes.ts';
import { sabotageAlerts } from '../db/schema/people.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { DEFAULT_SABOTAGE_THRESHOLDS, scanForSabotage, type SabotageKind, type SabotageThresholds } from '../domain/sabotage.ts';
import { deliverToTelegram, headsOfSales, insertNotifications, type NotificationRow, type TelegramSender } from '../notifications/notifications.service.ts';
import { loadCompanySettings } from './report-context.ts';

type StoredKind = 'no_sign_in' | 'recommendations_overdue';
// The table predates the domain name of the second kind; map at the boundary.
const toStored = (kind: SabotageKind): StoredKind => (kind === 'no_sign_in' ? 'no_sign_in' : 'recommendations_overdue');
const fromStored = (kind: StoredKind): SabotageKind => (kind === 'no_sign_in' ? 'no_sign_in' : 'overdue_recommendations');

export function sabotageThresholds(settings: Record<string, unknown>): SabotageThresholds {
  const pick = (key: string, fallback: number): number => (typeof settings[key] === 'number' ? (settings[key] as number) : fallback);
  return {
    noSignInDays: pick('sabotageNoSignInDays', DEFAULT_SABOTAGE_THRESHOLDS.noSignInDays),
    overdueCount: pick('sabotageOverdueCount', DEFAULT_SABOTAGE_THRESHOLDS.overdueCount),
    overdueDays: pick('sabotageOverdueDays', DEFAULT_SABOTAGE_THRESHOLDS.overdueDays),
  };
}

export interface SabotageScanResult {
  raised: number;
  ongoing: number;
  resolved: number;
  notified: number;
}

async function managersActivity(tx: Tx, companyId: string) {
  const rows = await tx
    .select({
      id: users.id, name: users.name, createdAt: users.createdAt, lastSignInAt: users.lastSignInAt,
      seen: sql<string | null>`(select max(${sessions.lastSeenAt}) from ${sessions} where ${sessions.userId} = ${users.id} and ${sessions.companyId} = ${companyId})`,
    })
    .from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, 'manager'), isNull(users.disabledAt)));
  return rows.map((row) => {
    const seen = row.seen ? new Date(row.seen) : null;
    const last = row.lastSignInAt && seen ? (row.lastSignInAt > seen ? row.lastSignInAt : seen) : row.lastSignInAt ?? seen;
    return { managerId: row.id, name: row.name, lastSignInAt: last, activeSince: row.createdAt };
  });
}

export async function scanSabotage(db: AppDb, companyId: string, now: Date = new Date(), sender: TelegramSender | null = null): Promise<SabotageScanResult> {
  const { result, notes } = await withTenant(db, companyId, async (tx) => {
    const settings = await loadCompanySettings(tx, companyId);
    const managers = await managersActivity(tx, companyId);
    const ids = managers.map((m) => m.managerId);
    const recs = ids.length === 0 ? [] : await tx
      .select({ id: recommendations.id, managerId: recommendations.managerId, status: recommendations.status, dueAt: recommendations.dueAt })
      .from(recommendations)
      .where(and(eq(recommendations.companyId, companyId), eq(recommendations.status, 'open'), inArray(recommendations.managerId, ids)));
    const open = await tx.select().from(sabotageAlerts).where(and(eq(sabotageAlerts.companyId, companyId), isNull(sabotageAlerts.resolvedAt)));
    const scan = scanForSabotage({
      managers,
      recommendations: recs.flatMap((r) => (r.managerId ? [{ id: r.id, managerId: r.managerId, status: r.status, dueAt: r.dueAt }] : [])),
      openAlerts: open.map((a) => ({ id: a.id, managerId: a.managerId, kind: fromStored(a.kind), since: a.since })),
      now,
      thresholds: sabotageThresholds(settings.settings),
    });
    for (const alert of scan.raise) {
      await tx.insert(sabotageAlerts).values({ companyId, managerId: alert.managerId, kind: toStored(alert.kind), since: alert.since, details: { ...alert.details, message: alert.message } });
    }
    for (const { alertId, current } of scan.ongoing) {
      await tx.update(sabotageAlerts).set({ details: { ...current.details, message: current.message } }).where(and(eq(sabotageAlerts.id, alertId), eq(sabotageAlerts.companyId, companyId)));
    }
    if (scan.resolve.length > 0) {
      await tx.update(sabotageAlerts).set({ resolvedAt: now }).where(and(eq(sabotageAlerts.companyId, companyId), inArray(sabotageAlerts.id, scan.resolve.map((a) => a.id))));
    }
    const heads = scan.raise.length > 0 ? await headsOfSales(tx, companyId) : [];
    const lang = settings.language;
    const notes: NotificationRow[] = await insertNotifications(tx, companyId, scan.raise.flatMap((alert) => heads.map((userId) => ({
      userId,
      kind: 'sabotage',
      title: lang === 'en' ? 'A manager needs attention' : 'Менеджеру нужно внимание',
      body: alert.message[lang],
      data: { managerId: alert.managerId, kind: alert.kind, since: alert.since.toISOString() },
    }))));
    return { result: { raised: scan.raise.length, ongoing: scan.ongoing.length, resolved: scan.resolve.length, notified: notes.length }, notes };
  });
  await deliverToTelegram(db, sender, notes);
  return result;
}
