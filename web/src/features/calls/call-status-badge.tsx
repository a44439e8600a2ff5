// The call's place in the pipeline (received → transcribing → transcribed → analysing → analysed,
// or failed / unassigned), with the reason in the tooltip when it stopped.
import { useI18n } from '../../i18n/i18n.tsx';
import { callsTexts, type PipelineStatus } from './calls-texts.ts';

const TONES: Record<PipelineStatus, string> = {
  received: '', transcribing: 'badge-info', transcribed: 'badge-info', analysing: 'badge-info',
  analysed: 'badge-success', failed: 'badge-danger', unassigned: 'badge-warning',
};

export function CallStatusBadge({ status, errorMessage }: { status: PipelineStatus; errorMessage?: string | null }) {
  const { locale } = useI18n();
  const texts = callsTexts(locale);
  const title = errorMessage && (status === 'failed' || status === 'unassigned') ? errorMessage : texts.statusHints[status];
  const busy = status === 'transcribing' || status === 'analysing';
  return (
    <span className={`badge ${TONES[status]}`} title={title} aria-busy={busy || undefined}>
      {texts.statuses[status]}
    </span>
  );
}
