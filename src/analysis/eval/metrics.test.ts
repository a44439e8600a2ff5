import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import type { Stage } from '../../domain/stages.ts';
import type { LabelledCall } from './dataset-reader.ts';
import { computeMetrics } from './metrics.ts';
import type { ScoredCall } from './metrics.ts';

function call(id: string, outcome: 'success' | 'lost', lossStage: Stage | null, weak: Stage[] | null, scores: Partial<Record<Stage, number>> | null, reference = false): LabelledCall {
  return { id, company: 'x', language: 'ru', reference, turns: [], labels: { outcome, lossStage, weakStages: weak, stageScores: scores } };
}

function verdict(outcome: 'success' | 'lost', lossStage: Stage | null, weak: Stage[], scores: Partial<Record<Stage, number>>): CallAnalysis {
  return {
    engine: 'test', engineVersion: '0', knowledgeHash: 'h', language: 'ru', outcome, confidence: 1, weakStages: weak,
    stages: Object.entries(scores).map(([stage, score]) => ({ stage: stage as Stage, score: score ?? 0, evidence: [], deductions: [] })),
    loss: lossStage ? { stage: lossStage, reason: 'refusal', clientWords: [], explanation: '' } : null, nextStep: null, warnings: [],
  };
}

void test('metrics as FORMAT.md defines them; reference calls are left out', () => {
  const results: ScoredCall[] = [
    { call: call('a', 'success', null, [], { greeting: 9, closing: 8 }), analysis: verdict('success', null, [], { greeting: 7, closing: 8 }), error: null, ms: 2 },
    { call: call('b', 'lost', 'closing', ['closing'], { closing: 2 }), analysis: verdict('lost', 'closing', ['closing'], { closing: 3 }), error: null, ms: 4 },
    { call: call('c', 'lost', 'needs', ['needs'], null), analysis: verdict('success', null, ['greeting'], {}), error: null, ms: 6 },
    { call: call('d', 'lost', 'greeting', null, null), analysis: null, error: 'boom', ms: 1 },
    { call: call('r', 'success', null, [], null, true), analysis: null, error: null, ms: 0 },
  ];
  const m = computeMetrics(results);
  assert.equal(m.calls, 4);
  assert.equal(m.outcome_accuracy, 0.5);
  assert.equal(m.lost_precision, 1);
  assert.equal(m.lost_recall, 0.333);
  assert.equal(m.lost_f1, 0.5);
  assert.equal(m.loss_stage_accuracy, 0.333);
  // weak pairs: b/closing tp; c/greeting fp; c/needs fn → p=0.5 r=0.5
  assert.equal(m.weak_stage_f1, 0.5);
  // |9-7| + |8-8| + |2-3| over 3 labelled pairs
  assert.equal(m.stage_mae, 1);
  assert.equal(m.ms_per_call, 4);
  assert.equal(m.confusion.lost.error, 1);
});

void test('a metric with nothing to compute from is null', () => {
  const m = computeMetrics([{ call: call('a', 'success', null, null, null), analysis: verdict('success', null, [], {}), error: null, ms: 1 }]);
  assert.equal(m.loss_stage_accuracy, null);
  assert.equal(m.weak_stage_f1, null);
  assert.equal(m.stage_mae, null);
  assert.equal(m.lost_precision, null);
});
