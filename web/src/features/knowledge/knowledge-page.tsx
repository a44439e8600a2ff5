// The integrator's and head of sales' knowledge screens: script per stage, objections with the
// company's handling, expert rules. Every change is audited on the server.
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { Locale } from '../../i18n/locale.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useUser } from '../../session/session.tsx';
import { STAGE_KEYS, type StageKey } from '../calls-view/call-texts.ts';
import { knowledgeTexts, type KnowledgeTexts } from './knowledge-texts.ts';

interface Objection { id: string; text: string; handling: string; position: number }
interface Rule { id: string; stage: StageKey | null; text: string }

export function KnowledgePage({ locale }: { locale: Locale }) {
  const t = knowledgeTexts(locale);
  const role = useUser().role;
  const canEdit = role === 'integrator' || role === 'head_of_sales';
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      {!canEdit && <div className="alert alert-info">{t.readOnly}</div>}
      <ScriptEditor t={t} canEdit={canEdit} />
      <ObjectionsEditor t={t} canEdit={canEdit} />
      <RulesEditor t={t} canEdit={canEdit} />
      <p className="hint">{t.reference}</p>
    </>
  );
}

function useAction(): { error: string | null; notice: string | null; run(work: () => Promise<unknown>, notice?: string): Promise<void> } {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return {
    error,
    notice,
    run: async (work, message) => {
      setError(null);
      setNotice(null);
      try {
        await work();
        if (message) setNotice(message);
      } catch (failure) {
        setError((failure as Error).message);
      }
    },
  };
}

function ScriptEditor({ t, canEdit }: { t: KnowledgeTexts; canEdit: boolean }) {
  const { data, error } = useApiData<{ stages: Partial<Record<StageKey, string>> }>('/knowledge/script');
  const [draft, setDraft] = useState<Partial<Record<StageKey, string>> | null>(null);
  const action = useAction();
  useEffect(() => {
    // only the first load fills the form: a later reload must not overwrite what is being typed
    if (data) setDraft((current) => current ?? data.stages);
  }, [data]);
  if (error) return <div className="alert alert-error" role="alert">{(error as Error).message}</div>;
  if (!draft) return <section className="card padded" aria-busy="true"><h2 className="section-title">{t.script}</h2></section>;
  return (
    <section className="card padded stack" aria-labelledby="script-title">
      <h2 id="script-title" className="section-title">{t.script}</h2>
      <p className="hint">{t.scriptHint}</p>
      <form className="form" onSubmit={(event) => { event.preventDefault(); void action.run(() => api.put('/knowledge/script', { stages: draft }), t.scriptSaved); }}>
        {STAGE_KEYS.map((stage) => (
          <label className="field" key={stage}>
            <span>{t.stages[stage]}</span>
            <textarea className="input textarea" value={draft[stage] ?? ''} readOnly={!canEdit} onChange={(e) => setDraft({ ...draft, [stage]: e.target.value })} />
          </label>
        ))}
        {action.error && <div className="alert alert-error" role="alert">{action.error}</div>}
        {action.notice && <div className="alert alert-success" role="status">{action.notice}</div>}
        {canEdit && <div className="form-actions"><button className="button button-primary" type="submit">{t.saveScript}</button></div>}
      </form>
    </section>
  );
}

function ObjectionsEditor({ t, canEdit }: { t: KnowledgeTexts; canEdit: boolean }) {
  const { data, reload } = useApiData<{ objections: Objection[] }>('/knowledge/objections');
  const [text, setText] = useState('');
  const [handling, setHandling] = useState('');
  const action = useAction();
  const objections = data?.objections ?? [];
  return (
    <section className="card padded stack" aria-labelledby="objections-title">
      <h2 id="objections-title" className="section-title">{t.objections}</h2>
      {data && objections.length === 0 && <p className="muted">{t.noObjections}</p>}
      {objections.map((objection) => <ObjectionRow key={objection.id} objection={objection} t={t} canEdit={canEdit} onChanged={reload} />)}
      {canEdit && (
        <form className="field-row" onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await api.post('/knowledge/objections', { text, handling });
            setText('');
            setHandling('');
            reload();
          });
        }}>
          <label className="field"><span>{t.objection}</span><input className="input" required value={text} onChange={(e) => setText(e.target.value)} /></label>
          <label className="field grow"><span>{t.handling}</span><textarea className="input textarea" required value={handling} onChange={(e) => setHandling(e.target.value)} /></label>
          <div className="form-actions"><button className="button" type="submit">{t.add}</button></div>
        </form>
      )}
      {action.error && <div className="alert alert-error" role="alert">{action.error}</div>}
    </section>
  );
}

function ObjectionRow({ objection, t, canEdit, onChanged }: { objection: Objection; t: KnowledgeTexts; canEdit: boolean; onChanged(): void }) {
  const [text, setText] = useState(objection.text);
  const [handling, setHandling] = useState(objection.handling);
  const action = useAction();
  return (
    <form className="field-row objection-row" onSubmit={(event) => { event.preventDefault(); void action.run(() => api.patch(`/knowledge/objections/${objection.id}`, { text, handling }).then(onChanged)); }}>
      <label className="field"><span>{t.objection}</span><input className="input" value={text} readOnly={!canEdit} onChange={(e) => setText(e.target.value)} /></label>
      <label className="field grow"><span>{t.handling}</span><textarea className="input textarea" value={handling} readOnly={!canEdit} onChange={(e) => setHandling(e.target.value)} /></label>
      {canEdit && (
        <div className="form-actions">
          <button className="button button-small" type="submit">{t.save}</button>
          <button className="button button-small button-danger" type="button" onClick={() => void action.run(() => api.delete(`/knowledge/objections/${objection.id}`).then(onChanged))}>{t.remove}</button>
        </div>
      )}
      {action.error && <div className="alert alert-error" role="alert">{action.error}</div>}
    </form>
  );
}

function RulesEditor({ t, canEdit }: { t: KnowledgeTexts; canEdit: boolean }) {
  const { data, reload } = useApiData<{ rules: Rule[] }>('/knowledge/rules');
  const [text, setText] = useState('');
  const [stage, setStage] = useState<StageKey | ''>('');
  const action = useAction();
  const rules = data?.rules ?? [];
  return (
    <section className="card padded stack" aria-labelledby="rules-title">
      <h2 id="rules-title" className="section-title">{t.rules}</h2>
      {data && rules.length === 0 && <p className="muted">{t.noRules}</p>}
      <ul className="plain-list">
        {rules.map((rule) => (
          <li key={rule.id}>
            <span className="badge">{rule.stage ? t.stages[rule.stage] : t.anyStage}</span> {rule.text}
            {canEdit && <button className="button button-small button-ghost" type="button" onClick={() => void action.run(() => api.delete(`/knowledge/rules/${rule.id}`).then(reload))}>{t.remove}</button>}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form className="field-row" onSubmit={(event) => {
          event.preventDefault();
          void action.run(async () => {
            await api.post('/knowledge/rules', { text, stage: stage || null });
            setText('');
            reload();
          });
        }}>
          <label className="field"><span>{t.stage}</span>
            <select className="input" value={stage} onChange={(e) => setStage(e.target.value as StageKey | '')}>
              <option value="">{t.anyStage}</option>
              {STAGE_KEYS.map((s) => <option key={s} value={s}>{t.stages[s]}</option>)}
            </select>
          </label>
          <label className="field grow"><span>{t.rule}</span><input className="input" required value={text} onChange={(e) => setText(e.target.value)} /></label>
          <div className="form-actions"><button className="button" type="submit">{t.add}</button></div>
        </form>
      )}
      {action.error && <div className="alert alert-error" role="alert">{action.error}</div>}
    </section>
  );
}
