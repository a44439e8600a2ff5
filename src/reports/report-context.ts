// What every report needs to know about the company (time zone, currency, average check, baseline
// settings, thresholds) and the period arithmetic on local dates the domain does not export.
import { eq } from 'drizzle-orm';
import { companies } from '../db/schema/companies.ts';
import type { Tx } from '../db/tenant.ts';
import { notFound, invalid } from '../domain/errors.ts';
import type { PeriodKind } from '../domain/conversion.ts';
import { addCalendarDays, isoWeekOfCalendarDate, localDateKey, monthRange, previousMonth, weekdayOfDateKey, zonedTimeToUtc } from '../domain/periods.ts';
import type { BaselineConfig } from '../domain/money.ts';
import { DEFAULT_SUCCESS_THRESHOLD } from '../domain/stage-success.ts';

export interface CompanyReportSettings {
  companyId: string;
  name: string;
  timeZone: string;
  language: 'ru' | 'en';
  currency: string;
  averageCheckMinor: number;
  /** null when neither a go-live date, a baseline month nor a baseline rate is set */
  baseline: BaselineConfig | null;
  stageSuccessThreshold: number;
  settings: Record<string, unknown>;
}

const numberSetting = (settings: Record<string, unknown>, key: string): number | undefined => {
  const value = settings[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};

export async function loadCompanySettings(tx: Tx, companyId: string): Promise<CompanyReportSettings> {
  const [row] = await tx.select().from(companies).where(eq(companies.id, companyId));
  if (!row) throw notFound('Company');
  const settings = row.settings ?? {};
  const rate = numberSetting(settings, 'baselineRate');
  const baseline: BaselineConfig | null =
    rate !== undefined ? { kind: 'rate', rate }
      : row.baselineMonth ? { kind: 'month', month: row.baselineMonth }
        : row.goLiveAt ? { kind: 'month_before_go_live', goLiveAt: row.goLiveAt } : null;
  return {
    companyId,
    name: row.name,
    timeZone: row.timezone,
    language: row.language === 'en' ? 'en' : 'ru',
    currency: row.currency,
    averageCheckMinor: Math.round(Number(row.averageCheck) * 100),
    baseline,
    stageSuccessThreshold: numberSetting(settings, 'stageSuccessThreshold') ?? DEFAULT_SUCCESS_THRESHOLD,
    settings,
  };
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export interface PeriodWindow {
  kind: PeriodKind;
  key: string;
  start: Date;
  end: Date;
  /** local date of the first day (Monday for a week) */
  firstDay: string;
}

function dayStart(key: string, timeZone: string): Date {
  const [year, month, day] = key.split('-').map(Number);
  return zonedTimeToUtc({ year: year ?? 0, month: month ?? 1, day: day ?? 1 }, timeZone);
}

/** The week or month holding a local date (YYYY-MM-DD), as instants in the company's zone. */
export function periodOfDate(kind: PeriodKind, dateKey: string, timeZone: string): PeriodWindow {
  if (!DATE_RE.test(dateKey)) throw invalid(`"${dateKey}" is not a date; expected YYYY-MM-DD`);
  if (kind === 'month') {
    const key = dateKey.slice(0, 7);
    const range = monthRange(key, timeZone);
    return { kind, key, ...range, firstDay: `${key}-01` };
  }
  const monday = addCalendarDays(dateKey, 1 - weekdayOfDateKey(dateKey));
  const [y, m, d] = monday.split('-').map(Number);
  return { kind, key: isoWeekOfCalendarDate(y ?? 0, m ?? 1, d ?? 1), start: dayStart(monday, timeZone), end: dayStart(addCalendarDays(monday, 7), timeZone), firstDay: monday };
}

/** The period `count` steps before (count = 1: the previous week or month). */
export function shiftPeriod(window: PeriodWindow, count: number, timeZone: string): PeriodWindow {
  if (window.kind === 'week') return periodOfDate('week', addCalendarDays(window.firstDay, -7 * count), timeZone);
  let key = window.key;
  for (let i = 0; i < count; i++) key = previousMonth(key);
  return periodOfDate('month', `${key}-01`, timeZone);
}

export function todayKey(now: Date, timeZone: string): string {
  return localDateKey(now, timeZone);
}
