// The lost clients list. The head of sales (and the integrator) see the company's lost clients with
// filters by manager, stage, status and period, and whether each recommendation was applied and the
// client returned; a manager sees their own (the server scopes it) without the manager filter.
import { useState } from 'react';
import { Link } from 'react-router';
import type { Locale } from '../../i18n/locale.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useUser } from '../../session/session.tsx';
import { lostClientsTexts, statusTone } from './lost-clients-texts.ts';
import type { LostClientItem, RecommendationStatus } from './lost-client-types.ts';

const STAGES = ['greeting', 'needs', 'presentation', 'objections', 'closing'] as const;
const PAGE = 50;
const STATUSES: readonly RecommendationStatus[] = ['open', 'called', 'applied', 'not_applied', 'returned', 'expired'];

interface Filters {
  manager: string;
  stage: string;
  status: string;
  from: string;
  to: string;
}

/** `/lost-clients` for the head of sales, `/my-clients` for a manager; the card lives under the same path. */
export function lostClientsBase(role: string): string {
  return role === 'manager' ? '/my-clients' : '/lost-clients';
}

export function LostClientsPage({ locale }: { locale: Locale }) {
  const t = lostClientsTexts(locale);
  const user = useUser();
  const mine = user.role === 'manager';
  const [draft, setDraft] = useState<Filters>({ manager: '', stage: '', status: '', from: '', to: '' });
  const [filters, setFilters] = useState<Filters>(draft);
  const [limit, setLimit] = useState(PAGE);
  const params = new URLSearchParams({ limit: String(limit) });
  if (filters.manager) params.set('manager', filters.manager);
  if (filters.stage) params.set('stage', filters.stage);
  if (filters.status) params.set('status', filters.status);
  if (filters.from) params.set('from', new Date(filters.from).toISOString());
  if (filters.to) params.set('to', new Date(new Date(filters.to).getTime() + 86_400_000).toISOString());
  const { data, error, loading } = useApiData<{ lostClients: LostClientItem[]; total: number }>(`/lost-clients?${params.toString()}`);
  const people = useApiData<{ users: { id: string; name: string; role: string }[] }>(mine ? null : '/users');
  const managers = (people.data?.users ?? []).filter((u) => u.role === 'manager');
  const filtered = Object.values(filters).some(Boolean);
  const base = lostClientsBase(user.role);
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'short' });
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft((d) => ({ ...d, [key]: event.target.value }));

  return (
    <>
      <PageHeader title={mine ? t.myTitle : t.title} subtitle={mine ? t.mySubtitle : t.subtitle} />
      <form className="inline-form card filters" onSubmit={(event) => { event.preventDefault(); setFilters(draft); setLimit(PAGE); }}>
        {!mine && (
          <label className="field">
            <span>{t.manager}</span>
            <select className="input" value={draft.manager} onChange={set('manager')}>
              <option value="">{t.anyManager}</option>
              {managers.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
            </select>
          </label>
        )}
        <label className="field">
          <span>{t.stage}</span>
          <select className="input" value={draft.stage} onChange={set('stage')}>
            <option value="">{t.anyStage}</option>
            {STAGES.map((s) => <option key={s} value={s}>{t.stages[s]}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t.status}</span>
          <select className="input" value={draft.status} onChange={set('status')}>
            <option value="">{t.anyStatus}</option>
            {STATUSES.map((s) => <option key={s} value={s}>{t.statuses[s]}</option>)}
          </select>
        </label>
        <label className="field"><span>{t.from}</span><input className="input" type="date" value={draft.from} onChange={set('from')} /></label>
        <label className="field"><span>{t.to}</span><input className="input" type="date" value={draft.to} onChange={set('to')} /></label>
        <button className="button" type="submit">{t.apply}</button>
      </form>
      {error ? <div className="alert alert-error" role="alert">{String((error as Error).message)}</div> : null}
      {!loading && data && data.lostClients.length === 0 && !filtered && <EmptyState title={t.empty} body={t.emptyBody} />}
      {!loading && data && data.lostClients.length === 0 && filtered && <p className="muted">{t.nothingFound}</p>}
      {data && data.lostClients.length > 0 && (
        <div className="card table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t.client}</th>
                <th scope="col">{t.lostAt}</th>
                {!mine && <th scope="col">{t.manager}</th>}
                <th scope="col">{t.stage}</th>
                <th scope="col">{t.reason}</th>
                <th scope="col">{t.recommendation}</th>
                <th scope="col">{t.dueAt}</th>
              </tr>
            </thead>
            <tbody>
              {data.lostClients.map((item) => {
                const rec = item.recommendation;
                const overdue = rec?.status === 'open' && new Date(rec.dueAt).getTime() <= Date.now();
                return (
                  <tr key={item.id}>
                    <td>
                      <Link className="cell-title" to={`${base}/${item.id}`}>{item.client.name ?? item.client.phone ?? t.client}</Link>
                      <div className="cell-sub muted small">{t.lostStatuses[item.status]}</div>
                    </td>
                    <td className="nowrap">{dateFormat.format(new Date(item.lostAt))}</td>
                    {!mine && <td>{item.manager?.name ?? '—'}</td>}
                    <td>{t.stages[item.lossStage] ?? item.lossStage}</td>
                    <td>
                      {t.reasons[item.reason] ?? item.reason}
                      {item.clientWords && <div className="cell-sub muted small">«{item.clientWords}»</div>}
                    </td>
                    <td>{rec ? <span className={`badge ${statusTone(rec.status)}`}>{t.statuses[rec.status]}</span> : '—'}</td>
                    <td className="nowrap">
                      {rec ? dateFormat.format(new Date(rec.dueAt)) : '—'}
                      {overdue && <span className="badge badge-danger">{t.overdue}</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data && data.lostClients.length > 0 && (
        <div className="inline-form">
          <span className="muted small">{t.shown(data.lostClients.length, data.total)}</span>
          {data.lostClients.length < data.total && <button className="button" type="button" disabled={loading} onClick={() => setLimit((n) => n + PAGE)}>{t.showMore}</button>}
        </div>
      )}
    </>
  );
}
