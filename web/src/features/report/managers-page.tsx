// Managers compared: a table sortable by overall success and by each stage's success.
import { Fragment, useMemo, useState } from 'react';
import { REPORT_TEXTS, STAGE_KEYS, type Locale, type StageKey } from './report-texts.ts';
import { percent, shortDate, periodName, periodSpan, useReport, type ManagerRow, type ManagersResponse } from './report-api.ts';
import { LoadState } from './load-state.tsx';
import { PeriodSwitch, type PeriodKind } from './period-switch.tsx';

type SortKey = 'name' | 'overall' | 'calls' | 'lost' | StageKey;

const valueOf = (row: ManagerRow, key: SortKey): number | string => {
  if (key === 'name') return row.name;
  if (key === 'overall') return row.overall.share ?? -1;
  if (key === 'calls') return row.calls;
  if (key === 'lost') return row.lostCalls;
  return row.stages.find((s) => s.stage === key)?.share ?? -1;
};

export function ManagersPage({ locale, period: initialPeriod = 'month', at, cardHref = (id) => `/managers/${id}` }: { locale: Locale; period?: PeriodKind; at?: string; cardHref?: (id: string) => string }) {
  const t = REPORT_TEXTS[locale];
  const [period, setPeriod] = useState<PeriodKind>(initialPeriod);
  const { data, error, loading, reload } = useReport<ManagersResponse>(`/api/v1/managers?period=${period}${at ? `&at=${at}` : ''}`);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'overall', desc: true });
  const rows = useMemo(() => {
    const list = [...(data?.managers ?? [])];
    list.sort((a, b) => {
      const x = valueOf(a, sort.key);
      const y = valueOf(b, sort.key);
      const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - (y as number);
      return sort.desc ? -order : order;
    });
    return list;
  }, [data, sort]);
  const header = (key: SortKey, label: string) => (
    <th aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="button-ghost" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : true }))}>
        {label}{sort.key === key ? (sort.desc ? ' ↓' : ' ↑') : ''}
      </button>
    </th>
  );
  return (
    <div className="stack">
      <header className="page-header"><div><h1>{t.managersTitle}</h1>{data && <p className="muted">{periodName(data.period.key, locale)} · {periodSpan(data.period, locale)} · {t.threshold(data.threshold)}</p>}</div><PeriodSwitch locale={locale} value={period} onChange={setPeriod} /></header>
      <LoadState locale={locale} loading={loading} error={error} onRetry={reload} />
      {data && (
        <div className="table-wrap card">
          <table className="table table-compact">
            <thead>
              <tr>
                {header('name', t.manager)}
                {header('overall', t.overall)}
                {STAGE_KEYS.map((stage) => <Fragment key={stage}>{header(stage, t.stages[stage])}</Fragment>)}
                {header('calls', t.calls)}
                {header('lost', t.lost)}
                <th>{t.lastSignIn}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td><a href={cardHref(row.id)} className="cell-title">{row.name}</a></td>
                  <td className="nowrap"><strong>{percent(row.overall.share, locale, 0)}</strong></td>
                  {STAGE_KEYS.map((stage) => {
                    const s = row.stages.find((x) => x.stage === stage);
                    return <td key={stage} className={`nowrap${row.weakStages.includes(stage) ? ' score-weak' : ''}`} title={s ? `${s.successfulCalls} / ${s.scoredCalls}` : undefined}>{percent(s?.share, locale, 0)}</td>;
                  })}
                  <td>{row.calls}</td>
                  <td>{row.lostCalls}</td>
                  <td className="nowrap">{row.lastSignInAt ? shortDate(row.lastSignInAt, locale) : t.never}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
