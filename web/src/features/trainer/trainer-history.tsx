// The manager's own history with a progress line, and the head of sales' view of how each manager
// practises ("как тренируется менеджер").
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import type { ManagerActivity, Session } from './trainer-api.ts';
import type { TrainerTexts } from './trainer-texts.ts';

function statusText(status: Session['status'], texts: TrainerTexts): string {
  return status === 'active' ? texts.statusActive : status === 'finished' ? texts.statusFinished : texts.statusAbandoned;
}

export function TrainerHistory({ sessions, texts, onOpen }: { sessions: Session[]; texts: TrainerTexts; onOpen(session: Session): void }) {
  const { format } = useI18n();
  const scored = sessions.filter((s) => s.status === 'finished' && s.score !== null).reverse()
    .map((s, index) => ({ index: index + 1, date: format.date(s.finishedAt ?? s.startedAt), score: s.score }));
  return (
    <section className="card trainer-card trainer-history" aria-label={texts.history}>
      <h2 className="section-title">{texts.history}</h2>
      {sessions.length === 0 ? <p className="muted">{texts.noHistory}</p> : (
        <>
          {scored.length > 1 && (
            <figure className="trainer-chart" aria-label={texts.progress}>
              <ResponsiveContainer width="100%" height={180}>
                <LineChart data={scored} margin={{ top: 8, right: 16, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" />
                  <XAxis dataKey="date" fontSize={12} />
                  <YAxis domain={[0, 10]} fontSize={12} />
                  <Tooltip />
                  <Line type="monotone" dataKey="score" name={texts.score} stroke="var(--color-accent)" strokeWidth={2} />
                </LineChart>
              </ResponsiveContainer>
            </figure>
          )}
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>{texts.date}</th><th>{texts.status}</th><th>{texts.score}</th><th /></tr></thead>
              <tbody>
                {sessions.map((s) => (
                  <tr key={s.id}>
                    <td>{format.date(s.startedAt)}</td>
                    <td>{statusText(s.status, texts)}</td>
                    <td>{s.score === null ? '—' : s.score.toFixed(1)}</td>
                    <td><button type="button" className="button button-small button-ghost" onClick={() => onOpen(s)}>{texts.open}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

/** For the head of sales and the integrator: per-manager practice counts and scores. */
export function TrainerActivity({ texts }: { texts: TrainerTexts }) {
  const { format } = useI18n();
  const { data } = useApiData<{ managers: ManagerActivity[] }>('/trainer/activity');
  if (!data) return null;
  return (
    <section className="card trainer-card" aria-label={texts.activity}>
      <h2 className="section-title">{texts.activity}</h2>
      <div className="table-wrap">
        <table className="table">
          <thead><tr><th>{texts.manager}</th><th>{texts.sessions}</th><th>{texts.finished}</th><th>{texts.lastSession}</th><th>{texts.meanScore}</th></tr></thead>
          <tbody>
            {data.managers.map((m) => (
              <tr key={m.managerId}>
                <th scope="row">{m.name}</th>
                <td>{m.sessions}</td>
                <td>{m.finished}</td>
                <td>{m.lastSessionAt ? format.date(m.lastSessionAt) : texts.never}</td>
                <td>{m.meanScore === null ? '—' : m.meanScore.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One manager's practice for the manager card ("как тренируется менеджер"). */
export function ManagerTrainerActivity({ managerId, texts }: { managerId: string; texts: TrainerTexts }) {
  const { format } = useI18n();
  const { data } = useApiData<{ managers: ManagerActivity[] }>('/trainer/activity');
  const mine = data?.managers.find((m) => m.managerId === managerId);
  if (!mine) return null;
  return (
    <dl className="facts" aria-label={texts.activity}>
      <dt>{texts.sessions}</dt><dd>{mine.sessions}</dd>
      <dt>{texts.finished}</dt><dd>{mine.finished}</dd>
      <dt>{texts.lastSession}</dt><dd>{mine.lastSessionAt ? format.date(mine.lastSessionAt) : texts.never}</dd>
      <dt>{texts.meanScore}</dt><dd>{mine.meanScore === null ? '—' : mine.meanScore.toFixed(1)}</dd>
    </dl>
  );
}
