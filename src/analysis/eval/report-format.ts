// The human-readable eval report: metrics, per-company breakdown, confusion matrix, misclassified calls.
import type { EvalReport, EvalSummary } from './eval-runner.ts';

const fmt = (v: number | null): string => (v === null ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(3));
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function formatReport(report: EvalReport, dir: string): string {
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`mentor eval ${dir}  (engine: ${s.engine})`, '');
  const keys: (keyof EvalSummary)[] = ['calls', 'followups', 'outcome_accuracy', 'lost_precision', 'lost_recall', 'lost_f1',
    'loss_stage_accuracy', 'weak_stage_f1', 'stage_mae', 'followup_accuracy', 'ms_per_call'];
  for (const k of keys) lines.push(`  ${pad(k, 22)} ${fmt(s[k] as number | null)}`);
  lines.push('', 'per company:');
  lines.push(`  ${pad('company', 16)} ${pad('calls', 6)} ${pad('outcome', 8)} ${pad('lost_f1', 8)} ${pad('loss_st', 8)} ${pad('weak_f1', 8)} mae`);
  for (const [company, m] of report.byCompany) {
    lines.push(`  ${pad(company, 16)} ${pad(String(m.calls), 6)} ${pad(fmt(m.outcome_accuracy), 8)} ${pad(fmt(m.lost_f1), 8)} ${pad(fmt(m.loss_stage_accuracy), 8)} ${pad(fmt(m.weak_stage_f1), 8)} ${fmt(m.stage_mae)}`);
  }
  const c = report.metrics.confusion;
  lines.push('', 'outcome confusion (rows: label, columns: verdict):');
  lines.push(`  ${pad('', 10)} ${pad('success', 8)} ${pad('lost', 8)} error`);
  lines.push(`  ${pad('success', 10)} ${pad(String(c.success.success), 8)} ${pad(String(c.success.lost), 8)} ${c.success.error}`);
  lines.push(`  ${pad('lost', 10)} ${pad(String(c.lost.success), 8)} ${pad(String(c.lost.lost), 8)} ${c.lost.error}`);
  const wrong = report.results.filter((r) => !r.call.reference && (r.analysis?.outcome !== r.call.labels.outcome
    || (r.call.labels.lossStage && r.analysis?.loss?.stage !== r.call.labels.lossStage)));
  lines.push('', `misclassified (${wrong.length}):`);
  for (const r of wrong.slice(0, 200)) {
    const want = `${r.call.labels.outcome}${r.call.labels.lossStage ? `@${r.call.labels.lossStage}` : ''}`;
    const got = r.analysis ? `${r.analysis.outcome}${r.analysis.loss ? `@${r.analysis.loss.stage}/${r.analysis.loss.reason}` : ''} (${r.analysis.confidence})` : `error ${r.error ?? ''}`;
    lines.push(`  ${pad(r.call.id, 40)} label ${pad(want, 22)} got ${got}`);
  }
  if (wrong.length > 200) lines.push(`  … and ${wrong.length - 200} more`);
  if (report.followups.failures.length) {
    lines.push('', `follow-up failures (${report.followups.failures.length}):`);
    for (const f of report.followups.failures) lines.push(`  ${pad(f.id, 24)} expected ${f.expected} got ${f.got}: ${f.explanation}`);
  }
  return lines.join('\n');
}
