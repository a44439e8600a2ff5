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

export function money(minor: number, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', { style: 'currency', currency, maximumFractionDigits: minor % 100 === 0 ? 0 : 2 }).format(minor / 100);
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
  period: { kind: 'week' | 'month'; key: string };
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
export interface ManagersResponse { threshold: number; period: { key: string }; managers: ManagerRow[] }
export interface ManagerCardResponse {
  manager: { id: string; name: string; lastSignInAt: string | null };
  threshold: number;
  analysedCalls: number;
  overall: { share: number | null };
  stages: StageShare[];
  weakStages: StageShare[];
  trend: { week: string; calls: number; meanScore: number | null; stageMeans: Record<string, number | null> }[];
  recommendations: { done: number; notDone: number; byStatus: Record<string, number> };
  trainer: { sessions: number; lastAt: string | null; meanScore: number | null };
  sabotage: { id: string; kind: string; since: string; resolvedAt: string | null }[];
}
export interface WeeklyListResponse { reports: { id: string; weekStart: string; createdAt: string; conversion: number | null; leads: number; paidDeals: number }[] }
