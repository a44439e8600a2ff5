// One call: verdict and reason, per-stage scores with quotes and deductions, the transcript with
// stage segments and the audio player, and the head of sales' corrections.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client.ts';
import type { Locale } from '../../i18n/locale.ts';
import { PageHeader } from '../../components/page-header.tsx';
import { useApiData } from '../../components/use-api-data.ts';
import { useUser } from '../../session/session.tsx';
import { callTexts, STAGE_KEYS } from './call-texts.ts';
import type { CallDetail } from './call-types.ts';
import { OutcomeBadge, StatusBadge } from './call-badges.tsx';
import { CallTranscript } from './call-transcript.tsx';
import { CallCorrections } from './call-corrections.tsx';
import { StageScores } from './stage-scores.tsx';

export function CallPage({ locale, mine = false }: { locale: Locale; mine?: boolean }) {
  const t = callTexts(locale);
  const { id = '' } = useParams();
  const user = useUser();
  const { data, error, reload } = useApiData<CallDetail>(`/calls/${id}`);
  const [notice, setNotice] = useState<string | null>(null);
  const editor = user.role === 'head_of_sales' || user.role === 'integrator';
  const dateFormat = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'ru-RU', { dateStyle: 'long', timeStyle: 'short' });

  if (error) return <div className="alert alert-error" role="alert">{(error as Error).message}</div>;
  if (!data) return <p className="muted" role="status">…</p>;
  const { call, transcript, analysis } = data;
  const result = analysis?.result ?? null;
  const lossTurns = new Set(result?.loss?.clientWords.map((w) => w.turn) ?? []);

  const act = async (work: () => Promise<unknown>, message: string): Promise<void> => {
    try {
      await work();
      setNotice(message);
      reload();
    } catch (failure) {
      setNotice((failure as Error).message);
    }
  };

  return (
    <>
      <Link to={mine ? '/my-calls' : '/calls'} className="muted small">{t.back}</Link>
      <PageHeader title={`${call.client?.name ?? call.client?.phone ?? call.clientPhone ?? t.client} · ${dateFormat.format(new Date(call.startedAt))}`} subtitle={call.manager ? `${t.manager}: ${call.manager.name}` : undefined}>
        {editor && (
          <>
            <button type="button" className="button" onClick={() => void act(() => api.post(`/calls/${id}/reference`, { reference: !call.isReference }), call.isReference ? t.unmarkReference : t.markReference)}>
              {call.isReference ? t.unmarkReference : t.markReference}
            </button>
            <button type="button" className="button" onClick={() => void act(() => api.post(`/calls/${id}/analyse`), t.reanalysed)}>{t.reanalyse}</button>
          </>
        )}
      </PageHeader>
      {notice && <div className="alert alert-info" role="status">{notice}</div>}
      <section className="card padded verdict" aria-label={t.outcome}>
        <div className="verdict-line">
          <StatusBadge status={call.status} texts={t} />
          {call.isReference && <span className="badge badge-info">{t.reference}</span>}
          {result && <OutcomeBadge outcome={result.outcome} texts={t} />}
          {result && <span className="muted small">{t.confidence} {Math.round(result.confidence * 100)}%</span>}
        </div>
        {call.status === 'failed' && <div className="alert alert-error" role="alert"><strong>{t.failed}:</strong> {call.errorMessage}</div>}
        {result?.loss && (
          <dl className="facts">
            <dt>{t.lossStage}</dt><dd>{t.stages[result.loss.stage]}</dd>
            <dt>{t.lossReason}</dt><dd>{t.reasons[result.loss.reason as keyof typeof t.reasons] ?? result.loss.reason}. {result.loss.explanation}</dd>
            {result.loss.clientWords.length > 0 && <><dt>{t.clientWords}</dt><dd>{result.loss.clientWords.map((w) => `«${w.text}»`).join(' ')}</dd></>}
          </dl>
        )}
        {result?.nextStep && <dl className="facts"><dt>{t.nextStep}</dt><dd>{result.nextStep.text}</dd></dl>}
      </section>
      <div className="call-columns">
        <section className="card padded" aria-labelledby="transcript-title">
          <h2 id="transcript-title" className="section-title">{t.transcript}</h2>
          {transcript ? <CallTranscript callId={id} turns={transcript.turns} stages={result?.stages ?? []} lossTurns={lossTurns} texts={t} /> : <p className="muted">{t.noTranscript}</p>}
        </section>
        <div className="stack">
          {result && <StageScores stages={result.stages} weak={result.weakStages} order={STAGE_KEYS} texts={t} />}
          <CallCorrections callId={id} corrections={data.corrections} analysis={result} canCorrect={editor} texts={t} onChanged={(message) => { setNotice(message); reload(); }} />
        </div>
      </div>
    </>
  );
}
