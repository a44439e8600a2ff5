// A lost client's card: the reason with the client's own words, the current recommendation (text,
// words to say, sources linked to calls, "I called", the verdict after the call, "wrong" for the
// head of sales), earlier and rejected recommendations, and the calls with the client.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Locale } from '../../i18n/locale.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useUser } from '../../session/session.tsx';
import { lostClientsTexts } from './lost-clients-texts.ts';
import type { LostClientCard } from './lost-client-types.ts';
import { lostClientsBase } from './lost-clients-page.tsx';
import { RecommendationPanel } from './recommendation-panel.tsx';

export function LostClientCardPage({ locale }: { locale: Locale }) {
  const t = lostClientsTexts(locale);
  const { id = '' } = useParams();
  const user = useUser();
  const { data, error, reload } = useApiData<LostClientCard>(`/lost-clients/${id}`);
  const [notice, setNotice] = useState<string | null>(null);
  const editor = user.role === 'head_of_sales' || user.role === 'integrator';
  const callsBase = user.role === 'manager' ? '/my-calls' : '/calls';
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'medium', timeStyle: 'short' });

  if (error) return <div className="alert alert-error" role="alert">{(error as Error).message}</div>;
  if (!data) return <p className="muted" role="status">…</p>;
  const { lostClient, loss, calls, recommendations } = data;
  const [current, ...earlier] = recommendations;
  const changed = (message: string) => {
    setNotice(message);
    reload();
  };

  return (
    <>
      <Link to={lostClientsBase(user.role)} className="muted small">{t.back}</Link>
      <PageHeader title={lostClient.client.name ?? lostClient.client.phone ?? t.client} subtitle={lostClient.manager ? `${t.manager}: ${lostClient.manager.name}` : undefined} />
      {notice && <div className="alert alert-info" role="status">{notice}</div>}
      <section className="card padded verdict" aria-label={t.reason}>
        <div className="verdict-line"><span className="badge">{t.lostStatuses[lostClient.status]}</span></div>
        <dl className="facts">
          <dt>{t.stage}</dt><dd>{t.stages[lostClient.lossStage] ?? lostClient.lossStage}</dd>
          <dt>{t.reason}</dt><dd>{t.reasons[lostClient.reason] ?? lostClient.reason}{loss?.explanation ? `. ${loss.explanation}` : ''}</dd>
          {loss && loss.clientWords.length > 0 && <><dt>{t.clientWords}</dt><dd>{loss.clientWords.map((w) => `«${w.text}»`).join(' ')}</dd></>}
          <dt>{t.lostAt}</dt><dd><Link to={`${callsBase}/${lostClient.callId}`}>{dateFormat.format(new Date(lostClient.lostAt))}</Link></dd>
        </dl>
      </section>
      {current && !current.rejectedAt
        ? <RecommendationPanel recommendation={current} texts={t} callsBase={callsBase} canCall canReject={editor} dateFormat={dateFormat} onChanged={changed} />
        : (
          <section className="card padded">
            <p className="muted">{t.noRecommendation}</p>
            {editor && current && (
              <button type="button" className="button" onClick={() => {
                api.post(`/recommendations/${current.id}/regenerate`).then(() => changed(t.regenerated), (failure: unknown) => changed((failure as Error).message));
              }}>{t.regenerate}</button>
            )}
          </section>
        )}
      {(current?.rejectedAt ? recommendations : earlier).length > 0 && (
        <details className="card padded">
          <summary>{t.rejectedHistory}</summary>
          {(current?.rejectedAt ? recommendations : earlier).map((rec) => (
            <RecommendationPanel key={rec.id} recommendation={rec} texts={t} callsBase={callsBase} canCall={false} canReject={false} dateFormat={dateFormat} onChanged={changed} />
          ))}
        </details>
      )}
      <section className="card padded" aria-labelledby="client-calls">
        <h2 id="client-calls" className="section-title">{t.calls}</h2>
        <ul className="plain-list">
          {calls.map((call) => (
            <li key={call.id}>
              <Link to={`${callsBase}/${call.id}`}>{dateFormat.format(new Date(call.startedAt))}</Link>
              {call.manager && <span className="muted"> · {call.manager.name}</span>}
              {call.outcome && <span className={`badge ${call.outcome === 'success' ? 'badge-success' : 'badge-danger'}`}>{call.outcome === 'success' ? '✓' : '✗'}</span>}
              {call.isLostCall && <span className="muted small"> · {t.lostCall}</span>}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
