// What the follow-up validator keeps from a model's answer, and what it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Turn } from '../../domain/transcript.ts';
import { splitRecommendation } from '../followup/recommendation-points.ts';
import { answerToVerdict } from './llm-followup-answer.ts';
import { buildFollowUpPrompt } from './llm-followup-prompt.ts';
import type { LlmFollowUpAnswer } from './llm-followup-schema.ts';
import { InvalidLlmAnswerError } from './llm-structured-call.ts';

const REC = 'Клиент ушёл на «дорого». Перезвоните, предложите рассрочку на 6 месяцев и запишите на замер на конкретный день. Не давите на клиента.';
const points = splitRecommendation(REC, 'ru').filter((p) => p.kind !== 'callback');
const turns: Turn[] = [
  { speaker: 'manager', text: 'Павел, добрый день, «ТеплоДом». Платить всё сразу не нужно: разобьём на шесть равных частей.' },
  { speaker: 'client', text: 'Шесть частей — это уже интересно.' },
  { speaker: 'manager', text: 'Мастер приедет в четверг в десять или в субботу в двенадцать?' },
  { speaker: 'client', text: 'В субботу в двенадцать.' },
];

function answer(entries: LlmFollowUpAnswer['points'], rest: Partial<LlmFollowUpAnswer> = {}): LlmFollowUpAnswer {
  return { points: entries, clientAgreed: true, confidence: 1.4, ...rest };
}
const all = (overrides: Record<number, Partial<LlmFollowUpAnswer['points'][number]>> = {}): LlmFollowUpAnswer['points'] => [
  { point: 1, done: true, evidence: [{ turn: 0, quote: 'разобьём на шесть равных частей' }], reason: 'предложил рассрочку', ...overrides[1] },
  { point: 2, done: true, evidence: [{ turn: 2, quote: 'в четверг в десять или в субботу в двенадцать' }], reason: 'назвал два времени', ...overrides[2] },
  { point: 3, done: true, evidence: [], reason: 'не давил', ...overrides[3] },
];

void test('the points are the builtin splitter\'s, numbered for the model, with the call back left out', () => {
  assert.deepEqual(points.map((p) => p.kind), ['offer', 'schedule', 'avoid']);
  const prompt = buildFollowUpPrompt(REC, points, turns, 'ru');
  assert.match(prompt.user, /\(1\) предложите рассрочку/);
  assert.match(prompt.user, /\(3\) \[не делать\] Не давите/);
  assert.match(prompt.user, /\[2\] Менеджер: Мастер приедет/);
  assert.match(prompt.system, /СМЫСЛ, а не ключевые слова/);
  assert.match(buildFollowUpPrompt(REC, points, turns, 'en').system, /MEANING, not the keywords/);
});

void test('verified manager quotes make an applied verdict with the model\'s evidence; confidence is clamped', () => {
  const v = answerToVerdict(answer(all()), points, turns, 'ru');
  assert.equal(v.applied, true, v.explanation);
  assert.equal(v.engine, 'llm');
  assert.equal(v.confidence, 1);
  assert.deepEqual(v.points.map((p) => p.evidence.map((e) => e.turn)), [[0], [2], []]);
  assert.match(v.explanation, /Смысл рекомендации применён/);
  assert.deepEqual(v.warnings, []);
});

void test('a quote from a client turn does not show the manager did it: the point is counted not done', () => {
  const v = answerToVerdict(answer(all({ 1: { evidence: [{ turn: 1, quote: 'Шесть частей — это уже интересно' }] } })), points, turns, 'ru');
  assert.equal(v.applied, false, 'the main offer is no longer proven');
  assert.equal(v.points[0]?.done, false);
  assert.ok(v.warnings?.some((w) => /from client turns/.test(w)), (v.warnings ?? []).join('; '));
  assert.ok(v.warnings?.some((w) => /counted as not done/.test(w)));
  assert.match(v.explanation, /не привела слов менеджера/);
});

void test('an invented quote is dropped, a quote one turn off is moved to the turn that says it', () => {
  const v = answerToVerdict(answer(all({
    1: { evidence: [{ turn: 0, quote: 'скидка двадцать процентов' }, { turn: 3, quote: 'разобьём на шесть равных частей' }] },
  })), points, turns, 'ru');
  assert.equal(v.applied, true);
  assert.deepEqual(v.points[0]?.evidence.map((e) => e.turn), [0]);
  assert.ok(v.warnings?.some((w) => /dropped 1 evidence quote/.test(w)));
  assert.ok(v.warnings?.some((w) => /moved 1 evidence quote/.test(w)));
});

void test('an answer that skips a point is refused so the checker asks again; unknown and repeated points are ignored', () => {
  assert.throws(() => answerToVerdict(answer(all().slice(0, 2)), points, turns, 'ru'), InvalidLlmAnswerError);
  const v = answerToVerdict(answer([...all(), { point: 9, done: true, evidence: [], reason: '' }, { point: 1, done: false, evidence: [], reason: '' }]), points, turns, 'ru');
  assert.equal(v.points[0]?.done, true, 'the first answer for point 1 is kept');
  assert.ok(v.warnings?.some((w) => /point 9, which does not exist/.test(w)));
  assert.ok(v.warnings?.some((w) => /point 1 was answered twice/.test(w)));
});

void test('the model\'s "not done" keeps its reason; a violated warning decides the verdict', () => {
  const v = answerToVerdict(answer(all({ 3: { done: false, reason: 'менеджер давил: «решайте сегодня»' } }), { clientAgreed: false }), points, turns, 'ru');
  assert.equal(v.applied, false);
  assert.equal(v.clientAgreed, false);
  assert.match(v.explanation, /менеджер давил/);
});
