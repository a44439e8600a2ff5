// The head of sales corrects a verdict, a stage score or a deduction; the server stores it,
// re-analyses the call and later analyses respect it.
import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { CallTexts, StageKey } from './call-texts.ts';
import { STAGE_KEYS } from './call-texts.ts';
import type { AnalysisResult, Correction } from './call-types.ts';

type Kind = 'outcome' | 'stage_score' | 'deduction';

export function CallCorrections({ callId, corrections, analysis, canCorrect, texts, onChanged }: {
  callId: string;
  corrections: Correction[];
  analysis: AnalysisResult | null;
  canCorrect: boolean;
  texts: CallTexts;
  onChanged(message: string): void;
}) {
  const [kind, setKind] = useState<Kind>('outcome');
  const [stage, setStage] = useState<StageKey>('closing');
  const [outcome, setOutcome] = useState<'success' | 'lost'>(analysis?.outcome === 'lost' ? 'success' : 'lost');
  const [score, setScore] = useState(5);
  const [target, setTarget] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const deductions = analysis?.stages.flatMap((s) => s.deductions.map((d) => ({ ...d, stage: s.stage }))) ?? [];

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const body = kind === 'outcome' ? { kind, outcome, comment } : kind === 'stage_score' ? { kind, stage, score, comment } : { kind, stage, target, comment };
      await api.post(`/calls/${callId}/corrections`, body);
      await api.post(`/calls/${callId}/analyse`).catch(() => undefined);
      setComment('');
      onChanged(texts.saved);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card stack padded" aria-labelledby="corrections-title">
      <h2 id="corrections-title" className="section-title">{texts.corrections}</h2>
      <p className="hint">{texts.correctionsHint}</p>
      {corrections.length === 0 ? <p className="muted">{texts.noCorrections}</p> : (
        <ul className="plain-list">
          {corrections.map((c) => (
            <li key={c.id}>
              <strong>{c.kind === 'outcome' ? `${texts.kindOutcome}: ${c.outcome === 'success' ? texts.success : texts.lost}` : c.kind === 'stage_score' ? `${texts.stages[c.stage as StageKey] ?? c.stage}: ${c.score}` : `${texts.kindDeduction}: ${c.target ?? ''}`}</strong>
              {' — '}{c.comment}
              {c.createdBy && <span className="muted"> ({c.createdBy.name})</span>}
            </li>
          ))}
        </ul>
      )}
      {canCorrect && (
        <form className="form" onSubmit={(event) => { event.preventDefault(); void submit(); }}>
          <div className="field-row">
            <label className="field">
              <span>{texts.kind}</span>
              <select className="input" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                <option value="outcome">{texts.kindOutcome}</option>
                <option value="stage_score">{texts.kindStage}</option>
                <option value="deduction">{texts.kindDeduction}</option>
              </select>
            </label>
            {kind === 'outcome' && (
              <label className="field">
                <span>{texts.outcome}</span>
                <select className="input" value={outcome} onChange={(e) => setOutcome(e.target.value as 'success' | 'lost')}>
                  <option value="success">{texts.success}</option>
                  <option value="lost">{texts.lost}</option>
                </select>
              </label>
            )}
            {kind !== 'outcome' && (
              <label className="field">
                <span>{texts.stage}</span>
                <select className="input" value={stage} onChange={(e) => setStage(e.target.value as StageKey)}>
                  {STAGE_KEYS.map((s) => <option key={s} value={s}>{texts.stages[s]}</option>)}
                </select>
              </label>
            )}
            {kind === 'stage_score' && (
              <label className="field">
                <span>{texts.score}</span>
                <input className="input input-compact" type="number" min={0} max={10} value={score} onChange={(e) => setScore(Number(e.target.value))} />
              </label>
            )}
            {kind === 'deduction' && (
              <label className="field">
                <span>{texts.deductionCode}</span>
                <select className="input" value={target} onChange={(e) => setTarget(e.target.value)}>
                  <option value="" />
                  {deductions.filter((d) => d.stage === stage).map((d) => <option key={d.code} value={d.code}>{d.reason}</option>)}
                </select>
              </label>
            )}
          </div>
          <label className="field">
            <span>{texts.comment}</span>
            <textarea className="input textarea" required value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          {error && <div className="alert alert-error" role="alert">{error}</div>}
          <div className="form-actions"><button className="button button-primary" type="submit" disabled={busy || !comment.trim()}>{texts.save}</button></div>
        </form>
      )}
    </section>
  );
}
