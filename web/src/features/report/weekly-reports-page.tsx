// History of frozen weekly reports, each with its printable page (print to PDF from the browser).
import { useState } from 'react';
import { REPORT_TEXTS, type Locale } from './report-texts.ts';
import { dateTime, percent, useReport, type WeeklyListResponse } from './report-api.ts';
import { LoadState } from './load-state.tsx';

export function WeeklyReportsPage({ locale, canFreeze = true }: { locale: Locale; canFreeze?: boolean }) {
  const t = REPORT_TEXTS[locale];
  const { data, error, loading, reload } = useReport<WeeklyListResponse>('/api/v1/reports/weekly');
  const [busy, setBusy] = useState(false);
  const [freezeError, setFreezeError] = useState<string | undefined>(undefined);
  const freeze = async () => {
    setBusy(true);
    setFreezeError(undefined);
    try {
      const response = await fetch('/api/v1/reports/weekly/freeze', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: '{}' });
      if (!response.ok) throw new Error(((await response.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`);
      reload();
    } catch (failure) {
      setFreezeError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <header className="page-header">
        <div><h1>{t.weeklyTitle}</h1></div>
        {canFreeze && <div className="page-header-actions"><button type="button" className="button button-primary" disabled={busy} onClick={() => void freeze()}>{t.freeze}</button></div>}
      </header>
      <LoadState locale={locale} loading={loading} error={error ?? freezeError} onRetry={reload} />
      {data && data.reports.length === 0 && <p className="muted">{t.weeklyEmpty}</p>}
      {data && data.reports.length > 0 && (
        <div className="table-wrap card">
          <table className="table">
            <thead><tr><th>{t.weekOf}</th><th>{t.conversion}</th><th>{t.leads}</th><th>{t.paidDeals}</th><th /></tr></thead>
            <tbody>
              {data.reports.map((r) => (
                <tr key={r.id}>
                  <td className="nowrap" title={dateTime(r.createdAt, locale)}>{r.weekStart}</td>
                  <td>{percent(r.conversion, locale)}</td>
                  <td>{r.leads}</td>
                  <td>{r.paidDeals}</td>
                  <td><a className="button button-small" href={`/api/v1/reports/weekly/${r.id}/print?lang=${locale}`} target="_blank" rel="noreferrer">{t.print}</a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
