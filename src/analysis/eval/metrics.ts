// The metrics of ../shared/eval/FORMAT.md, computed from (label, verdict) pairs. A metric with
// nothing to compute from is null, never 0.
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import { STAGES } from '../../domain/stages.ts';
import type { LabelledCall } from './dataset-reader.ts';

export interface ScoredCall {
  call: LabelledCall;
  analysis: CallAnalysis | null;
  error: string | null;
  ms: number;
}

export interface OutcomeMetrics {
  calls: number;
  outcome_accuracy: number | null;
  lost_precision: number | null;
  lost_recall: number | null;
  lost_f1: number | null;
  loss_stage_accuracy: number | null;
  weak_stage_f1: number | null;
  stage_mae: number | null;
  ms_per_call: number | null;
  confusion: { success: { success: number; lost: number; error: number }; lost: { success: number; lost: number; error: number } };
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : a / b);
const round = (x: number | null, digits = 3): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

export function computeMetrics(results: ScoredCall[]): OutcomeMetrics {
  const scored = results.filter((r) => !r.call.reference);
  const confusion = { success: { success: 0, lost: 0, error: 0 }, lost: { success: 0, lost: 0, error: 0 } };
  let correct = 0; let tp = 0; let fp = 0; let fn = 0;
  let lossLabelled = 0; let lossCorrect = 0;
  let wTp = 0; let wFp = 0; let wFn = 0; let weakLabelled = false;
  let maeSum = 0; let maeN = 0;
  for (const r of scored) {
    const label = r.call.labels;
    const got = r.analysis?.outcome ?? null;
    confusion[label.outcome][got ?? 'error']++;
    if (got === label.outcome) correct++;
    if (got === 'lost' && label.outcome === 'lost') tp++;
    if (got === 'lost' && label.outcome !== 'lost') fp++;
    if (got !== 'lost' && label.outcome === 'lost') fn++;
    if (label.outcome === 'lost' && label.lossStage) {
      lossLabelled++;
      if (r.analysis?.loss?.stage === label.lossStage) lossCorrect++;
    }
    if (label.weakStages) {
      weakLabelled = true;
      const want = new Set(label.weakStages);
      const have = new Set(r.analysis?.weakStages ?? []);
      for (const s of STAGES) {
        if (want.has(s) && have.has(s)) wTp++;
        else if (have.has(s)) wFp++;
        else if (want.has(s)) wFn++;
      }
    }
    if (label.stageScores) {
      for (const s of STAGES) {
        const want = label.stageScores[s];
        if (want === undefined) continue;
        const have = r.analysis?.stages.find((x) => x.stage === s)?.score ?? 0;
        maeSum += Math.abs(want - have);
        maeN++;
      }
    }
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : (precision === null || recall === null ? null : 0);
  const wp = ratio(wTp, wTp + wFp);
  const wr = ratio(wTp, wTp + wFn);
  const wf1 = !weakLabelled ? null : wTp === 0 ? (wFp + wFn === 0 ? null : 0) : (2 * (wp ?? 0) * (wr ?? 0)) / ((wp ?? 0) + (wr ?? 0));
  const ms = scored.filter((r) => r.analysis).map((r) => r.ms);
  return {
    calls: scored.length,
    outcome_accuracy: round(ratio(correct, scored.length)),
    lost_precision: round(precision),
    lost_recall: round(recall),
    lost_f1: round(f1),
    loss_stage_accuracy: round(ratio(lossCorrect, lossLabelled)),
    weak_stage_f1: round(wf1),
    stage_mae: round(ratio(maeSum, maeN)),
    ms_per_call: ms.length ? round(ms.reduce((a, b) => a + b, 0) / ms.length, 3) : null,
    confusion,
  };
}
