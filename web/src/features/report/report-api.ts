// Data loading and number formatting shared by the report pages. Pages fetch the API directly
// (same-origin cookie session) so they do not depend on the shell's client.
import { useCallback, useEffect, useState } from 'react';
import type { Locale, StageKey } from './report-texts.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

export function useReport<T>(url: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [loading, setLoading] = useState(url !== null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (url === null) return;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    fetch(url, { credentials: 'same-origin', signal: controller.signal })
      .then(async (response) => {
        const body = await response.json().catch(() => null) as { error?: { message?: string } } | null;
        if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
        setData(body as T);
      })
      .catch((failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [url, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}

export function percent(fraction: number | null | undefined, locale: Locale, digits = 2): string {
  if (fraction === null || fraction === undefined) return '—';
  const text = (fraction * 100).toFixed(digits);
  return `${locale === 'ru' ? text.replace('.', ',') : text}%`;
}

export function signed(value: number | null | undefined, locale: Locale, digits = 2): string {
  if (value === null || value === undefined) return '—';
  const text = `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}`;
  return locale === 'ru' ? text.replace('.', ',') : text;
}

const MONTHS: Record<Locale, string[]> = {
  ru: ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "2026-12" → "декабрь 2026", "2026-W49" → "неделя 49, 2026"; anything else is shown as it is. */
export function periodName(key: string, locale: Locale, short = false): string {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) {
    const name = MONTHS[locale][Number(month[2]) - 1] ?? key;
    return `${short ? name.slice(0, 3) : name} ${month[1]}`;
  }
  const week = /^(\d{4})-W(\d{2})$/.exec(key);
  if (week) return short ? `${locale === 'ru' ? 'нед.' : 'wk'} ${Number(week[2])}` : `${locale === 'ru' ? 'неделя' : 'week'} ${Number(week[2])}, ${week[1]}`;
  return key;
}

/** The dates a period covers, "1–31 декабря"; a period still running ends today ("1–3 декабря, идёт"). */
export function periodSpan(period: { start: string; end: string; timeZone: string }, locale: Locale, now = new Date()): string {
  const start = new Date(period.start);
  const endExclusive = new Date(period.end);
  const running = endExclusive.getTime() > now.getTime();
  const last = running ? now : new Date(endExclusive.getTime() - 1);
  const day = new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { day: 'numeric', month: 'long', timeZone: period.timeZone });
  const span = `${day.format(start)} – ${day.format(last)}`;
  return running ? `${span}${locale === 'ru' ? ', период идёт' : ', in progress'}` : span;
}

export function money(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency, maximumFractionDigits: minor % 100 === 0 ? 0 : 2 }).format(minor / 100);
}

export function shortDate(value: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'short' }).format(new Date(value));
}

export function dateTime(value: string | null | undefined, locale: Locale): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale === 'ru' ? 'ru-RU' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));
}

// Response shapes (see src/server/routes/reports.routes.ts)
export interface PeriodFigure { period: string; leads: number; leadsWithoutPhone: number; paidDeals: number; conversion: number | null }
export interface StageShare { stage: StageKey; scoredCalls: number; successfulCalls: number; share: number | null }
export interface MainReportResponse {
  currency: string;
  period: { kind: 'week' | 'month'; key: string; start: string; end: string; timeZone: string };
  current: PeriodFigure;
  previous: PeriodFigure;
  growth: { percentagePoints: number | null; relativePercent: number | null };
  tooltips: { conversion: Record<Locale, string>; previous: Record<Locale, string>; growth: Record<Locale, string> };
  recommendations: { total: number; returned: number; appliedNotReturned: number; notApplied: number; open: number; expired: number; successShare: number | null };
  money:
    | { state: 'ok'; breakdown: { month: string; totalMinor: number; conversionTermMinor: number; returnedPaymentsMinor: number; negativeGrowth: boolean; tooltip: Record<Locale, string> } }
    | { state: 'baseline_missing' | 'no_leads' | 'average_check_missing'; month: string; reason: string; returnedPaymentsMinor?: number };
  baseline: { state: 'ok' | 'baseline_missing'; month?: string; rate?: number; reason?: string };
  trend: { period: string; leads: number; paidDeals: number; conversion: number | null }[];
}
export interface ManagerRow { id: string; name: string; calls: number; analysedCalls: number; lostCalls: number; overall: { share: number | null }; stages: StageShare[]; weakStages: StageKey[]; lastSignInAt: string | null }
export interface ManagersResponse { threshold: number; period: { key: string; start: string; end: string; timeZone: string }; managers: ManagerRow[] }
export interface ManagerCardResponse {
  manager: { id: string; name: string; lastSignInAt: string | null };
  threshold: number;
  analysedCalls: number;
  overall: { share: number | null };
  stages: StageShare[];
  weakStages: StageShare[];
  lowestStage: StageShare | null;
  trend: { week: string; calls: number; meanScore: number | null; stageMeans: Record<string, number | null> }[];
  recommendations: { done: number; notDone: number; byStatus: Record<string, number> };
  trainer: { sessions: number; lastAt: string | null; meanScore: number | null };
  sabotage: { id: string; kind: string; since: string; resolvedAt: string | null }[];
}
export interface WeeklyListResponse { reports: { id: string; weekStart: string; createdAt: string; conversion: number | null; leads: number; paidDeals: number }[] }
