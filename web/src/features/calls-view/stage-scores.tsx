// Per-stage scores with the quotes that justify them and the deductions that lowered them.
import type { CallTexts, StageKey } from './call-texts.ts';
import type { StageAssessment } from './call-types.ts';

export function StageScores({ stages, weak, order, texts }: { stages: StageAssessment[]; weak: StageKey[]; order: readonly StageKey[]; texts: CallTexts }) {
  return (
    <section className="card padded stack" aria-labelledby="scores-title">
      <h2 id="scores-title" className="section-title">{texts.stageScores}</h2>
      {order.map((key) => {
        const stage = stages.find((s) => s.stage === key);
        return (
          <article key={key} className="stage-score" data-stage={key}>
            <header className="stage-score-head">
              <span className={`stage-chip stage-${key}`}>{texts.stages[key]}</span>
              {stage ? <span className={`score ${stage.score <= 5 ? 'score-weak' : ''}`}>{stage.score}/10</span> : <span className="muted small">{texts.notReached}</span>}
              {weak.includes(key) && <span className="badge badge-danger">{texts.weak}</span>}
            </header>
            {stage && (
              <>
                <div className="score-bar" aria-hidden="true"><span style={{ width: `${stage.score * 10}%` }} /></div>
                {stage.evidence.length > 0 && (
                  <ul className="plain-list small">
                    {stage.evidence.slice(0, 3).map((e) => <li key={e.turn}>«{e.text}»</li>)}
                  </ul>
                )}
                <p className="small"><strong>{texts.deductions}:</strong>{stage.deductions.length === 0 ? ` ${texts.noDeductions}` : ''}</p>
                {stage.deductions.length > 0 && (
                  <ul className="plain-list small">
                    {stage.deductions.map((d) => <li key={d.code}>−{d.points}: {d.reason}</li>)}
                  </ul>
                )}
              </>
            )}
          </article>
        );
      })}
    </section>
  );
}
