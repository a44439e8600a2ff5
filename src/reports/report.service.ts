// The head of sales' main report (spec: "Главный отчет MVP"): conversion now and in the previous
// period, growth in percentage points and in %, unique leads, paid deals, returned clients with
// the win-back breakdown, money brought with every term, the baseline state and a trend series.
// Counts come from SQL aggregates (report-sql.ts); every figure is then computed by the pure,
// tested functions of src/domain so the numbers match docs/FORMULAS.md exactly.
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { payments, recommendations } from '../db/schema/outcomes.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { conversionGrowth, conversionRate, conversionTooltip, growthTooltip, type ConversionGrowth, type PeriodConversion, type PeriodKind } from '../domain/conversion.ts';
import { moneyBrought, resolveBaseline, type MoneyBrought, type ResolvedBaseline, type ReturnedClientPayment } from '../domain/money.ts';
import { monthKey, previousMonth } from '../domain/periods.ts';
import { loadCompanySettings, periodOfDate, shiftPeriod, todayKey, type CompanyReportSettings, type PeriodWindow } from './report-context.ts';
import { leadsByPeriod, paidDealsInRange } from './report-sql.ts';

/** How many periods the trend chart shows. */
export const TREND_LENGTH: Record<PeriodKind, number> = { week: 12, month: 6 };

export interface RecommendationBreakdown {
  total: number;
  returned: number;
  appliedNotReturned: number;
  notApplied: number;
  /** open, called or being verified */
  open: number;
  expired: number;
  /** returned / (everything but still open), null when nothing finished yet */
  successShare: number | null;
}

export type MoneyFigure = MoneyBrought | { state: 'average_check_missing'; month: string; reason: string };

export interface MainReport {
  companyId: string;
  currency: string;
  period: { kind: PeriodKind; key: string; start: Date; end: Date; timeZone: string };
  previousPeriod: { kind: PeriodKind; key: string; start: Date; end: Date; timeZone: string };
  current: PeriodConversion;
  previous: PeriodConversion;
  growth: ConversionGrowth;
  tooltips: { conversion: { ru: string; en: string }; previous: { ru: string; en: string }; growth: { ru: string; en: string } };
  recommendations: RecommendationBreakdown;
  /** money brought in the calendar month holding the period (money is monthly by definition) */
  money: MoneyFigure;
  baseline: ResolvedBaseline | { state: 'baseline_missing'; reason: string };
  trend: { period: string; leads: number; paidDeals: number; conversion: number | null }[];
}

/** A period as the API shows it; the time zone lets a page print its dates as the company's calendar has them. */
const windowView = (w: PeriodWindow, timeZone: string) => ({ kind: w.kind, key: w.key, start: w.start, end: w.end, timeZone });

function figure(kind: PeriodKind, period: string, leads: { leads: number; leadsWithoutPhone: number } | undefined, paidDealIds: string[] | undefined): PeriodConversion {
  const count = leads ?? { leads: 0, leadsWithoutPhone: 0 };
  const ids = paidDealIds ?? [];
  return { kind, period, leads: count.leads, leadsWithoutPhone: count.leadsWithoutPhone, paidDeals: ids.length, paidDealIds: ids, ...conversionRate(ids.length, count.leads) };
}

/** Conversion of each period in [first.start, last.end): two aggregate queries for the whole range. */
async function conversionSeries(tx: Tx, companyId: string, tz: string, windows: PeriodWindow[]): Promise<PeriodConversion[]> {
  const first = windows[0];
  const last = windows.at(-1);
  if (!first || !last) return [];
  const leads = await leadsByPeriod(tx, companyId, first.kind, tz, first.start, last.end);
  const paid = await paidDealsInRange(tx, companyId, first.kind, tz, first.start, last.end);
  return windows.map((w) => figure(w.kind, w.key, leads.get(w.key), paid.get(w.key)));
}

async function monthConversion(tx: Tx, companyId: string, tz: string, month: string): Promise<PeriodConversion> {
  const [result] = await conversionSeries(tx, companyId, tz, [periodOfDate('month', `${month}-01`, tz)]);
  return result!;
}

async function recommendationBreakdown(tx: Tx, companyId: string, window: PeriodWindow): Promise<RecommendationBreakdown> {
  // Recommendations written in the period, by their status now: "of what was written this week,
  // how much came back" is the question the head of sales asks.
  const rows = await tx
    .select({ status: recommendations.status, count: sql<number>`count(*)::int` })
    .from(recommendations)
    .where(and(eq(recommendations.companyId, companyId), gte(recommendations.createdAt, window.start), lt(recommendations.createdAt, window.end)))
    .groupBy(recommendations.status);
  const of = (status: string): number => Number(rows.find((row) => row.status === status)?.count ?? 0);
  const returned = of('returned');
  const open = of('open') + of('called') + of('verifying');
  const total = rows.reduce((sum, row) => sum + Number(row.count), 0);
  const finished = total - open;
  return { total, returned, appliedNotReturned: of('applied'), notApplied: of('not_applied'), open, expired: of('expired'), successShare: finished > 0 ? returned / finished : null };
}

async function returnedPayments(tx: Tx, companyId: string, start: Date, end: Date): Promise<ReturnedClientPayment[]> {
  const rows = await tx
    .select({ clientId: payments.clientId, dealId: payments.dealId, amount: payments.amount, paidAt: payments.paidAt, confirmed: payments.confirmed, id: payments.id })
    .from(payments)
    .where(and(eq(payments.companyId, companyId), isNotNull(payments.recommendationId), gte(payments.paidAt, start), lt(payments.paidAt, end)));
  return rows.map((row) => ({ clientId: row.clientId ?? `payment:${row.id}`, dealId: row.dealId, amountMinor: Math.round(Number(row.amount) * 100), paidAt: row.paidAt, confirmed: row.confirmed }));
}

function baselineMonthOf(settings: CompanyReportSettings): string | null {
  const config = settings.baseline;
  if (!config || config.kind === 'rate') return null;
  return config.kind === 'month' ? config.month : previousMonth(monthKey(config.goLiveAt, settings.timeZone));
}

/** `known`: month figures already computed (the month trend), reused to save two queries. */
async function moneyOfMonth(tx: Tx, settings: CompanyReportSettings, month: string, known: ReadonlyMap<string, PeriodConversion>): Promise<{ money: MoneyFigure; baseline: MainReport['baseline'] }> {
  const { companyId, timeZone } = settings;
  const baselineMonth = baselineMonthOf(settings);
  const baselineFigures = baselineMonth ? known.get(baselineMonth) ?? (await monthConversion(tx, companyId, timeZone, baselineMonth)) : undefined;
  const baseline: MainReport['baseline'] = settings.baseline
    ? resolveBaseline(settings.baseline, (m) => (m === baselineMonth ? baselineFigures : undefined), timeZone)
    : { state: 'baseline_missing', reason: 'Neither a go-live date nor a baseline month or rate is set: the integrator sets one in the company settings.' };
  if (settings.averageCheckMinor <= 0) {
    return { baseline, money: { state: 'average_check_missing', month, reason: 'Set the average check in the company settings to compute the money brought.' } };
  }
  const monthFigures = known.get(month) ?? (await monthConversion(tx, companyId, timeZone, month));
  const range = periodOfDate('month', `${month}-01`, timeZone);
  const money = moneyBrought({
    current: monthFigures,
    baseline: baseline.state === 'ok' ? baseline : { state: 'baseline_missing', ...('month' in baseline && baseline.month ? { month: baseline.month } : {}), reason: baseline.reason },
    averageCheckMinor: settings.averageCheckMinor,
    currency: settings.currency,
    returnedPayments: await returnedPayments(tx, companyId, range.start, range.end),
    timeZone,
  });
  return { money, baseline };
}

export interface ReportQuery {
  kind: PeriodKind;
  /** a local date (YYYY-MM-DD) inside the period; default today in the company's time zone */
  at?: string;
  now?: Date;
}

export async function buildMainReport(db: AppDb, companyId: string, query: ReportQuery): Promise<MainReport> {
  return withTenant(db, companyId, (tx) => buildMainReportTx(tx, companyId, query));
}

export async function buildMainReportTx(tx: Tx, companyId: string, query: ReportQuery): Promise<MainReport> {
  const settings = await loadCompanySettings(tx, companyId);
  const tz = settings.timeZone;
  const at = query.at ?? todayKey(query.now ?? new Date(), tz);
  const window = periodOfDate(query.kind, at, tz);
  const length = TREND_LENGTH[query.kind];
  const windows = Array.from({ length }, (_, i) => shiftPeriod(window, length - 1 - i, tz));
  const series = await conversionSeries(tx, companyId, tz, windows);
  const current = series.at(-1)!;
  const previous = series.at(-2)!;
  const growth = conversionGrowth(current.conversion, previous.conversion);
  const month = query.kind === 'month' ? window.key : at.slice(0, 7);
  const known = new Map(query.kind === 'month' ? series.map((p) => [p.period, p]) : []);
  const { money, baseline } = await moneyOfMonth(tx, settings, month, known);
  return {
    companyId,
    currency: settings.currency,
    period: windowView(window, tz),
    previousPeriod: windowView(shiftPeriod(window, 1, tz), tz),
    current,
    previous,
    growth,
    tooltips: { conversion: conversionTooltip(current), previous: conversionTooltip(previous), growth: growthTooltip(growth) },
    recommendations: await recommendationBreakdown(tx, companyId, window),
    money,
    baseline,
    trend: series.map((p) => ({ period: p.period, leads: p.leads, paidDeals: p.paidDeals, conversion: p.conversion })),
  };
}
