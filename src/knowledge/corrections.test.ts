// Which turns a correction keeps as its context: the part of the call the correction is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallAnalysis } from '../domain/call-analysis.ts';
import type { Turn } from '../domain/transcript.ts';
import { correctionContext } from './corrections.service.ts';

const turns: Turn[] = Array.from({ length: 12 }, (_, i) => ({ speaker: i % 2 ? 'client' : 'manager', text: `реплика ${i}`, start: i }));

function analysis(patch: Partial<CallAnalysis> = {}): CallAnalysis {
  return {
    engine: 'builtin', engineVersion: '1', knowledgeHash: 'h', language: 'ru', outcome: 'lost', confidence: 0.8, weakStages: [], nextStep: null, warnings: [],
    loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [{ turn: 3, text: 'реплика 3' }], explanation: '' },
    stages: [
      { stage: 'needs', score: 4, evidence: [{ turn: 2, text: 'реплика 2' }], deductions: [{ code: 'needs.few_questions', points: 3, reason: 'Мало вопросов о ситуации клиента', turn: 4 }], span: { from: 2, to: 5 } },
      { stage: 'closing', score: 6, evidence: [{ turn: 10, text: 'реплика 10' }], deductions: [] },
    ],
    ...patch,
  };
}

const texts = (picked: Turn[]) => picked.map((t) => t.text);

test('an outcome correction keeps the end of the call and the client words the verdict was read from', () => {
  const picked = correctionContext(turns, analysis(), { kind: 'outcome', outcome: 'success', comment: 'нет' });
  assert.deepEqual(texts(picked), ['реплика 3', 'реплика 9', 'реплика 10', 'реплика 11']);
  assert.deepEqual(Object.keys(picked[0]!).sort(), ['speaker', 'text'], 'timings are not part of the meaning');
});

test('a stage score correction keeps the stage span, or its evidence when the span is unknown', () => {
  assert.deepEqual(texts(correctionContext(turns, analysis(), { kind: 'stage_score', stage: 'needs', score: 8, comment: 'нет' })), ['реплика 2', 'реплика 3', 'реплика 4', 'реплика 5']);
  assert.deepEqual(texts(correctionContext(turns, analysis(), { kind: 'stage_score', stage: 'closing', score: 8, comment: 'нет' })), ['реплика 10']);
});

test('a deduction correction keeps the turn the points were taken for and its neighbours, found by code or words', () => {
  const byCode = correctionContext(turns, analysis(), { kind: 'deduction', target: 'needs.few_questions', comment: 'нет' });
  assert.deepEqual(texts(byCode), ['реплика 3', 'реплика 4', 'реплика 5']);
  const byWords = correctionContext(turns, analysis(), { kind: 'deduction', target: 'мало вопросов', comment: 'нет' });
  assert.deepEqual(texts(byWords), texts(byCode));
  const unknown = correctionContext(turns, analysis(), { kind: 'deduction', target: 'нет такого', comment: 'нет' });
  assert.deepEqual(texts(unknown), ['реплика 9', 'реплика 10', 'реплика 11']);
});

test('a short call gives what it has', () => {
  assert.deepEqual(texts(correctionContext(turns.slice(0, 2), analysis({ loss: null }), { kind: 'outcome', outcome: 'lost', comment: 'нет' })), ['реплика 0', 'реплика 1']);
  assert.deepEqual(correctionContext([], analysis(), { kind: 'outcome', outcome: 'lost', comment: 'нет' }), []);
});
