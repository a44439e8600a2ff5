// Paraphrase probes in industries the evaluation sets do not cover (event venues, real estate,
// cosmetology, accounting outsourcing, wholesale, car rental, furniture, SaaS). Each applied probe
// carries the recommendation out in words that share almost none of its content words; each
// negative probe keeps the words and drops the substance, does a minor part, or does something
// else. Written for these tests, not taken from any dataset.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { checkFollowUp } from './followup-checker.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });
const check = (recommendation: string, turns: Turn[], language = 'ru') =>
  checkFollowUp({ recommendation, transcript: { language, turns }, knowledge: emptyKnowledge('probe', 'Проба', language) });

const VENUE = 'Клиентку оттолкнуло требование оплатить банкет целиком за месяц. Признайте, что условия прозвучали жёстко, и предложите забронировать зал с предоплатой 10%.';

void test('venue: acknowledging, holding the hall and a small advance, all in other words', () => {
  const v = check(VENUE, [
    m('Екатерина, добрый день, это Олеся, банкетный зал «Терраса». Вы правы, я тогда подала это как ультиматум — так не разговаривают.'),
    c('Да, было неприятно.'),
    m('Давайте иначе: я придержу за вами двенадцатое число, а сейчас вы вносите только десятую часть, остальное — за неделю до праздника.'),
    c('Так можно. Пришлите реквизиты.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('venue: the words "бронь" and "предоплата" without any proposal are not applied', () => {
  const v = check(VENUE, [
    m('Добрый день, «Терраса». У нас бронь только по предоплате, такие правила.'),
    c('Я помню.'),
    m('Ну, если надумаете — звоните.'),
    c('Хорошо.'),
  ]);
  assert.equal(v.applied, false, v.explanation);
});

void test('venue: only the acknowledgement, nothing offered, is not applied', () => {
  const v = check(VENUE, [
    m('Екатерина, добрый день, «Терраса». Понимаю, что тогда это прозвучало резко, вы правы.'),
    c('Ну да.'),
    m('Хорошо, всего доброго.'),
  ]);
  assert.equal(v.applied, false, v.explanation);
});

void test('real estate: a viewing with both spouses at two evening times, described not named', () => {
  const v = check('Клиент отложил решение до разговора с женой. Предложите показ квартиры, когда смогут прийти оба супруга, и назовите два вечерних времени.', [
    m('Артур, добрый день, агентство «Ключ». Давайте устроим просмотр в такой день, когда вы сможете приехать вдвоём, — чтобы ваша половина всё увидела сама.'),
    c('Она работает до шести.'),
    m('Тогда вторник после семи или четверг в полвосьмого?'),
    c('Четверг подойдёт.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('cosmetology: a painless procedure under anaesthesia explained in plain words', () => {
  const v = check('Клиентка боится боли. Перезвоните, признайте, что страх понятен, расскажите, что процедура проходит под местной анестезией и безболезненно, и запишите на конкретное время.', [
    m('Алина, здравствуйте, студия «Лотос». Вы говорили, что боитесь, — это совершенно нормально, так у многих.'),
    c('Да, я очень боюсь.'),
    m('Перед процедурой мы наносим обезболивающий крем, кожа немеет, и вы почувствуете разве что лёгкое покалывание, не больше.'),
    c('Ну, если так, то можно.'),
    m('Запишу вас на субботу в одиннадцать или на понедельник в шесть вечера?'),
    c('В субботу.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
  assert.ok(v.points.find((p) => p.point.includes('анестезией'))?.done, 'the numbing cream is the anaesthesia, the tingling is "painless"');
  assert.ok(v.points.find((p) => p.point.startsWith('признайте'))?.done, '"это совершенно нормально, так у многих" acknowledges the fear');
});

void test('accounting outsourcing: a dedicated specialist who gathers the paperwork, said in other words', () => {
  const v = check('Клиент боится проверок. Объясните, что персональный бухгалтер сам подготовит все документы для налоговой, и предложите встречу на конкретный день.', [
    m('Игорь, добрый день, «Баланс». За вашей фирмой закрепим отдельного специалиста: он сам соберёт все бумаги к проверке и ответит инспектору, вам ничего готовить не придётся.'),
    c('Это было бы хорошо.'),
    m('Давайте я подъеду к вам в среду в десять и всё покажу?'),
    c('Давайте.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('wholesale: a trial batch alongside the current supplier, never named as such', () => {
  const v = check('Клиент не хочет менять поставщика. Предложите пробную поставку параллельно с текущим поставщиком, не отказываясь от него.', [
    m('Сергей, добрый день, «Опт-Маркет». Менять никого не нужно: оставьте своих, а у нас возьмите одну партию на пробу — сравните сами.'),
    c('Одну партию можно.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('furniture: free delivery with carrying up, offered in other words', () => {
  const v = check('Клиента остановила стоимость доставки. Предложите бесплатную доставку с подъёмом на этаж.', [
    m('Ирина, здравствуйте, «Дом и Диван». Привезём сами, за наш счёт, и грузчики занесут прямо в квартиру.'),
    c('Отлично, тогда оформляем.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('fitness: an introductory visit with no purchase, proposed indirectly', () => {
  const v = check('Клиент не готов покупать абонемент. Предложите прийти на знакомство с тренером без покупки абонемента и назначьте конкретный день.', [
    m('Павел, добрый день, клуб «Пульс». Можно сначала просто прийти пообщаться с тренером — ничего покупать не нужно, посмотрите зал, зададите вопросы.'),
    c('Это можно.'),
    m('В среду в семь вечера удобно?'),
    c('Да.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('car rental: a booking and an advance only mentioned, with a stall, is not applied', () => {
  const v = check('Клиент ушёл на «дорого». Предложите забронировать автомобиль на выходные с предоплатой 20% и назначьте время выдачи.', [
    m('Добрый день, «Прокат-Юг». Бронь у нас с предоплатой, двадцать процентов.'),
    c('Я знаю.'),
    m('Ну вот, как решите — пишите, когда будет время.'),
  ]);
  assert.equal(v.applied, false, v.explanation);
});

void test('SaaS in English: acknowledging and holding a seat with a small deposit', () => {
  const v = check('The client felt pushed to pay the full year upfront. Acknowledge that the terms sounded rigid and offer to reserve the seats with a 10% deposit.', [
    m('Hi Dana, it is Chris from Orbit. You were right, I made the annual payment sound like the only option, and that was not fair.'),
    c('It did feel that way.'),
    m('Here is another way: I hold the ten seats for you now, you put down just a tenth today, and the rest waits until launch.'),
    c('That works for us.'),
  ], 'en');
  assert.equal(v.applied, true, v.explanation);
});

// The larger probe set (see its README): one test per follow-up, so a regression names the case.
const PROBES = new URL('../../../test/fixtures/followup-probes/followups.jsonl', import.meta.url);
const probeRows = readFileSync(PROBES, 'utf8').split('\n').filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { id: string; language: string; recommendation: string; turns: Turn[]; labels: { applied: boolean } });

for (const row of probeRows) {
  void test(`probe ${row.id} is ${row.labels.applied ? 'applied' : 'not applied'}`, () => {
    const v = check(row.recommendation, row.turns, row.language);
    assert.equal(v.applied, row.labels.applied, v.explanation);
  });
}
