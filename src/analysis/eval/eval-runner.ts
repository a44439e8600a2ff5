// Runs any CallAnalysisEngine over a dataset and computes FORMAT.md's metrics, per dataset and per
// company, plus the follow-up metrics from the follow-up evaluator.
import { performance } from 'node:perf_hooks';
import type { CallAnalysisEngine } from '../../domain/call-analysis.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import { readDataset } from './dataset-reader.ts';
import type { Dataset } from './dataset-reader.ts';
import { evaluateFollowUps } from './followup-eval.ts';
import type { FollowUpChecker } from '../../domain/follow-up.ts';
import type { FollowUpEvalResult } from './followup-eval.ts';
import { computeMetrics } from './metrics.ts';
import type { OutcomeMetrics, ScoredCall } from './metrics.ts';

export interface EvalSummary {
  calls: number;
  followups: number;
  engine: string;
  outcome_accuracy: number | null;
  lost_precision: number | null;
  lost_recall: number | null;
  lost_f1: number | null;
  loss_stage_accuracy: number | null;
  weak_stage_f1: number | null;
  stage_mae: number | null;
  followup_accuracy: number | null;
  ms_per_call: number | null;
}

export interface EvalReport {
  summary: EvalSummary;
  metrics: OutcomeMetrics;
  byCompany: Map<string, OutcomeMetrics>;
  results: ScoredCall[];
  followups: FollowUpEvalResult;
}

export async function scoreCalls(dataset: Dataset, engine: CallAnalysisEngine): Promise<ScoredCall[]> {
  const results: ScoredCall[] = [];
  for (const call of dataset.calls) {
    if (call.reference) { results.push({ call, analysis: null, error: null, ms: 0 }); continue; }
    const knowledge = dataset.knowledge.get(call.company) ?? emptyKnowledge(call.company, call.company, call.language);
    const t0 = performance.now();
    try {
      const analysis = await engine.analyze({ transcript: { language: call.language, turns: call.turns }, knowledge });
      results.push({ call, analysis, error: null, ms: performance.now() - t0 });
    } catch (err) {
      const code = (err as { code?: string }).code;
      results.push({ call, analysis: null, error: `${code ? `${code}: ` : ''}${(err as Error).message}`, ms: performance.now() - t0 });
    }
  }
  return results;
}

/** `checker` judges the follow-ups (default: the builtin checker; `mentor eval --engine llm` passes the llm one). */
export async function runEval(dir: string, engine: CallAnalysisEngine, checker?: FollowUpChecker): Promise<EvalReport> {
  const dataset = await readDataset(dir);
  const results = await scoreCalls(dataset, engine);
  const metrics = computeMetrics(results);
  const byCompany = new Map<string, OutcomeMetrics>();
  for (const company of new Set(dataset.calls.map((c) => c.company))) {
    byCompany.set(company, computeMetrics(results.filter((r) => r.call.company === company)));
  }
  const followups = await evaluateFollowUps(dir, dataset.knowledge, ...(checker ? [checker] : []));
  const { confusion: _confusion, ...outcome } = metrics;
  return {
    summary: {
      calls: outcome.calls,
      followups: followups.followups,
      engine: engine.name,
      outcome_accuracy: outcome.outcome_accuracy,
      lost_precision: outcome.lost_precision,
      lost_recall: outcome.lost_recall,
      lost_f1: outcome.lost_f1,
      loss_stage_accuracy: outcome.loss_stage_accuracy,
      weak_stage_f1: outcome.weak_stage_f1,
      stage_mae: outcome.stage_mae,
      followup_accuracy: followups.accuracy,
      ms_per_call: outcome.ms_per_call,
    },
    metrics,
    byCompany,
    results,
    followups,
  };
}
