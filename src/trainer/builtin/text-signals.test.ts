import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conceptsOf, countOpenQuestions, findWhen, hasConcreteOffer, isQuestion } from './text-signals.ts';
import { judgeObjectionAnswer, offTopicKind } from './answer-judge.ts';

void test('open questions, also in unpunctuated recogniser text; closed ones do not count', () => {
  assert.equal(countOpenQuestions('Расскажите, как вы сейчас выбираете окна?', 'ru'), 1);
  assert.equal(countOpenQuestions('расскажите какие окна вы рассматриваете', 'ru'), 1);
  assert.equal(countOpenQuestions('Вам нужны окна?', 'ru'), 0);
  assert.equal(isQuestion('Вы получите скидку 10%.', 'ru'), false);
  assert.equal(countOpenQuestions('What does your team use today?', 'en'), 1);
});

void test('a concrete day and time are quoted with the manager\'s own preposition', () => {
  assert.deepEqual(findWhen('Давайте в четверг в 10:00 замер', 'ru'), { day: true, time: true, text: 'в четверг в 10:00' });
  assert.deepEqual(findWhen('завтра к десяти утра', 'ru'), { day: true, time: true, text: 'завтра к десяти' });
  assert.deepEqual(findWhen('Let us meet on Friday at 3pm', 'en'), { day: true, time: true, text: 'on Friday at 3pm' });
  assert.deepEqual(findWhen('экономия до 20% в год', 'ru'), { day: false, time: false });
});

void test('concepts join different words for one idea', () => {
  assert.ok(conceptsOf('Можно платить частями').has('installment'));
  assert.ok(conceptsOf('рассрочка на год').has('installment'));
  assert.ok(conceptsOf('We offer a refund').has('guarantee'));
  assert.equal(conceptsOf('Это верно').has('guarantee'), false);
  assert.equal(hasConcreteOffer('Поверьте, окна хорошие.'), false);
  assert.equal(hasConcreteOffer('Могу дать скидку 5%.'), true);
});

void test('objection answers are judged by meaning against the company handling', () => {
  const objection = { text: 'Дорого', handling: 'Уточнить, с чем сравнивает. Предложить рассрочку без переплаты; окна окупаются за счёт экономии на отоплении.' };
  assert.equal(judgeObjectionAnswer('Можно платить частями, без переплаты, и окна окупятся на отоплении.', objection, 'ru').verdict, 'addressed');
  assert.equal(judgeObjectionAnswer('Понимаю, что дорого, но это не дорого, поверьте.', objection, 'ru').verdict, 'evasive');
  assert.equal(judgeObjectionAnswer('А почему вы так считаете, с чем сравниваете?', objection, 'ru').verdict, 'addressed', 'the company handling starts with exactly this question');
  assert.equal(judgeObjectionAnswer('А почему вы так решили?', objection, 'ru').verdict, 'clarifying');
  assert.equal(judgeObjectionAnswer('Ну так что, берёте?', objection, 'ru').verdict, 'evasive');
  const noHandling = { text: 'Дорого', handling: '' };
  assert.equal(judgeObjectionAnswer('Можем дать рассрочку и гарантию возврата денег.', noHandling, 'ru').verdict, 'addressed');
  assert.equal(judgeObjectionAnswer('Цена нормальная.', noHandling, 'ru').verdict, 'evasive');
});

void test('personal and "are you a bot" questions are recognised, ordinary ones are not', () => {
  assert.equal(offTopicKind('Сколько вам лет?'), 'personal');
  assert.equal(offTopicKind('А вы бот?'), 'bot');
  assert.equal(offTopicKind('Я что, с роботом говорю?'), 'bot');
  assert.equal(offTopicKind('Are you a real person?'), 'bot');
  assert.equal(offTopicKind('Какую программу вы сейчас используете?'), null);
  assert.equal(offTopicKind('Вы машину на замер пришлёте?'), null);
});
