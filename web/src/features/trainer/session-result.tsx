// A finished session: the score by the 5 stages and the concrete feedback.
import { STAGES } from './trainer-api.ts';
import type { Session } from './trainer-api.ts';
import type { TrainerTexts } from './trainer-texts.ts';

export function SessionResult({ session, texts, onNew }: { session: Session; texts: TrainerTexts; onNew(): void }) {
  const feedback = session.feedback;
  return (
    <section className="card trainer-card trainer-result" aria-label={texts.result}>
      <div className="trainer-result-head">
        <h2 className="section-title">{texts.result}</h2>
        <p className="trainer-score" data-testid="trainer-score">
          {texts.score}: <strong>{session.score === null ? '—' : `${session.score.toFixed(1)} / 10`}</strong>
        </p>
      </div>
      <h3>{texts.byStage}</h3>
      <ul className="trainer-stage-scores">
        {STAGES.map((stage) => {
          const score = session.stageScores[stage];
          return (
            <li key={stage} data-stage={stage}>
              <span>{texts.stages[stage]}</span>
              <span className="trainer-bar" aria-hidden="true"><span style={{ width: `${(score ?? 0) * 10}%` }} /></span>
              <strong>{score === undefined ? '—' : score}</strong>
            </li>
          );
        })}
      </ul>
      {feedback && (
        <>
          <p>{feedback.summary}</p>
          {feedback.stages.length > 0 && (
            <>
              <h3>{texts.feedback}</h3>
              <ul className="trainer-feedback">
                {feedback.stages.map((stage) => <li key={stage.stage}>{stage.text}</li>)}
              </ul>
            </>
          )}
          {feedback.strengths.length > 0 && (
            <>
              <h3>{texts.strengths}</h3>
              <ul className="trainer-feedback">{feedback.strengths.map((line) => <li key={line}>{line}</li>)}</ul>
            </>
          )}
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button button-primary" onClick={onNew}>{texts.newSession}</button>
      </div>
    </section>
  );
}
