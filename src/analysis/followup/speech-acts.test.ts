import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProposal, isVague } from './speech-acts.ts';

void test('a polite condition before a concrete proposal is an offer, not a stall', () => {
  assert.ok(!isVague('Если захотите сравнить — можно прийти к нам на пробный день в следующий вторник.'));
  assert.ok(!isVague('Если захотите когда-нибудь сравнить — у нас есть пробная неделя: могли бы взять второй этаж с понедельника, десятого.'));
  assert.ok(!isVague('если захотите попробовать можно полчаса в субботу в три'), 'unpunctuated speech: the condition ends where the proposal begins');
  // the next move handed back to the client stays a stall
  assert.ok(isVague('Если надумаете — позвоните.'));
  assert.ok(isVague('Если захотите — приходите как-нибудь.'));
  assert.ok(isVague('Если надумаете — звоните, подберём как-нибудь дату.'));
  assert.ok(isVague('Если захотите сравнить — у нас есть пробная неделя.'), 'an option named with no day to say yes to');
  assert.ok(!isVague('Когда вам удобно — в субботу, двадцатого?'));
  assert.ok(isVague('Приходите, когда вам удобно.'));
});

void test('an option put against the client\'s need, a plan and "могли бы" are proposals; a mention is not', () => {
  assert.ok(isProposal('А если нужна цена ниже — есть эконом-модель за тысячу девятьсот.', 'ru'));
  assert.ok(isProposal('Давайте так: бригада приедет ещё раз.', 'ru'));
  assert.ok(isProposal('Мы могли бы взять один этаж на месяц.', 'ru'));
  assert.ok(isProposal('А что если сначала сделать маленький рисунок?', 'ru'));
  assert.ok(isProposal('Монтажники могут зайти к вам во вторник, двенадцатого.', 'ru'), 'someone able to come on a named day');
  assert.ok(isProposal('На ваши даты свободен соседний домик, и я отдам его на десятую часть дешевле.', 'ru'), 'a first-person commitment');
  assert.ok(isProposal('Чтобы его никто не занял, достаточно внести пятую часть.', 'ru'));
  assert.ok(!isProposal('У нас есть модель подешевле.', 'ru'));
  assert.ok(!isProposal('Монтажники у нас опытные.', 'ru'));
});

void test('an option hedged with a contentless "если что" is a mention, not an offer', () => {
  assert.ok(isVague('Прочитайте, прикиньте, и если что — набирайте, я в офисе до шести.'));
  assert.ok(isVague('Абонемент на полгода тоже бывает, если что, можно с понедельника.'));
  assert.ok(!isVague('Если что-то смутит — давайте в пятницу в два созвонимся.'), '"если что-то" opens a real condition');
});

void test('a greeting is not an imperative that proposes something', () => {
  assert.ok(!isProposal('Олег, здравствуйте, это Вера. Ваш прежний тариф мы оставили за вами до конца года.', 'ru'));
  assert.ok(isProposal('Вера, здравствуйте. Привезём сами и занесём на третий этаж.', 'ru'), 'a first-person plural promise still is');
});

void test('two slots to choose from are a proposal even without a question mark', () => {
  assert.ok(isProposal('значит во вторник в девять или в четверг после обеда часа в три', 'ru'));
  assert.ok(!isProposal('Во вторник в девять у нас планёрка.', 'ru'), 'one time stated is no choice offered');
});

void test('unpunctuated speech: an option put against the need, and "вас устроит", are proposals', () => {
  assert.ok(isProposal('если нужно быстрее есть экспресс-доставка курьером за триста', 'ru'));
  assert.ok(isProposal('в субботу к девяти утра вас устроит', 'ru'));
  assert.ok(!isProposal('если нужно было быстрее надо было раньше писать', 'ru'), 'a reproach is no option');
});

void test('a joint step with a concrete time proposes it, with or without a question mark', () => {
  assert.ok(isProposal('первый выезд за наш счёт опробуем в среду в полдень', 'ru'));
  assert.ok(isProposal('Тогда увидимся в субботу в одиннадцать.', 'ru'));
  assert.ok(!isProposal('Мы обычно работаем с девяти.', 'ru'), 'a routine with an hour is no step');
});
