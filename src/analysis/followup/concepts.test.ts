import { test } from 'node:test';
import assert from 'node:assert/strict';
import { affirmedConceptIds, conceptIds } from './concepts.ts';

void test('a concept ruled out near its words is not affirmed, wherever the commas fall', () => {
  assert.ok(!affirmedConceptIds('Быстрее не получится.').has('speed'));
  assert.ok(!affirmedConceptIds('Бесплатно, к сожалению, не можем.').has('free'));
  // the marker reaches its own clause onwards, not the next one
  assert.ok(affirmedConceptIds('Рассрочку мы не даём, но доставка бесплатная.').has('free'));
});

void test('in unpunctuated speech a "никак" far back does not rule out what follows', () => {
  const turn = 'тогда тот слот никак а если в четверг в шесть это первое занятие которое ничего не стоит';
  assert.ok(affirmedConceptIds(turn).has('free'));
});

void test('a pair of cues in one clause expresses a concept however far apart the words are', () => {
  assert.ok(conceptIds('Денег за уход в первый сезон мы не возьмём.').has('free'));
  assert.ok(!conceptIds('Денег на это у нас нет, а вот с уходом поможем.').has('free'));
});

void test('a likeness is not the same terms; the same price is', () => {
  assert.ok(!conceptIds('Фото стрижки с такой же породой').has('same_terms'));
  assert.ok(conceptIds('Цифра та же, я её уже пересчитал').has('same_terms'));
});

void test('"к сожалению" is no apology, "с доплатой" is a surcharge and not "nothing extra"', () => {
  assert.ok(!conceptIds('К сожалению, сегодня не получится.').has('apology'));
  assert.ok(conceptIds('Сожалею, что так вышло.').has('apology'));
  const surcharge = conceptIds('Сделаем за два дня с доплатой тридцать процентов.');
  assert.ok(surcharge.has('surcharge') && !surcharge.has('included'));
  assert.ok(conceptIds('Никаких доплат не будет.').has('included'));
});

void test('a comma before "как/что" does not cut a phrase: "посмотрите, как мы работаем" is a trial', () => {
  assert.ok(conceptIds('Давайте сначала вы посмотрите, как мы работаем.').has('trial'));
});

void test('a possessive alone is no purchase; a one-to-one session and a visit to the client\'s door are', () => {
  assert.ok(!conceptIds('Занятие на своей площадке').has('own_purchase'));
  assert.ok(conceptIds('Инструктор поработает с ним один на один').has('one_on_one'));
  assert.ok(conceptIds('Можно прямо у вашего подъезда').has('at_your_place'));
});

void test('paying in equal parts is split payment whatever the noun', () => {
  assert.ok(conceptIds('А платить можно не сразу — десятью равными взносами.').has('installments'));
});

void test('"the old one works until the new one is on" is no downtime, said either way', () => {
  assert.ok(conceptIds('Старый котёл работает до подключения нового.').has('downtime'));
  assert.ok(conceptIds('Холодно не будет ни часа.').has('downtime'));
});

void test('when the client is free, a smaller price by a share, and parting with no penalty are said in many ways', () => {
  assert.ok(conceptIds('А когда у вас в течение дня бывает окно?').has('availability'));
  assert.ok(conceptIds('Первый месяц вы платите на пятую часть меньше.').has('discount'));
  assert.ok(conceptIds('Не понравится — просто расстаёмся, никаких неустоек.').has('flexible_terms'));
});

void test('asking what sum the client counts on asks about the budget', () => {
  assert.ok(conceptIds('А на какую сумму вы ориентировались за всю поездку?').has('budget'));
  assert.ok(conceptIds('какую сумму вы рассчитываете потратить на ремонт').has('budget'));
});

void test('paying "не разом" is paying in instalments', () => {
  assert.ok(conceptIds('Сорок тысяч не платятся разом: восемь месяцев по пять.').has('installments'));
  assert.ok(conceptIds('можно внести не одной суммой а по кусочку').has('installments'));
});

void test('another person sent in place of the usual one is a replacement', () => {
  assert.ok(conceptIds('Если ваш садовник в отпуске, пришлём другого специалиста на следующий день.').has('replacement'));
  assert.ok(conceptIds('если повар заболеет утром на месте другой уже к обеду').has('replacement'));
  assert.ok(conceptIds('Нашего охранника подменит напарник.').has('replacement'));
});

void test('in unpunctuated speech a "не" that negates its own verb does not rule out what the next clause offers', () => {
  assert.ok(affirmedConceptIds('вы не пожалеете можем бесплатно привезти образцы').has('free'));
  assert.ok(!affirmedConceptIds('бесплатно мы к сожалению не всегда можем').has('free'), 'a real "не можем" still rules it out');
});

void test('"так нельзя" points back at what was said and rules out nothing that follows', () => {
  assert.ok(affirmedConceptIds('я тогда нагрубил так нельзя было давайте бесплатно переделаем').has('free'));
  assert.ok(!affirmedConceptIds('нельзя бесплатно переделать').has('free'), 'a plain "нельзя" still rules out what follows');
});

void test('asking what holds the client back asks about his concerns', () => {
  assert.ok(conceptIds('Скажите прямо, что вас пока держит?').has('concerns'));
  assert.ok(conceptIds('а что не даёт решиться окончательно').has('concerns'));
});

void test('in unpunctuated speech a "не получится" rules out only what its own clause names', () => {
  // the opener "давайте" starts a new clause: the instalments before it are offered, the speed after it ruled out
  const offered = affirmedConceptIds('оформим рассрочку на год давайте быстрее не получится');
  assert.ok(offered.has('installments'));
  assert.ok(!offered.has('speed'));
  assert.ok(affirmedConceptIds('доставка бесплатная кстати в субботу не работаем').has('delivery'));
  assert.ok(!affirmedConceptIds('рассрочку на год оформить не получится').has('installments'), 'one clause: still ruled out');
});

void test('coming together is read in either word order ("вместе приезжайте", "приезжайте вместе")', () => {
  assert.ok(conceptIds('Приезжайте вместе — пока он катается, я покажу вам договор.').has('joint_presence'));
  assert.ok(conceptIds('Вместе приезжайте, так проще.').has('joint_presence'));
  assert.ok(!conceptIds('Приезжайте в субботу к двенадцати.').has('joint_presence'));
});
