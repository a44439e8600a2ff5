// One recommendation in the client card: the text and the words to say, what it is based on, its
// sources (the calls they came from are links), the lifecycle with "I called", the verdict after
// the follow-up call, and for the head of sales "this recommendation is wrong" with a comment.
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import type { LostClientsTexts } from './lost-clients-texts.ts';
import { statusTone } from './lost-clients-texts.ts';
import type { Recommendation } from './lost-client-types.ts';

interface PanelProps {
  recommendation: Recommendation;
  texts: LostClientsTexts;
  callsBase: string;
  canCall: boolean;
  canReject: boolean;
  dateFormat: Intl.DateTimeFormat;
  onChanged(message: string): void;
}

export function RecommendationPanel({ recommendation: rec, texts: t, callsBase, canCall, canReject, dateFormat, onChanged }: PanelProps) {
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  const [phrase, setPhrase] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>, message: string) => {
    setBusy(true);
    try {
      await work();
      onChanged(message);
    } catch (failure) {
      onChanged((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const canMarkCalled = canCall && !rec.rejectedAt && (rec.status === 'open' || rec.status === 'not_applied');
  const [intro, ...rest] = rec.text.split('\n\n');

  return (
    <section className="card padded stack" aria-label={t.recommendation}>
      <div className="verdict-line">
        <span className={`badge ${statusTone(rec.status)}`}>{t.statuses[rec.status]}</span>
        {rec.overdue && <span className="badge badge-danger">{t.overdue}</span>}
        <span className="muted small">{t.dueAt}: {dateFormat.format(new Date(rec.dueAt))}</span>
        {rec.engine === 'llm→builtin' && <span className="muted small">{t.engineFallback}</span>}
      </div>
      <p><strong>{intro}</strong></p>
      {rest.map((paragraph, i) => <p key={i}>{paragraph}</p>)}
      <dl className="facts">
        <dt>{t.whatToSay}</dt><dd>«{rec.script}»</dd>
        <dt>{t.basis}</dt><dd>{rec.basis}</dd>
      </dl>
      {rec.sources.length > 0 && (
        <div>
          <h3 className="section-title">{t.sources}</h3>
          <ul className="plain-list">
            {rec.sources.map((source, i) => (
              <li key={i}>
                <span className="badge badge-info">{t.sourceKinds[source.kind]}</span> {source.excerpt}
                {source.callId && <> · <Link to={`${callsBase}/${source.callId}`}>{t.openCall}</Link></>}
              </li>
            ))}
          </ul>
        </div>
      )}
      {rec.skippedCall && rec.status === 'open' && <div className="alert alert-info" role="status">{t.skipped}</div>}
      {rec.verdict && (
        <div className={`alert ${rec.verdict.applied ? 'alert-success' : 'alert-error'}`}>
          <strong>{t.verdict}: {rec.verdict.applied ? t.applied : t.notApplied}</strong>, {rec.verdict.clientAgreed ? t.clientAgreed : t.clientNotAgreed}.
          <p>{rec.verdict.explanation}</p>
          <details>
            <summary>{t.points}</summary>
            <ul className="plain-list">
              {rec.verdict.points.map((p, i) => (
                <li key={i}>{p.done ? '✓' : '✗'} {p.point}{p.evidence.length > 0 && <span className="muted"> — {p.evidence.map((e) => `«${e.text}»`).join(' ')}</span>}</li>
              ))}
            </ul>
          </details>
          <Link to={`${callsBase}/${rec.verdict.callId}`}>{t.openCall}</Link>
        </div>
      )}
      {rec.rejectedAt && <p className="muted">{t.rejected}: {rec.rejectionComment}</p>}
      <div className="form-actions">
        {canMarkCalled && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => void act(() => api.post(`/recommendations/${rec.id}/called`), t.calledNote)}>{t.iCalled}</button>
        )}
        {canReject && !rec.rejectedAt && !rejecting && (
          <button type="button" className="button button-danger" disabled={busy} onClick={() => setRejecting(true)}>{t.wrong}</button>
        )}
        {canReject && !rec.rejectedAt && rec.status === 'open' && (
          <button type="button" className="button" disabled={busy} onClick={() => void act(() => api.post(`/recommendations/${rec.id}/regenerate`), t.regenerated)}>{t.regenerate}</button>
        )}
      </div>
      {rejecting && (
        <form className="form stack" onSubmit={(event) => {
          event.preventDefault();
          void act(() => api.post(`/recommendations/${rec.id}/reject`, { comment, ...(phrase.trim() ? { phrase: phrase.trim() } : {}) }), t.rejectedNote).then(() => setRejecting(false));
        }}>
          <p className="hint">{t.wrongHint}</p>
          <label className="field"><span>{t.comment}</span><textarea className="input textarea" required value={comment} onChange={(e) => setComment(e.target.value)} /></label>
          <label className="field"><span>{t.phrase}</span><input className="input" value={phrase} onChange={(e) => setPhrase(e.target.value)} /></label>
          <p className="hint">{t.phraseHint}</p>
          <div className="form-actions">
            <button type="submit" className="button button-danger" disabled={busy || !comment.trim()}>{t.send}</button>
            <button type="button" className="button button-ghost" onClick={() => setRejecting(false)}>{t.cancel}</button>
          </div>
        </form>
      )}
    </section>
  );
}
