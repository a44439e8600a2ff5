// The trainer page: choose a scenario and a client character (or let Mentor choose for your weak
// stages), talk by voice or in text, finish to get the score by stage and concrete feedback; your
// history and progress below. The head of sales also sees how each manager practises.
import { useState } from 'react';
import { errorMessage } from '../../api/error-message.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Locale } from '../../i18n/locale.ts';
import { useUser } from '../../session/session.tsx';
import { LiveSession } from './live-session.tsx';
import { SessionResult } from './session-result.tsx';
import { trainerApi } from './trainer-api.ts';
import type { Persona, Scenario, Session } from './trainer-api.ts';
import { TrainerActivity, TrainerHistory } from './trainer-history.tsx';
import { trainerTexts } from './trainer-texts.ts';
import type { TrainerTexts } from './trainer-texts.ts';
import { TRAINER_CSS } from './trainer-styles.ts';

export function TrainerPage({ locale: forced }: { locale?: Locale } = {}) {
  const { locale: current, t, format } = useI18n();
  const locale = forced ?? current;
  const texts = trainerTexts(locale);
  const user = useUser();
  const scenarios = useApiData<{ scenarios: Scenario[] }>('/trainer/scenarios');
  const personas = useApiData<{ personas: Persona[] }>('/trainer/personas');
  const history = useApiData<{ sessions: Session[] }>('/trainer/sessions');
  const [scenarioId, setScenarioId] = useState<string>('');
  const [personaId, setPersonaId] = useState<string>('');
  const [live, setLive] = useState<Session | null>(null);
  const [result, setResult] = useState<Session | null>(null);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const personaList = personas.data?.personas ?? [];

  const start = async (mode: 'voice' | 'text') => {
    setStarting(true);
    setError(null);
    try {
      const session = await trainerApi.start({ scenarioId: scenarioId || null, personaId: personaId || null, mode });
      setResult(null);
      setLive(session);
    } catch (failure) {
      setError(errorMessage(failure, t, format));
    } finally {
      setStarting(false);
    }
  };

  const open = (session: Session) => {
    if (session.status === 'active') {
      setResult(null);
      setLive(session);
    } else {
      setLive(null);
      setResult(session);
    }
  };

  const finished = (session: Session) => {
    setLive(null);
    setResult(session);
    history.reload();
  };

  return (
    <>
      <style>{TRAINER_CSS}</style>
      <PageHeader title={texts.title} subtitle={texts.subtitle} />
      <div className="stack">
        {live ? (
          <LiveSession key={live.id} initial={live} persona={personaList.find((p) => p.id === live.personaId)} texts={texts} onFinished={finished} />
        ) : result ? (
          <SessionResult session={result} texts={texts} onNew={() => setResult(null)} />
        ) : (
          <SessionSetup texts={texts} locale={locale} scenarios={scenarios.data?.scenarios ?? []} personas={personaList}
            scenarioId={scenarioId} personaId={personaId} onScenario={setScenarioId} onPersona={setPersonaId}
            starting={starting} error={error} onStart={(mode) => void start(mode)} />
        )}
        <TrainerHistory sessions={history.data?.sessions ?? []} texts={texts} onOpen={open} />
        {(user.role === 'head_of_sales' || user.role === 'integrator') && <TrainerActivity texts={texts} />}
      </div>
    </>
  );
}

interface SetupProps {
  texts: TrainerTexts;
  locale: Locale;
  scenarios: Scenario[];
  personas: Persona[];
  scenarioId: string;
  personaId: string;
  onScenario(id: string): void;
  onPersona(id: string): void;
  starting: boolean;
  error: string | null;
  onStart(mode: 'voice' | 'text'): void;
}

function SessionSetup(props: SetupProps) {
  const { texts, locale } = props;
  return (
    <section className="card trainer-card trainer-setup" aria-label={texts.setup}>
      <h2 className="section-title">{texts.setup}</h2>
      <div className="field">
        <label htmlFor="trainer-scenario">{texts.scenario}</label>
        <select id="trainer-scenario" className="input" value={props.scenarioId} onChange={(event) => props.onScenario(event.target.value)}>
          <option value="">{texts.scenarioAuto}</option>
          {props.scenarios.filter((s) => s.enabled).map((s) => <option key={s.id} value={s.id}>{s.title}</option>)}
        </select>
        {props.scenarioId && <p className="hint">{props.scenarios.find((s) => s.id === props.scenarioId)?.situation}</p>}
      </div>
      <fieldset className="fieldset">
        <legend>{texts.persona}</legend>
        <div className="trainer-personas" role="radiogroup" aria-label={texts.persona}>
          <button type="button" role="radio" aria-checked={props.personaId === ''} className="trainer-persona" onClick={() => props.onPersona('')}>
            <span className="trainer-avatar trainer-avatar-auto" aria-hidden="true">?</span>
            <strong>{texts.personaAuto}</strong>
            <span className="small muted">{texts.personaAutoBody}</span>
          </button>
          {props.personas.map((p) => (
            <button key={p.id} type="button" role="radio" aria-checked={props.personaId === p.id} className="trainer-persona" onClick={() => props.onPersona(p.id)}>
              <span className="trainer-avatar" aria-hidden="true" dangerouslySetInnerHTML={{ __html: p.avatarSvg }} />
              <strong>{p.name[locale]}</strong>
              <span className="small">{p.temperament.title[locale]} · {p.role[locale]}</span>
              <span className="small muted">{p.description[locale]}</span>
            </button>
          ))}
        </div>
      </fieldset>
      {props.error && <p className="alert alert-error" role="alert">{props.error}</p>}
      <div className="form-actions">
        <button type="button" className="button button-primary" disabled={props.starting} onClick={() => props.onStart('voice')}>{props.starting ? texts.starting : texts.startVoice}</button>
        <button type="button" className="button" disabled={props.starting} onClick={() => props.onStart('text')}>{texts.startText}</button>
      </div>
    </section>
  );
}
