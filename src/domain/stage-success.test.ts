/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import { qualityTrendByWeek, stageSuccessByManager, stageSuccessOverall, type ScoredCall } from './stage-success.ts';
import { AppError } from './errors.ts';

const call = (callId: string, managerId: string, at: string, scores: ScoredCall['scores']): ScoredCall => ({ callId, managerId, analysedAt: new Date(at), scores });

// Anna: 4 calls. objections scored in 3 of them (8, 4, 5) → 1/3; greeting 9, 7, 6, 10 → 3/4
const anna = [
  call('a1', 'anna', '2026-11-02T10:00:00Z', { greeting: 9, needs: 8, presentation: 7, objections: 8, closing: 6 }),
  call('a2', 'anna', '2026-11-03T10:00:00Z', { greeting: 7, needs: 5, presentation: 7, objections: 4, closing: 3 }),
  call('a3', 'anna', '2026-11-10T10:00:00Z', { greeting: 6, needs: 6, presentation: 8, objections: 5, closing: 2 }),
  call('a4', 'anna', '2026-11-11T10:00:00Z', { greeting: 10, needs: 7, presentation: 9, objections: null, closing: 7 }),
];
const boris = [call('b1', 'boris', '2026-11-02T10:00:00Z', { greeting: 7, closing: 6 })];

void test('stage success share per manager counts only calls where the stage was scored', () => {
  const [annaResult, borisResult] = stageSuccessByManager([...anna, ...boris]);
  assert.equal(annaResult?.managerId, 'anna');
  const byStage = Object.fromEntries((annaResult?.stages ?? []).map((s) => [s.stage, s]));
  assert.deepEqual(byStage.greeting, { stage: 'greeting', scoredCalls: 4, successfulCalls: 3, share: 0.75 });
  assert.deepEqual(byStage.objections, { stage: 'objections', scoredCalls: 3, successfulCalls: 1, share: 1 / 3 });
  assert.deepEqual(byStage.closing, { stage: 'closing', scoredCalls: 4, successfulCalls: 1, share: 0.25 });
  // overall: greeting 3 + needs 2 + presentation 4 + objections 1 + closing 1 = 11 of 19 scored pairs
  assert.deepEqual(annaResult?.overall, { scored: 19, successful: 11, share: 11 / 19 });
  // weak (< 50 %, ≥ 3 scored calls): closing 25 %, objections 33 %; needs is exactly 50 %: not weak
  assert.deepEqual(annaResult?.weakStages.map((s) => s.stage), ['closing', 'objections']);
  assert.equal(annaResult?.lowestStage?.stage, 'closing');
  // Boris has 1 call: closing 0 % is his lowest but not "weak" for lack of data
  assert.deepEqual(borisResult?.weakStages, []);
  assert.equal(borisResult?.lowestStage?.stage, 'closing');
  assert.equal(borisResult?.stages.find((s) => s.stage === 'needs')?.share, null);
});

void test('threshold, weak share and minimum calls are configurable', () => {
  const [annaStrict] = stageSuccessByManager(anna, { threshold: 8, weakShare: 0.6, minScoredCalls: 4 });
  // threshold 8: greeting 9, 10 → 2/4 = 50 % (weak at 60 %); objections has 3 scored calls < 4: not weak
  assert.equal(annaStrict?.stages.find((s) => s.stage === 'greeting')?.share, 0.5);
  // closing 0/4, needs 8 → 1/4, greeting 2/4, presentation 8, 9 → 2/4 (ties keep the call order)
  assert.deepEqual(annaStrict?.weakStages.map((s) => s.stage), ['closing', 'needs', 'greeting', 'presentation']);
  assert.throws(() => stageSuccessByManager(anna, { threshold: 11 }), AppError);
  assert.throws(() => stageSuccessByManager([call('x', 'm', '2026-11-02T10:00:00Z', { greeting: 12 })]), /0–10/);
});

void test('department overall and an empty input', () => {
  const overall = stageSuccessOverall([...anna, ...boris]);
  assert.deepEqual(overall.overall, { scored: 21, successful: 12, share: 12 / 21 });
  assert.deepEqual(stageSuccessByManager([]), []);
  assert.equal(stageSuccessOverall([]).overall.share, null);
});

void test('quality trend: mean score per ISO week in the company time zone', () => {
  const trend = qualityTrendByWeek(anna, 'Europe/Moscow');
  assert.deepEqual(trend.map((w) => w.week), ['2026-W45', '2026-W46']);
  // W45: a1 (9+8+7+8+6) + a2 (7+5+7+4+3) = 64 over 10 scores
  assert.equal(trend[0]?.meanScore, 6.4);
  assert.equal(trend[0]?.stageMeans.objections, 6);
  // W46: a3 (6+6+8+5+2 = 27) + a4 (10+7+9+7 = 33) = 60 over 9 scores; objections only from a3
  assert.equal(trend[1]?.meanScore, 60 / 9);
  assert.equal(trend[1]?.stageMeans.objections, 5);
  assert.equal(trend[1]?.calls, 2);
});
