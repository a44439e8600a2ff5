// The calls list: the head of sales and the integrator see the company's calls, a manager their
// own (the server scopes it). Filters by status and outcome, full-text search in any word form.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Locale } from '../../i18n/locale.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { callTexts, STAGE_KEYS } from './call-texts.ts';
import type { CallItem, CallStatus } from './call-types.ts';
import { OutcomeBadge, StatusBadge } from './call-badges.tsx';
import { useUser } from '../../session/session.tsx';

export function CallsListPage({ locale, mine = false }: { locale: Locale; mine?: boolean }) {
  const t = callTexts(locale);
  const role = useUser().role;
  const canUpload = !mine && (role === 'head_of_sales' || role === 'integrator');
  const [status, setStatus] = useState<CallStatus | ''>('');
  const [outcome, setOutcome] = useState<'' | 'success' | 'lost'>('');
  const [query, setQuery] = useState('');
  const [submitted, setSubmitted] = useState('');
  const params = new URLSearchParams({ limit: '100' });
  if (status) params.set('status', status);
  if (outcome) params.set('outcome', outcome);
  if (submitted.trim()) params.set('q', submitted.trim());
  const { data, error, loading } = useApiData<{ calls: CallItem[]; total: number }>(`/calls?${params.toString()}`);
  const filtered = Boolean(status || outcome || submitted.trim());
  const base = mine ? '/my-calls' : '/calls';
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short', timeStyle: 'short' });

  return (
    <>
      <PageHeader title={mine ? t.myCalls : t.calls} subtitle={t.callsSubtitle}>
        {canUpload && <Link className="button button-primary" to="/calls/upload">{t.upload}</Link>}
      </PageHeader>
      <form className="inline-form card filters" onSubmit={(event) => { event.preventDefault(); setSubmitted(query); }}>
        <label className="field">
          <span>{t.search}</span>
          <input className="input" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t.searchHint} />
        </label>
        <label className="field">
          <span>{t.status}</span>
          <select className="input" value={status} onChange={(e) => setStatus(e.target.value as CallStatus | '')}>
            <option value="">{t.any}</option>
            {(Object.keys(t.statuses) as CallStatus[]).map((s) => <option key={s} value={s}>{t.statuses[s]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t.outcome}</span>
          <select className="input" value={outcome} onChange={(e) => setOutcome(e.target.value as '' | 'success' | 'lost')}>
            <option value="">{t.any}</option>
            <option value="success">{t.success}</option>
            <option value="lost">{t.lost}</option>
          </select>
        </label>
        <button className="button" type="submit">{t.search}</button>
      </form>
      {error ? <div className="alert alert-error" role="alert">{String((error as Error).message)}</div> : null}
      {!loading && data && data.calls.length === 0 && !filtered && <EmptyState title={t.noCalls} body={t.noCallsBody} action={canUpload ? { label: t.upload, to: '/calls/upload' } : undefined} />}
      {!loading && data && data.calls.length === 0 && filtered && <p className="muted">{t.nothingFound}</p>}
      {data && data.calls.length > 0 && (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.date}</th>
                {!mine && <th scope="col">{t.manager}</th>}
                <th scope="col">{t.client}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.outcome}</th>
                {STAGE_KEYS.map((stage) => <th scope="col" key={stage} className="numeric" title={t.stages[stage]}>{t.stages[stage].slice(0, 4)}.</th>)}
              </tr>
            </thead>
            <tbody>
              {data.calls.map((call) => (
                <tr key={call.id}>
                  <td className="nowrap"><Link to={`${base}/${call.id}`}>{dateFormat.format(new Date(call.startedAt))}</Link>{call.isReference && <span className="badge badge-info">{t.reference}</span>}</td>
                  {!mine && <td>{call.manager?.name ?? '—'}</td>}
                  <td>{call.client?.name ?? call.client?.phone ?? call.clientPhone ?? '—'}</td>
                  <td><StatusBadge status={call.status} texts={t} /></td>
                  <td>{call.analysis ? <OutcomeBadge outcome={call.analysis.outcome} texts={t} /> : '—'}</td>
                  {STAGE_KEYS.map((stage) => {
                    const score = call.analysis?.scores[stage];
                    return <td key={stage} className={`numeric ${score !== undefined && score <= 5 ? 'score-weak' : ''}`}>{score ?? '—'}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
