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
import { periodCounts, type PeriodCounts } from './report-sql.ts';

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

function figure(window: PeriodWindow, counts: PeriodCounts | undefined): PeriodConversion {
  const { leads, leadsWithoutPhone, paidDealIds } = counts ?? { leads: 0, leadsWithoutPhone: 0, paidDealIds: [] };
  return { kind: window.kind, period: window.key, leads, leadsWithoutPhone, paidDeals: paidDealIds.length, paidDealIds, ...conversionRate(paidDealIds.length, leads) };
}

/** Conversion of each window (weeks and months may be mixed; keys are unique across kinds) in one statement. */
async function conversionOf(tx: Tx, companyId: string, windows: PeriodWindow[]): Promise<Map<string, PeriodConversion>> {
  const unique = [...new Map(windows.map((w) => [w.key, w])).values()];
  const counts = await periodCounts(tx, companyId, unique);
  return new Map(unique.map((w) => [w.key, figure(w, counts.get(w.key))]));
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

/** The months the money figure reads: the report's month and the baseline month, if any. */
function moneyMonths(settings: CompanyReportSettings, month: string): PeriodWindow[] {
  const baselineMonth = baselineMonthOf(settings);
  return [month, ...(baselineMonth ? [baselineMonth] : [])].map((m) => periodOfDate('month', `${m}-01`, settings.timeZone));
}

/** `known`: the conversion of every window of moneyMonths() (computed with the trend in one statement). */
async function moneyOfMonth(tx: Tx, settings: CompanyReportSettings, month: string, known: ReadonlyMap<string, PeriodConversion>): Promise<{ money: MoneyFigure; baseline: MainReport['baseline'] }> {
  const { companyId, timeZone } = settings;
  const baselineMonth = baselineMonthOf(settings);
  const baseline: MainReport['baseline'] = settings.baseline
    ? resolveBaseline(settings.baseline, (m) => (m === baselineMonth ? known.get(m) : undefined), timeZone)
    : { state: 'baseline_missing', reason: 'Neither a go-live date nor a baseline month or rate is set: the integrator sets one in the company settings.' };
  if (settings.averageCheckMinor <= 0) {
    return { baseline, money: { state: 'average_check_missing', month, reason: 'Set the average check in the company settings to compute the money brought.' } };
  }
  const range = periodOfDate('month', `${month}-01`, timeZone);
  const money = moneyBrought({
    current: known.get(month)!,
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
  const month = query.kind === 'month' ? window.key : at.slice(0, 7);
  const known = await conversionOf(tx, companyId, [...windows, ...moneyMonths(settings, month)]);
  const series = windows.map((w) => known.get(w.key)!);
  const current = series.at(-1)!;
  const previous = series.at(-2)!;
  const growth = conversionGrowth(current.conversion, previous.conversion);
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
