// One manager's card for the head of sales: weak stages, recommendations done / not done, call
// quality per week, trainer activity, sabotage alert history and the last sign-in.
import { REPORT_TEXTS, type Locale } from './report-texts.ts';
import { dateTime, useReport, type ManagerCardResponse } from './report-api.ts';
import { LoadState } from './load-state.tsx';
import { QualityTrendChart, StageSuccessList } from './quality-sections.tsx';

export function ManagerCardPage({ locale, managerId }: { locale: Locale; managerId: string }) {
  const t = REPORT_TEXTS[locale];
  const { data, error, loading, reload } = useReport<ManagerCardResponse>(`/api/v1/managers/${encodeURIComponent(managerId)}`);
  return (
    <div className="stack">
      <header className="page-header">
        <div><h1>{data?.manager.name ?? t.manager}</h1>{data && <p className="muted">{t.lastSignIn}: {data.manager.lastSignInAt ? dateTime(data.manager.lastSignInAt, locale) : t.never}</p>}</div>
      </header>
      <LoadState locale={locale} loading={loading} error={error} onRetry={reload} />
      {data && (
        <>
          <section className="kpi-grid">
            <div className="kpi card"><div className="kpi-label">{t.recommendations}: {t.done}</div><div className="kpi-value">{data.recommendations.done}</div></div>
            <div className="kpi card"><div className="kpi-label">{t.recommendations}: {t.notDone}</div><div className="kpi-value">{data.recommendations.notDone}</div></div>
            <div className="kpi card">
              <div className="kpi-label">{t.trainer}</div>
              <div className="kpi-value">{data.trainer.sessions}</div>
              <div className="kpi-note">{data.trainer.sessions === 0 ? t.trainerEmpty : `${t.lastSession}: ${dateTime(data.trainer.lastAt, locale)} · ${t.meanScore}: ${data.trainer.meanScore?.toFixed(1) ?? '—'}`}</div>
            </div>
          </section>
          <StageSuccessList card={data} locale={locale} />
          <QualityTrendChart card={data} locale={locale} />
          <section className="card padded">
            <h2 className="section-title">{t.sabotage}</h2>
            {data.sabotage.length === 0 ? <p className="muted">{t.sabotageEmpty}</p> : (
              <ul className="plain-list">
                {data.sabotage.map((a) => (
                  <li key={a.id}>
                    <span className={`badge ${a.resolvedAt ? 'badge-success' : 'badge-danger'}`}>{a.resolvedAt ? t.resolved : t.active}</span>{' '}
                    {t.kinds[a.kind] ?? a.kind} · {dateTime(a.since, locale)}{a.resolvedAt ? ` → ${dateTime(a.resolvedAt, locale)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
