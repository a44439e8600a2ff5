import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';
import { analyzeCall } from './builtin-engine.ts';

/** "M: …" / "C: …" lines → turns */
function turns(...lines: string[]): Turn[] {
  return lines.map((l) => ({ speaker: l.startsWith('M:') ? 'manager' : 'client', text: l.slice(2).trim() }));
}

const analyse = (t: Turn[]) => analyzeCall({ transcript: { language: 'ru', turns: t }, knowledge: emptyKnowledge('sad', 'Зелёный Сад', 'ru') });
const scoreOf = (t: Turn[], stage: string) => analyse(t).stages.find((s) => s.stage === stage);

const OPENING = ['M: Добрый день, меня зовут Ирина, питомник Зелёный Сад. Вам удобно сейчас говорить?', 'C: Да, слушаю.',
  'M: Расскажите, какой у вас участок и что хотите посадить?', 'C: Шесть соток, хотим яблони и живую изгородь вдоль забора.',
  'M: А почва какая и когда планируете посадку?', 'C: Глина, сажать хотим осенью.',
  'M: Для глины подойдут наши саженцы в контейнерах, они приживаются лучше, доставим и посадим сами, даём гарантию приживаемости на год.'];

void test('pushback on the pitch that the client comes round from is not held against the presentation', () => {
  const recovered = turns(...OPENING, 'C: Непонятно, а если не приживутся?',
    'M: Тогда заменим саженец бесплатно весной, это записано в договоре.',
    'C: Хорошо, договорились.', 'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?',
    'C: В субботу в десять подходит.', 'M: Записала: суббота, десять утра.');
  const presentation = scoreOf(recovered, 'presentation');
  assert.ok(presentation, 'the pitch was scored');
  assert.ok(!presentation.deductions.some((x) => x.code === 'presentation.client_pushback'), JSON.stringify(presentation.deductions));
});

void test('pushback on the pitch that the client never comes back from costs the presentation', () => {
  const lost = turns(...OPENING, 'C: Непонятно, а если не приживутся?',
    'M: Ну приживутся, не переживайте.', 'C: Нет, не надо, спасибо.', 'M: Ладно, до свидания.');
  const presentation = scoreOf(lost, 'presentation');
  assert.ok(presentation?.deductions.some((x) => x.code === 'presentation.client_pushback'), JSON.stringify(presentation?.deductions));
});

void test('a presentation the client had to pull out by questions is a weak presentation', () => {
  const t = turns('M: Алло, Зелёный Сад, слушаю.', 'C: Здравствуйте, мне нужны саженцы смородины.', 'M: Так.',
    'C: А какие сорта есть?', 'M: Чёрная и красная.', 'C: А сколько стоит куст?', 'M: Четыреста.',
    'C: Хорошо, можно забрать в субботу в одиннадцать?', 'M: Можно, приезжайте в субботу в одиннадцать.', 'C: Договорились, спасибо.');
  const a = analyse(t);
  const presentation = a.stages.find((s) => s.stage === 'presentation');
  assert.ok(presentation, 'the answers about the offer are judged as the presentation');
  assert.ok(presentation.deductions.some((x) => x.code === 'presentation.client_led'));
  assert.ok(a.weakStages.includes('presentation'));
});

void test('a concern raised as the stall at the close of a lost call is the closing\'s failure, not an objection stage', () => {
  const t = turns(...OPENING, 'C: Звучит хорошо, давайте.', 'M: Предлагаю приехать в четверг в десять или в пятницу в четыре.',
    'C: Ой, а это же дорого выйдет, мне надо с женой обсудить, я сама вам позвоню.', 'M: Да, конечно, обсудите.',
    'C: Да, я тогда наберу.', 'M: Хорошо, ждём звонка, всего доброго.');
  const a = analyse(t);
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'closing');
  assert.ok(!a.stages.some((s) => s.stage === 'objections'), JSON.stringify(a.stages.map((s) => s.stage)));
  assert.ok(a.weakStages.includes('closing'));
});

void test('a client lost at the presentation marks the needs discovery down: what mattered was not found out', () => {
  const start = ['M: Добрый день, меня зовут Ирина, питомник Зелёный Сад. Вам удобно сейчас говорить?', 'C: Да, слушаю.',
    'M: Расскажите, какой у вас участок и что хотите посадить?', 'C: Шесть соток, хотим что-нибудь посадить вдоль забора.',
    'M: А почва какая?', 'C: Глина.'];
  const pitch = 'M: Тогда берите наши высокие ели, три метра, посадим за день, красиво будет круглый год, цена хорошая.';
  const lost = analyse(turns(...start, pitch, 'C: Нет, ели нам не нужны, нам нужны ягодные кусты. Спасибо, не надо.', 'M: Ну ладно, до свидания.'));
  assert.equal(lost.loss?.stage, 'presentation');
  const needs = lost.stages.find((s) => s.stage === 'needs');
  assert.ok(needs?.deductions.some((x) => x.code === 'needs.missed_need'), JSON.stringify(needs?.deductions));
});

void test('doubts voiced as questions after the offer and answered in a successful call are judged as objection handling', () => {
  const t = turns(...OPENING, 'C: А гарантия на них какая?', 'M: Заменим саженец весной бесплатно, это прописано в договоре.',
    'C: А оплата сразу вся или частями?', 'M: Половина при заказе, половина после посадки.',
    'C: Понятно, хорошо.', 'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?',
    'C: В субботу в десять подходит.', 'M: Записала: суббота, десять утра.');
  const a = analyse(t);
  assert.equal(a.outcome, 'success');
  const objections = a.stages.find((s) => s.stage === 'objections');
  assert.ok(objections, JSON.stringify(a.stages.map((s) => s.stage)));
  assert.ok(objections.score >= 8);
});

void test('short questions that arrange the agreed next step are not needs discovery', () => {
  const start = ['M: Добрый день, меня зовут Ирина, питомник Зелёный Сад. Вам удобно сейчас говорить?', 'C: Да, хотела заказать саженцы.',
    'M: Какие?', 'C: Яблони, три штуки.',
    'M: Хорошо, у нас есть зимостойкие сорта в контейнерах, привезём и посадим сами, это две тысячи за дерево с посадкой.',
    'C: Отлично, давайте.', 'M: Можем приехать в субботу в десять или в воскресенье в двенадцать?', 'C: В субботу в десять.'];
  const arranging = ['M: Адрес какой?', 'C: Садовая, пять.', 'M: Какой подъезд?', 'C: Это частный дом.', 'M: Телефон этот же?', 'C: Да.',
    'M: Записала: суббота, десять утра, Садовая, пять.'];
  const a = analyse(turns(...start, ...arranging));
  assert.equal(a.outcome, 'success');
  const needs = a.stages.find((s) => s.stage === 'needs');
  assert.ok(needs?.deductions.some((x) => x.code === 'needs.few_questions'), JSON.stringify(needs?.deductions));
});

void test('an offer described at length inside the closing proposal is judged as the presentation', () => {
  const t = turns('M: Добрый день, меня зовут Ирина, питомник Зелёный Сад. Вам удобно сейчас говорить?', 'C: Да, слушаю.',
    'M: Расскажите, какой у вас участок и что хотите посадить?', 'C: Шесть соток, хотим яблони вдоль забора.',
    'M: А почва какая и когда планируете посадку?', 'C: Глина, сажать хотим осенью.',
    'M: Понятно. Давайте так: в субботу в десять к вам приедет наш агроном Пётр, он двадцать лет сажает сады в этом районе, сам осмотрит участок и всё посадит.',
    'C: Хорошо, в субботу в десять подходит.', 'M: Записала: суббота, десять утра.', 'C: Спасибо, до свидания.');
  const a = analyse(t);
  assert.equal(a.outcome, 'success');
  const presentation = a.stages.find((s) => s.stage === 'presentation');
  assert.ok(presentation && presentation.score >= 7, JSON.stringify(a.stages.map((s) => [s.stage, s.score])));
});

void test('a busy client given a call-back is not marked down for a short discovery', () => {
  const t = turns('M: Добрый день, меня зовут Ирина, питомник Зелёный Сад. Вам удобно сейчас говорить?',
    'C: Ой, я сейчас за рулём, совсем не могу говорить.', 'M: Понимаю, давайте я перезвоню вечером, в семь или в восемь?',
    'C: Давайте в семь.', 'M: Хорошо, в семь наберу, всего доброго.', 'C: До свидания.');
  const a = analyse(t);
  assert.equal(a.outcome, 'success');
  const needs = a.stages.find((s) => s.stage === 'needs');
  assert.ok(!needs || needs.score >= 6, JSON.stringify(needs));
  assert.ok(!a.weakStages.includes('needs'));
});

void test('a bare "hello?" opening is weak but not zero: the missing steps of one opening overlap', () => {
  const t = turns('M: Алло.', 'C: Здравствуйте, это питомник? Мне нужны саженцы яблони.', 'M: Да. Расскажите, какой у вас участок и какая почва?',
    'C: Шесть соток, глина.', 'M: Тогда подойдут наши зимостойкие сорта в контейнерах, привезём и посадим сами, с гарантией на год.',
    'C: Хорошо.', 'M: Можем приехать в субботу в десять или в воскресенье в двенадцать?', 'C: В субботу в десять.', 'M: Записала: суббота, десять утра.');
  const a = analyse(t);
  const greeting = a.stages.find((s) => s.stage === 'greeting');
  assert.ok(greeting && greeting.score >= 3 && greeting.score <= 5, JSON.stringify(greeting));
  assert.ok(a.weakStages.includes('greeting'));
});

void test('a proposal of a next step turned down in a call lost at an objection is a failed closing', () => {
  const t = turns(...OPENING, 'C: Дорого это всё для нас.', 'M: Ну так все платят.',
    'M: Давайте приедем в субботу в десять и посмотрим участок?', 'C: Нет, не надо, дорого. До свидания.');
  const a = analyse(t);
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'objections');
  assert.ok(a.stages.some((s) => s.stage === 'closing'), JSON.stringify(a.stages.map((s) => s.stage)));
  assert.ok(a.weakStages.includes('closing'));
});

void test('a manager who answers with the company and a name not in any list of names has said their name', () => {
  const rest = ['C: Здравствуйте, мне нужны саженцы смородины на дачу.', 'M: Какой у вас участок и сколько кустов хотите?',
    'C: Шесть соток, кустов десять.', 'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?', 'C: В субботу в десять.'];
  for (const opening of ['M: «Зелёный Сад», Велимира, здравствуйте!', 'M: зелёный сад велимира слушаю', 'M: Добрый день, это Велимира, «Зелёный Сад».']) {
    const greeting = scoreOf(turns(opening, ...rest), 'greeting');
    assert.ok(greeting && !greeting.deductions.some((x) => x.code === 'greeting.no_name'), `${opening}: ${JSON.stringify(greeting?.deductions)}`);
  }
  // the client's name asked back ("Велимира?") and a bare "Алло, «Зелёный Сад»" do not name the manager
  for (const opening of ['M: Велимира? Добрый день, «Зелёный Сад».', 'M: Алло, «Зелёный Сад», слушаю.']) {
    const greeting = scoreOf(turns(opening, ...rest), 'greeting');
    assert.ok(greeting?.deductions.some((x) => x.code === 'greeting.no_name'), `${opening}: ${JSON.stringify(greeting?.deductions)}`);
  }
});

void test('a client who asks on about the doubt after the first answer is still in the objection: the second answer handles it too', () => {
  const t = turns(...OPENING, 'C: Дорого у вас, в соседнем питомнике дешевле.',
    'M: Понимаю. Зато у нас саженцы с гарантией приживаемости, а там без неё.',
    'C: А если всё равно погибнут, что тогда?',
    'M: Заменим бесплатно весной, это записано в договоре.',
    'C: Хорошо, убедили.', 'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?',
    'C: В субботу в десять подходит.', 'M: Записала: суббота, десять утра.');
  const secondAnswer = OPENING.length + 3;
  const a = analyse(t);
  const objections = a.stages.find((s) => s.stage === 'objections');
  const presentation = a.stages.find((s) => s.stage === 'presentation');
  assert.ok(objections?.span && objections.span.to >= secondAnswer, JSON.stringify(objections?.span));
  assert.ok(!presentation?.span || presentation.span.to < OPENING.length, JSON.stringify(presentation?.span));
});

void test('a hedge inside a long, worked-out closing proposal is not a vague closing; a hedged short answer is', () => {
  const close = (proposal: string) => scoreOf(turns(...OPENING, 'C: Хорошо, нам подходит.', proposal,
    'C: В субботу в десять подходит.', 'M: Записала: суббота, десять утра.'), 'closing');
  const long = close('M: Давайте приедем в субботу в десять или в воскресенье в двенадцать: агроном осмотрит участок, наверное, сразу подберёт сорта под глину и привезёт саженцы с собой.');
  assert.ok(long && !long.deductions.some((x) => x.code === 'closing.client_led'), JSON.stringify(long?.deductions));
  const short = close('M: Ну давайте в субботу в десять, наверное.');
  assert.ok(short?.deductions.some((x) => x.code === 'closing.client_led'), JSON.stringify(short?.deductions));
});

void test('a company with a hyphenated name is named by its first part', () => {
  const call = turns('M: Добрый день, меня зовут Ирина, питомник «Садовод». Вам удобно сейчас говорить?', 'C: Да, слушаю.',
    'M: Какой у вас участок и что хотите посадить?', 'C: Шесть соток, яблони.',
    'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?', 'C: В субботу в десять.');
  const a = analyzeCall({ transcript: { language: 'ru', turns: call }, knowledge: emptyKnowledge('sad', 'Садовод-Подмосковье', 'ru') });
  const greeting = a.stages.find((s) => s.stage === 'greeting');
  assert.ok(greeting && !greeting.deductions.some((x) => x.code === 'greeting.no_company'), JSON.stringify(greeting?.deductions));
});

void test('a closing the client arranged by asking, with the manager only answering with times, is led by the client', () => {
  const closing = scoreOf(turns(...OPENING, 'C: Хорошо, беру. А когда можно приехать за ними, завтра можно?',
    'M: Можно, мы до семи.', 'C: Тогда я к десяти подъеду. Что с собой взять?', 'M: Ничего, только паспорт.',
    'C: А адрес какой?', 'M: Садовая, пять.', 'C: Ладно, до завтра.'), 'closing');
  assert.ok(closing?.deductions.some((x) => x.code === 'closing.client_led'), JSON.stringify(closing?.deductions));
});

void test('a short call that agrees on a call-back right after the greeting has its closing scored', () => {
  const a = analyse(turns('M: Добрый день, это Ирина, питомник Зелёный Сад. Вам удобно говорить?', 'C: Нет, я за рулём, давайте не сейчас.',
    'M: Конечно. Когда вам удобно, чтобы я перезвонила, завтра в десять?', 'C: Да, завтра в десять можно.',
    'M: Хорошо, завтра в десять позвоню на этот номер.', 'C: Только не звоните после обеда.',
    'M: Поняла, позвоню ровно в десять.', 'C: Спасибо.', 'M: Всего доброго.', 'C: До свидания.'));
  assert.equal(a.outcome, 'success');
  const closing = a.stages.find((s) => s.stage === 'closing');
  assert.ok(closing && closing.score >= 7, JSON.stringify(a.stages.map((s) => [s.stage, s.score])));
});

void test('an offer described in a long turn that ends with a question is a presentation too', () => {
  const a = analyse(turns('M: Добрый день, это Ирина, питомник Зелёный Сад. Вам удобно говорить?', 'C: Да, удобно.',
    'M: У вас уже есть сад?', 'C: Есть, но деревья старые.',
    'M: Понимаю. Мы можем приехать, осмотреть все старые деревья, вырезать больные ветки, подкормить почву под каждым деревом и посадить рядом молодые саженцы с гарантией приживаемости на год, как вам такой вариант?',
    'C: Звучит хорошо.', 'M: Давайте приедем в субботу в десять или в воскресенье в двенадцать?',
    'C: В субботу в десять.', 'M: Записала: суббота, десять утра.'));
  assert.ok(a.stages.some((s) => s.stage === 'presentation'), JSON.stringify(a.stages.map((s) => [s.stage, s.score])));
});

void test('a stage that took place scores at least 1, however much it lost', () => {
  const a = analyse(turns('M: Алло. Э-э, у нас акция, скидки только сегодня, берите.', 'C: Кто это вообще? Откуда у вас мой номер?',
    'M: Ну это, ну короче, акция.', 'C: Нет, не надо мне ничего, не звоните больше.'));
  const greeting = a.stages.find((s) => s.stage === 'greeting');
  assert.ok(greeting && greeting.deductions.reduce((s, x) => s + x.points, 0) > 9, JSON.stringify(greeting?.deductions));
  assert.equal(greeting.score, 1);
});
