// The outcome rules of the spec, each on a small call written for the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';
import { analyzeCall } from './builtin-engine.ts';

const k = emptyKnowledge('realty', 'Квадрат', 'ru');
const run = (...lines: string[]) => analyzeCall({
  knowledge: k,
  transcript: { language: 'ru', turns: lines.map((l): Turn => ({ speaker: l.startsWith('M:') ? 'manager' : 'client', text: l.slice(2).trim() })) },
});

const START = ['M: Добрый день, агентство Квадрат, меня зовут Ольга. Удобно говорить?', 'C: Да.',
  'M: Вы искали двухкомнатную квартиру. Какой район и бюджет рассматриваете?', 'C: Юго-запад, до десяти миллионов.',
  'M: Есть три варианта в вашем бюджете, все с проверенными документами, один в пяти минутах от метро.'];

void test('"пришлите на почту" with no agreed follow-up is lost at closing', () => {
  const a = run(...START, 'C: Пришлите подборку на почту, я посмотрю.', 'M: Хорошо, отправлю.', 'C: Спасибо.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'closing');
});

void test('the same request with a fixed call to discuss it is a success', () => {
  const a = run(...START, 'C: Пришлите подборку на почту, я посмотрю.',
    'M: Пришлю сегодня. Давайте созвонимся обсудить — завтра в семь вечера или в четверг в обед?', 'C: Завтра в семь нормально.',
    'M: Записала, завтра в девятнадцать ноль ноль позвоню.', 'C: Хорошо.');
  assert.equal(a.outcome, 'success');
  assert.ok(a.nextStep);
});

void test('an early "не актуально" turned into a viewing is a success', () => {
  const a = run('M: Добрый день, агентство Квадрат, Ольга. Удобно?', 'C: Нам уже не актуально, спасибо.',
    'M: Понимаю. Можно один вопрос — вы уже купили или отложили переезд?', 'C: Отложили, ничего подходящего не нашли.',
    'M: А что не подошло? У нас появились новые варианты, можно посмотреть в субботу в одиннадцать или в воскресенье в два.',
    'C: Ну давайте в субботу в одиннадцать посмотрим.', 'M: Записала, суббота, одиннадцать.', 'C: До субботы.');
  assert.equal(a.outcome, 'success');
});

void test('a client who agrees and then takes it back at the end is lost', () => {
  const a = run(...START, 'C: Давайте в субботу посмотрим.', 'M: Отлично, в субботу в двенадцать?',
    'C: Хотя нет, знаете, не надо, мы с мужем ещё не решили. Не звоните пока.', 'M: Хорошо.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.reason === 'refusal' || a.loss?.reason === 'unhandled_objection', true);
});

void test('a busy client who names a callback time is a success', () => {
  const a = run('M: Добрый день, агентство Квадрат, Ольга. Удобно?', 'C: Я за рулём, не могу говорить.',
    'M: Понимаю. Когда вам перезвонить, чтобы обсудить подборку квартир?', 'C: Завтра в десять утра.', 'M: Хорошо, завтра в десять.', 'C: Да, до свидания.');
  assert.equal(a.outcome, 'success');
  assert.ok(a.nextStep?.when);
});
