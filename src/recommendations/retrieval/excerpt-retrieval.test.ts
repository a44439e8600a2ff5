import { test } from 'node:test';
import assert from 'node:assert/strict';
import { retrieveExcerpts, type CallForRetrieval } from './excerpt-retrieval.ts';
import { containsPhrasing, matchObjection, rejectedPhrasings, rulesFor } from './knowledge-retrieval.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });

const calls: CallForRetrieval[] = [
  { callId: 'ok-1', kind: 'successful_call', turns: [m('Добрый день.'), c('Нам сейчас некогда, перезвоните позже.'), m('Конечно, завтра в десять удобно?')] },
  { callId: 'ref-1', kind: 'reference_call', turns: [m('Здравствуйте.'), c('Цена кусается, честно говоря.'), m('Давайте посчитаем, сколько это в месяц, и разобьём платёж.'), c('Давайте.')] },
  { callId: 'ok-2', kind: 'successful_call', turns: [m('Алло.'), c('Мне надо с директором согласовать.'), m('Давайте встретимся втроём с директором в четверг.')] },
];

void test('finds the same objection said in other words and returns the manager\'s answer to it', () => {
  const [best] = retrieveExcerpts({ clientWords: ['Это для нас слишком дорого'], language: 'ru' }, calls);
  assert.equal(best?.callId, 'ref-1');
  assert.equal(best?.client.turn, 1);
  assert.match(best?.manager[0]?.text ?? '', /разобьём платёж/);
  assert.ok(best?.shared.includes('expensive'));
});

void test('a situation no call has met returns nothing rather than a random excerpt', () => {
  assert.deepEqual(retrieveExcerpts({ clientWords: ['У вас сайт не открывается на телефоне'], language: 'ru' }, calls), []);
});

void test('an excerpt whose answer is excluded (a rejected phrasing) is skipped', () => {
  const found = retrieveExcerpts({ clientWords: ['дорого'], language: 'ru' }, calls, { exclude: (t) => t.includes('разобьём') });
  assert.ok(!found.some((e) => e.callId === 'ref-1'));
});

void test('the company objection is matched by meaning and the rules of the stage come first', () => {
  const objections = [
    { id: 'boss', text: 'Надо согласовать с руководством', handling: 'Встреча с руководителем' },
    { id: 'price', text: 'Дорого', handling: 'Рассрочка' },
  ];
  assert.equal(matchObjection(['ну это не по карману нам'], objections, 'ru')?.objection.id, 'price');
  assert.equal(matchObjection(['мне надо с директором обсудить'], objections, 'ru')?.objection.id, 'boss');
  const rules = rulesFor('objections', [
    { stage: 'closing', text: 'две даты' }, { stage: 'objections', text: 'не спорить' }, { stage: null, text: 'вежливо' },
  ]);
  assert.deepEqual(rules.map((r) => r.text), ['не спорить', 'вежливо', 'две даты']);
});

void test('a rejected phrasing is recognised in another inflection, and only recommendation corrections count', () => {
  assert.ok(containsPhrasing('Предложите скидка в 10 % на первый месяц.', 'скидку 10%', 'ru'));
  assert.ok(!containsPhrasing('Предложите рассрочку на 10 месяцев.', 'скидку 10%', 'ru'));
  const knowledge = { ...emptyKnowledge('x'), corrections: [
    { id: 'a', kind: 'recommendation' as const, target: 'последнее предложение', comment: 'у нас так не говорят' },
    { id: 'b', kind: 'deduction' as const, target: 'needs.no_questions', comment: 'снято зря' },
  ] };
  assert.deepEqual(rejectedPhrasings(knowledge), ['последнее предложение']);
});
