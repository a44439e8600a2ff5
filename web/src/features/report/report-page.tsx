// The head of sales' home: KPI cards (conversion now and before, growth in pp and %, returned
// clients with the breakdown, money brought with the exact formula on hover), a week/month switch
// and the conversion trend.
import { useState } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_TEXTS, type Locale } from './report-texts.ts';
import { money, percent, periodName, periodSpan, signed, useReport, type MainReportResponse } from './report-api.ts';
import { LoadState } from './load-state.tsx';
import { PeriodSwitch, type PeriodKind } from './period-switch.tsx';

function Kpi({ label, value, note, title }: { label: string; value: string; note?: string; title?: string }) {
  return (
    <div className="kpi card" title={title}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value">{value}</div>
      {note && <div className="kpi-note">{note}</div>}
    </div>
  );
}

/** Below this many leads a running period's conversion still swings with every deal. */
const FEW_LEADS = 30;

export function ReportPage({ locale, at }: { locale: Locale; at?: string }) {
  const t = REPORT_TEXTS[locale];
  const [period, setPeriod] = useState<PeriodKind>('month');
  const url = `/api/v1/report?period=${period}${at ? `&at=${at}` : ''}`;
  const { data, error, loading, reload } = useReport<MainReportResponse>(url);

  const moneyCard = (report: MainReportResponse) => {
    const m = report.money;
    if (m.state === 'ok') {
      return <Kpi label={`${t.money} ${t.moneyMonth(periodName(m.breakdown.month, locale))}`} value={money(m.breakdown.totalMinor, report.currency, locale)} note={`${t.formula}: ${m.breakdown.tooltip[locale]}`} title={m.breakdown.tooltip[locale]} />;
    }
    const label = m.state === 'baseline_missing' ? t.baselineMissing : m.state === 'average_check_missing' ? t.averageCheckMissing : t.noLeads;
    return <Kpi label={`${t.money} ${t.moneyMonth(periodName(m.month, locale))}`} value={t.noData} note={`${label}. ${m.reason}`} title={m.reason} />;
  };

  return (
    <div className="stack">
      <header className="page-header">
        <div><h1>{t.reportTitle}</h1>{data && <p className="muted">{periodName(data.period.key, locale)} · {periodSpan(data.period, locale)}</p>}</div>
        <PeriodSwitch locale={locale} value={period} onChange={setPeriod} />
      </header>
      <LoadState locale={locale} loading={loading} error={error} onRetry={reload} />
      {data && new Date(data.period.end).getTime() > Date.now() && data.current.leads < FEW_LEADS && (
        <p className="alert alert-info" role="status">{t.earlyPeriod(data.current.leads)}</p>
      )}
      {data && (
        <>
          <section className="kpi-grid" aria-label={t.reportTitle}>
            <Kpi label={t.conversion} value={percent(data.current.conversion, locale)} note={`${data.current.paidDeals} / ${data.current.leads}`} title={data.tooltips.conversion[locale]} />
            <Kpi label={t.previous} value={percent(data.previous.conversion, locale)} note={`${periodName(data.previous.period, locale)}: ${data.previous.paidDeals} / ${data.previous.leads}`} title={data.tooltips.previous[locale]} />
            <Kpi label={t.growth} value={`${signed(data.growth.percentagePoints, locale)} ${t.pp}`} note={data.growth.relativePercent === null ? undefined : `${signed(data.growth.relativePercent, locale, 1)}%`} title={data.tooltips.growth[locale]} />
            <Kpi label={t.leads} value={String(data.current.leads)} note={`${t.paidDeals}: ${data.current.paidDeals}`} />
            <Kpi label={t.returned} value={String(data.recommendations.returned)} note={t.returnedBreakdown(data.recommendations)} />
            {moneyCard(data)}
          </section>
          <section className="card padded">
            <h2 className="section-title">{t.trend}</h2>
            <div style={{ width: '100%', height: 260 }}>
              <ResponsiveContainer>
                <LineChart data={data.trend.map((p) => ({ ...p, label: periodName(p.period, locale, true), percent: p.conversion === null ? null : Number((p.conversion * 100).toFixed(2)) }))}>
                  <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" />
                  <XAxis dataKey="label" fontSize={12} />
                  <YAxis unit="%" fontSize={12} />
                  <Tooltip formatter={(value) => [`${value}%`, t.conversion]} />
                  <Line type="monotone" dataKey="percent" stroke="var(--color-accent)" strokeWidth={2} connectNulls dot />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </section>
        </>
      )}
    </div>
  );
}
