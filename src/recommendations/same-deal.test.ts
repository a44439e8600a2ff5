import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_SHARED_TOPIC_WORDS, sharedTopicWords, sharesTopic } from './same-deal.ts';
import { verdictPath } from './follow-up.service.ts';
import type { Turn } from '../domain/transcript.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });
const lost = [m('Добрый день, клиника «Улыбка». Полное лечение с коронкой — сорок восемь тысяч.'), c('Это слишком дорого для меня, лечение зубов не потяну.')];
const script = 'Давайте разобьём оплату лечения на двенадцать месяцев и начнём с зуба, который болит.';

void test('a call back about the same treatment shares its topic even with no recommendation applied', () => {
  const back = [m('Здравствуйте, «Улыбка». По лечению зубов: у нас рассрочка, оплату можно разбить.'), c('Подумаю.')];
  assert.ok(sharesTopic({ lostTurns: lost, recommendationScript: script, followUpTurns: back, language: 'ru', ignore: 'Улыбка' }));
});

void test('a client calling about something else, with the same greetings and company name, is another deal', () => {
  const other = [c('Здравствуйте, мне нужна справка для налогового вычета.'), m('Добрый день, клиника «Улыбка»! Пришлите ИНН на почту.')];
  assert.ok(sharedTopicWords({ lostTurns: lost, recommendationScript: script, followUpTurns: other, language: 'ru', ignore: 'Улыбка' }).length < MIN_SHARED_TOPIC_WORDS);
  assert.equal(sharesTopic({ lostTurns: lost, recommendationScript: script, followUpTurns: other, language: 'ru', ignore: 'Улыбка' }), false);
});

void test('the verdict walks the lifecycle from wherever the recommendation waited', () => {
  assert.deepEqual(verdictPath('called', true, true), ['verifying', 'applied', 'returned']);
  assert.deepEqual(verdictPath('open', false, false), ['called', 'verifying', 'not_applied']);
  assert.deepEqual(verdictPath('not_applied', true, false), ['called', 'verifying', 'applied']);
  assert.deepEqual(verdictPath('verifying', false, true), ['not_applied'], 'agreement without applying is not a return');
});
