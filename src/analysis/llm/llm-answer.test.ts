// What the validator keeps from a model's answer and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from '../../domain/transcript.ts';
import { answerToAnalysis, InvalidLlmAnswerError } from './llm-answer.ts';
import type { LlmAnswer } from './llm-schema.ts';

const turns: Turn[] = [
  { speaker: 'manager', text: 'Когда вам удобно, чтобы замерщик приехал, в среду или в пятницу?' },
  { speaker: 'client', text: 'Давайте в пятницу, после обеда, часа в три.' },
];
const meta = { engineVersion: '1.0.0+m', knowledgeHash: 'sha256:x', language: 'ru' };

function answer(stages: LlmAnswer['stages'], rest: Partial<LlmAnswer> = {}): LlmAnswer {
  return { stages, outcome: 'success', confidence: 1.7, loss: null, nextStep: null, ...rest };
}

test('a quote shortened with an ellipsis is kept; a word found only inside another word is not', () => {
  const a = answerToAnalysis(answer([{ stage: 'closing', score: 8, deductions: [], span: null, evidence: [
    { turn: 0, quote: 'Когда вам удобно… в среду или в пятницу' },
    { turn: 0, quote: 'да' },
  ] }]), turns, meta);
  assert.deepEqual(a.stages[0]?.evidence.map((e) => e.turn), [0]);
  assert.equal(a.confidence, 1);
  assert.ok(a.warnings.some((w) => w.includes('dropped 1')));
});

test('a stage scored twice keeps the first score; deductions are clamped and a zero deduction is dropped', () => {
  const a = answerToAnalysis(answer([
    { stage: 'needs', score: 6, evidence: [], span: null, deductions: [{ points: 40, reason: 'Не узнал бюджет', code: 'no_budget', turn: 7 }, { points: 0, reason: 'ничего', code: 'x', turn: null }] },
    { stage: 'needs', score: 2, evidence: [], deductions: [], span: null },
  ]), turns, meta);
  assert.equal(a.stages.length, 1);
  assert.equal(a.stages[0]?.score, 6);
  assert.deepEqual(a.stages[0]?.deductions, [{ points: 10, reason: 'Не узнал бюджет', code: 'needs.no_budget' }]);
  assert.ok(a.warnings.some((w) => w.includes('scored twice')));
});

test('"lost" without a loss is refused so the engine can ask again; a loss on a success is ignored', () => {
  assert.throws(() => answerToAnalysis(answer([], { outcome: 'lost' }), turns, meta), InvalidLlmAnswerError);
  const a = answerToAnalysis(answer([], { loss: { stage: 'closing', reason: 'no_next_step', clientWords: [], explanation: '' } }), turns, meta);
  assert.equal(a.loss, null);
  assert.equal(a.outcome, 'success');
});
