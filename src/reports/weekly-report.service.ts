// Weekly reports: the week's figures frozen into `weekly_reports` (so what the head of sales read on
// Monday stays the same when a late CSV import changes history), their list, one report, and the
// job handlers the queue runs (report.weekly, sabotage.scan).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { weeklyReports } from '../db/schema/outcomes.ts';
import { notifications } from '../db/schema/people.ts';
import { withTenant } from '../db/tenant.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { addCalendarDays, weekdayOfDateKey } from '../domain/periods.ts';
import { deliverToTelegram, headsOfSales, insertNotifications, type TelegramSender } from '../notifications/notifications.service.ts';
import { buildMainReportTx, type MainReport } from './report.service.ts';
import { listManagers, type ManagersList } from './managers.service.ts';
import { loadCompanySettings, todayKey } from './report-context.ts';
import { scanSabotage, type SabotageScanResult } from './sabotage.service.ts';

export interface WeeklyFigures {
  weekStart: string;
  report: MainReport;
  managers: ManagersList;
}

export interface WeeklyReportView {
  id: string;
  weekStart: string;
  createdAt: Date;
  figures: WeeklyFigures;
}

/** Monday of the week before the one holding `now`, in the company's time zone. */
export function lastWeekStart(now: Date, timeZone: string): string {
  const today = todayKey(now, timeZone);
  return addCalendarDays(today, 1 - weekdayOfDateKey(today) - 7);
}

const toView = (row: typeof weeklyReports.$inferSelect): WeeklyReportView => ({ id: row.id, weekStart: row.weekStart, createdAt: row.createdAt, figures: row.figures as unknown as WeeklyFigures });

/** Idempotent: freezing the same week again replaces its figures (one row per company and week). */
export async function freezeWeeklyReport(db: AppDb, companyId: string, weekStart: string): Promise<WeeklyReportView> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(weekStart) || weekdayOfDateKey(weekStart) !== 1) throw invalid(`"${weekStart}" is not a Monday (YYYY-MM-DD)`);
  const report = await withTenant(db, companyId, (tx) => buildMainReportTx(tx, companyId, { kind: 'week', at: weekStart }));
  const managers = await listManagers(db, companyId, { kind: 'week', at: weekStart });
  // JSON round trip: dates become ISO strings exactly as the API would send them
  const figures = JSON.parse(JSON.stringify({ weekStart, report, managers })) as Record<string, unknown>;
  const [row] = await withTenant(db, companyId, (tx) => tx.insert(weeklyReports).values({ companyId, weekStart, figures })
    .onConflictDoUpdate({ target: [weeklyReports.companyId, weeklyReports.weekStart], set: { figures, createdAt: new Date() } })
    .returning());
  return toView(row!);
}

export async function listWeeklyReports(db: AppDb, companyId: string, limit = 52): Promise<{ id: string; weekStart: string; createdAt: Date; conversion: number | null; leads: number; paidDeals: number }[]> {
  const rows = await withTenant(db, companyId, (tx) => tx.select().from(weeklyReports).where(eq(weeklyReports.companyId, companyId)).orderBy(desc(weeklyReports.weekStart)).limit(limit));
  return rows.map((row) => {
    const current = (row.figures as unknown as WeeklyFigures).report?.current;
    return { id: row.id, weekStart: row.weekStart, createdAt: row.createdAt, conversion: current?.conversion ?? null, leads: current?.leads ?? 0, paidDeals: current?.paidDeals ?? 0 };
  });
}

export async function getWeeklyReport(db: AppDb, companyId: string, id: string): Promise<WeeklyReportView> {
  const [row] = await withTenant(db, companyId, (tx) => tx.select().from(weeklyReports).where(and(eq(weeklyReports.companyId, companyId), eq(weeklyReports.id, id))));
  if (!row) throw notFound('Weekly report');
  return toView(row);
}

export interface ReportJobDeps {
  db: AppDb;
  sender?: TelegramSender | null;
  now?: () => Date;
}

/** Queue handler for `report.weekly`: freeze last week (or `weekStart`) and tell the heads of sales. */
export async function runWeeklyReportJob(payload: { companyId: string; weekStart?: string | undefined }, deps: ReportJobDeps): Promise<{ id: string; weekStart: string }> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const settings = await withTenant(db, payload.companyId, (tx) => loadCompanySettings(tx, payload.companyId));
  const weekStart = payload.weekStart ?? lastWeekStart(now, settings.timeZone);
  const view = await freezeWeeklyReport(db, payload.companyId, weekStart);
  const notes = await withTenant(db, payload.companyId, async (tx) => {
    const heads = await headsOfSales(tx, payload.companyId);
    const ru = settings.language !== 'en';
    // A retried job must not notify twice: one notification per report id.
    const already = await tx.$count(notifications, and(eq(notifications.companyId, payload.companyId), eq(notifications.kind, 'weekly_report'), sql`${notifications.data}->>'reportId' = ${view.id}`));
    if (already > 0) return [];
    return insertNotifications(tx, payload.companyId, heads.map((userId) => ({
      userId,
      kind: 'weekly_report',
      title: ru ? `Недельный отчёт за неделю с ${weekStart}` : `Weekly report for the week of ${weekStart}`,
      body: ru ? 'Отчёт сохранён: откройте «Отчёты → Недельные».' : 'The report is saved: open Reports → Weekly.',
      data: { reportId: view.id, weekStart },
    })));
  });
  await deliverToTelegram(db, deps.sender ?? null, notes);
  return { id: view.id, weekStart };
}

/** Queue handler for `sabotage.scan`. */
export async function runSabotageScanJob(payload: { companyId: string }, deps: ReportJobDeps): Promise<SabotageScanResult> {
  return scanSabotage(deps.db, payload.companyId, deps.now?.() ?? new Date(), deps.sender ?? null);
}
