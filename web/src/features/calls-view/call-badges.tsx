// Small badges shared by the calls list and the call page.
import type { CallTexts } from './call-texts.ts';
import type { CallStatus } from './call-types.ts';

export function StatusBadge({ status, texts }: { status: CallStatus; texts: CallTexts }) {
  const tone = status === 'failed' ? 'badge-danger' : status === 'analysed' ? 'badge-success' : status === 'unassigned' ? 'badge-warning' : '';
  return <span className={`badge ${tone}`}>{texts.statuses[status]}</span>;
}

export function OutcomeBadge({ outcome, texts }: { outcome: 'success' | 'lost'; texts: CallTexts }) {
  return <span className={`badge ${outcome === 'success' ? 'badge-success' : 'badge-danger'}`}>{outcome === 'success' ? texts.success : texts.lost}</span>;
}
