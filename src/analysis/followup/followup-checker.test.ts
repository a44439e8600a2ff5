import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFollowUp, createBuiltinFollowUpChecker } from './followup-checker.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';

const knowledge = { ...emptyKnowledge('teplodom', 'ТеплоДом', 'ru') };
const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });
const check = (recommendation: string, turns: Turn[], language = 'ru') =>
  checkFollowUp({ recommendation, transcript: { language, turns }, knowledge: { ...knowledge, language } });

const REC = 'Клиент ушёл на возражении «дорого». Перезвоните, предложите рассрочку на 6 месяцев без переплаты и пригласите на бесплатный замер на конкретный день и время.';

void test('a paraphrase that carries the offer and a concrete visit counts as applied', () => {
  const v = check(REC, [
    m('Павел, здравствуйте, Анна, «ТеплоДом». Вы говорили, что сумма великовата. Есть минута?'),
    c('Да.'),
    m('Платить всё сразу не нужно: разобьём на шесть равных частей, и сверху вы не отдаёте ни рубля.'),
    c('Так уже интереснее.'),
    m('Давайте наш мастер приедет и всё измерит, это ничего не стоит. В четверг в десять или в субботу в двенадцать?'),
    c('В субботу в двенадцать.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
  assert.equal(v.clientAgreed, true);
  const offer = v.points.find((p) => p.point.includes('рассрочку'));
  assert.ok(offer?.done);
  assert.ok(offer.evidence.some((e) => e.turn === 2), 'the installment turn is quoted as evidence');
});

void test('repeating the keywords without proposing anything is not applied', () => {
  const v = check(REC, [
    m('Здравствуйте, «ТеплоДом». У нас есть рассрочка, и замер бесплатный.'),
    c('И что?'),
    m('Ну, если надумаете — позвоните, приедем как-нибудь.'),
    c('Ладно, подумаю.'),
  ]);
  assert.equal(v.applied, false);
  assert.equal(v.clientAgreed, false);
  assert.match(v.explanation, /не выполнена/);
});

void test('doing a minor part and skipping the main point is not applied', () => {
  const v = check('Перезвоните, извинитесь за резкость, затем предложите бесплатный пробный период на 14 дней и назначьте установку на конкретную дату.', [
    m('Добрый день, это Олег. Простите за прошлый разговор, я был резок.'),
    c('Бывает.'),
    m('Ну вот, хотел просто извиниться. Всего доброго.'),
  ]);
  assert.equal(v.applied, false);
  assert.ok(v.points.find((p) => p.point.startsWith('извинитесь'))?.done, 'the apology itself is seen');
});

void test('a full application still counts when the client refuses, and the refusal is reported', () => {
  const v = check(REC, [
    m('Павел, добрый день, Анна, «ТеплоДом». Можно оплачивать частями — шесть месяцев, без переплаты.'),
    c('Понятно.'),
    m('И приглашаю на бесплатный замер: мастер приедет в среду в девять утра или в пятницу в шесть вечера?'),
    c('Спасибо, но мы уже заказали у других. Не нужно.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
  assert.equal(v.clientAgreed, false);
  assert.match(v.explanation, /не согласился/);
});

void test('a call that does something else entirely is not applied', () => {
  const v = check(REC, [
    m('Здравствуйте! У нас новая коллекция дверей, скидка двадцать процентов до пятницы.'),
    c('Мне не нужны двери.'),
  ]);
  assert.equal(v.applied, false);
});

void test('an English recommendation is explained in English', async () => {
  const checker = createBuiltinFollowUpChecker();
  const v = await checker.check({
    recommendation: 'The client went silent after the quote. Call back, ask what held them back, and book a demo at a specific date and time.',
    transcript: { language: 'en', turns: [
      m('Hi Sam, it is Kate from Orbit. Last week I sent the quote — what made you hesitate?'),
      c('Mostly the setup effort.'),
      m('We handle the setup. Can we show you in a 20-minute demo on Thursday at 2pm?'),
      c('Thursday at 2 works.'),
    ] },
    knowledge: { ...emptyKnowledge('orbit', 'Orbit', 'en') },
  });
  assert.equal(v.applied, true, v.explanation);
  assert.match(v.explanation, /applied/);
  assert.equal(v.engine, 'builtin');
});

void test('a call with no manager turns cannot count as applied', () => {
  const v = check(REC, [c('Алло? Алло?')]);
  assert.equal(v.applied, false);
});

const EITHER = 'Клиент ушёл на «дорого». Предложите облегчённую версию за 40 000 ₽ или рассрочку на основной пакет.';

void test('an either-or offer is applied by carrying out either alternative', () => {
  const v = check(EITHER, [
    m('Ольга, добрый день, «ТеплоДом». Давайте так: берёте основной вариант, но платите равными долями по месяцам, без переплаты.'),
    c('Так можно.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('an either-or offer with neither alternative offered is not applied', () => {
  const v = check(EITHER, [
    m('Ольга, здравствуйте, «ТеплоДом». Основной пакет стоит столько, сколько стоит, дешевле не бывает.'),
    c('Тогда нет.'),
  ]);
  assert.equal(v.applied, false, v.explanation);
});

void test('the heart of an offer proposed with substance counts though its details are in other words', () => {
  const v = check('Клиент не верит, что техника выдержит их условия. Предложите поговорить с владельцем такой же машины из соседнего района.', [
    m('Геннадий, добрый день, «АгроТехника». У нас есть хозяйство под Ключами, у них третий сезон такая же машина. Их агроном готов с вами пообщаться, могу дать его номер.'),
    c('Давайте.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('a question put as a statement, about the point in other words, is asked', () => {
  const v = check('Клиент сомневался в поставщике. Перезвоните и спросите, что бы клиент хотел улучшить в нынешней работе подрядчика.', [
    m('сергей добрый день это ольга хотела узнать если бы можно было что-то поменять в том как вам сейчас убирают офис что бы это было'),
    c('ну окна моют редко'),
  ]);
  assert.equal(v.applied, true, v.explanation);
});

void test('a limit the recommendation names as ruled out is carried by the manager ruling it out too', () => {
  const rec = 'Клиент боится скрытых ограничений. Назовите честно, что два года нельзя руководить фирмой и что отсрочку платежей дать не сможем.';
  const v = check(rec, [
    m('Игорь, добрый день, Олег, «Правовед». По ограничениям скажу прямо.'),
    c('Слушаю.'),
    m('Два года после процедуры быть директором компании нельзя. И отсрочку по платежам мы, к сожалению, дать не можем.'),
    c('Понятно, спасибо за честность.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
  // an offer the recommendation affirms is still not carried by ruling it out
  const refused = check('Клиент ушёл на цене. Предложите отсрочку платежа на месяц.', [
    m('Игорь, добрый день, «Правовед». Отсрочку, к сожалению, дать не можем: оплата сразу.'),
    c('Жаль.'),
  ]);
  assert.equal(refused.applied, false, refused.explanation);
});

void test('a question the manager answers himself with a guess asks the client nothing', () => {
  const rec = 'Менеджер сразу назвал тариф. Перезвоните и сначала выясните, сколько грузовиков у клиента выходит в рейс за неделю.';
  const guessed = check(rec, [
    m('Семён, добрый день, «Логистика Плюс». Сколько у вас грузовиков выходит в рейс за неделю? Ну, наверняка штук десять, у вас же склад большой.'),
    c('Ну, примерно.'),
    m('Тогда вам тариф «Флот» подойдёт.'),
  ]);
  assert.equal(guessed.applied, false, guessed.explanation);
  const guessedAloud = check(rec, [
    m('семён добрый день логистика плюс сколько у вас грузовиков выходит в рейс за неделю ну наверняка штук десять склад же большой'),
    c('ну примерно'),
  ]);
  assert.equal(guessedAloud.applied, false, `unpunctuated speech: ${guessedAloud.explanation}`);
  const asked = check(rec, [
    m('Семён, добрый день, «Логистика Плюс». Сколько у вас грузовиков выходит в рейс за неделю?'),
    c('Двенадцать, иногда пятнадцать.'),
  ]);
  assert.equal(asked.applied, true, asked.explanation);
});

void test('the listed questions asked in the manager\'s own words, one per form, carry an ask point', () => {
  const rec = 'Менеджер сразу назвал породу щенка. Перезвоните и спросите, сколько человек в семье, был ли раньше питомец и что хозяевам важнее в характере собаки.';
  const asked = check(rec, [
    m('Тамара, добрый день, питомник «Верный друг», Лев. Есть минутка?'),
    c('Конечно.'),
    m('Вас дома сколько?'),
    c('Четверо, двое детей.'),
    m('А до этого кто-нибудь жил у вас — кошка, хомяк?'),
    c('Нет, первый.'),
    m('И чего вы ждёте от него — спокойного друга или спортсмена?'),
    c('Спокойного.'),
  ]);
  assert.equal(asked.applied, true, asked.explanation);
  // one of the three forms only is not the list
  const partly = check(rec, [
    m('Тамара, добрый день, питомник «Верный друг», Лев.'),
    c('Здравствуйте.'),
    m('Вас дома сколько?'),
    c('Четверо.'),
    m('Тогда берите лабрадора, точно подойдёт.'),
  ]);
  assert.equal(partly.applied, false, partly.explanation);
});

void test('a feeling brushed aside is the opposite of acknowledging it, even when the rest is done', () => {
  const rec = 'Клиентка боится, что ремонт затянется. Признайте, что тревога понятна, расскажите о штрафе за каждый день задержки и предложите подписать договор с графиком работ.';
  const turns = (first: string): Turn[] => [
    m(`Ольга, добрый день, «Прораб», Кирилл. ${first} За каждый день задержки мы платим вам штраф, это в договоре прописано.`),
    c('Ну, посмотрим.'),
    m('Давайте подпишем договор с графиком работ по неделям — я привезу его в четверг в десять.'),
    c('Хорошо.'),
  ];
  const brushed = check(rec, turns('Да не накручивайте себя, у нас всё всегда вовремя.'));
  assert.equal(brushed.applied, false, brushed.explanation);
  const acknowledged = check(rec, turns('Понимаю, тревожно — у всех так бывает, когда ремонт впереди.'));
  assert.equal(acknowledged.applied, true, acknowledged.explanation);
});

void test('unpunctuated speech asks when a question is announced and then put, or closed by a question tag', () => {
  const rec = 'Клиент сказал, что справляется сам. Не спорьте: спросите, какой участок работы отнимает больше всего времени.';
  const announced = check(rec, [
    m('алло глеб добрый день это студия порядок вера можно один вопрос что у вас в хозяйстве сейчас больше всего хлопот'),
    c('ну бумаги наверное'),
  ]);
  assert.equal(announced.applied, true, announced.explanation);
  const tagged = check(rec, [
    m('алло глеб это вера если бы одну самую тяжёлую заботу по хозяйству можно было отдать что бы это было'),
    c('бумаги'),
  ]);
  assert.equal(tagged.applied, true, tagged.explanation);
  const told = check(rec, [
    m('алло глеб это вера у меня есть один вопрос по счёту пришлю его письмом'),
    c('ладно'),
  ]);
  assert.equal(told.applied, false, told.explanation);
});

const LEASE = 'Клиент ушёл на цене аренды. Перезвоните и предложите оплату аренды помесячно вместо годового платежа.';
const leaseCall = (text: string) => check(LEASE, [m(`Ирина, добрый день, «Квадрат». ${text}`), c('Не знаю пока.')]);

void test('an offer put as a supposition is an offer, with or without punctuation', () => {
  assert.equal(leaseCall('А если вносить аренду помесячно, а не за год вперёд — так будет проще?').applied, true);
  assert.equal(check(LEASE, [m('ирина добрый день квадрат а если вносить аренду помесячно а не за год так проще будет'), c('не знаю')]).applied, true);
});

void test('an offer put off ("потом пришлю"), taken back ("но нет") or refused for another one is not made', () => {
  assert.equal(leaseCall('По помесячной оплате аренды потом пришлю условия.').applied, false, 'deferred');
  assert.equal(leaseCall('Можно было бы платить аренду помесячно, но нет, для вашего метража так не выйдет.').applied, false, 'withdrawn');
  assert.equal(leaseCall('Помесячную оплату аренды мы не предлагаем, давайте лучше скидку за год.').applied, false, 'refused for another offer');
});

const GYM = 'Клиенту дорого. Перезвоните и предложите бесплатную пробную тренировку вместо покупки карты.';
const gymCall = (text: string) => check(GYM, [m(`Глеб, добрый день, клуб «Атлет». ${text}`), c('Хм.')]);

void test('a suggestion put as "может, …?" offers a session to try', () => {
  assert.equal(gymCall('Может, для начала заглянете к нам на одну тренировку без оплаты и посмотрите, понравится ли?').applied, true);
});

void test('an offer the manager answers away with a guess ("хотя вам, наверное, …") is taken back', () => {
  assert.equal(gymCall('Хотите бесплатную пробную тренировку? Хотя вам, наверное, уже некогда, ну ладно.').applied, false);
});

void test('the recommended offer named and then set aside for another one "лучше" is not made', () => {
  assert.equal(gymCall('Пробные тренировки у нас бывают, но давайте лучше я вам карту на год со скидкой оформлю.').applied, false);
  assert.equal(gymCall('Карту со скидкой не дам, давайте лучше бесплатную пробную тренировку в субботу в десять.').applied, true, 'the recommended offer after "лучше" is made');
});

const INTRO_REC = 'Клиентка решила, что звонят мошенники. Перезвоните, начните с имени и названия компании и извинитесь за неудачное начало.';

void test('"начните с имени и названия компании" is carried out by the introduction itself, in any words', () => {
  const v = check(INTRO_REC, [
    m('Добрый день. Меня зовут Денис, я из компании «ТеплоДом». Вчера наш звонок прозвучал как звонок мошенников, простите нас, пожалуйста.'),
    c('Да уж, я тогда перепугалась.'),
  ]);
  const intro = v.points.find((p) => p.point.includes('имени'));
  assert.ok(intro?.done, v.explanation);
  assert.equal(v.applied, true, v.explanation);
});

void test('a call that opens without the manager\'s name does not carry out "начните с имени"', () => {
  const v = check(INTRO_REC, [
    m('Добрый день, компания «ТеплоДом». Вчера наш звонок прозвучал как звонок мошенников, простите нас, пожалуйста.'),
    c('Да уж, я тогда перепугалась.'),
  ]);
  assert.equal(v.points.find((p) => p.point.includes('имени'))?.done, false, v.explanation);
});

void test('leaving the choice to the client ("если вам неудобно — скажите") asks whether it is convenient', () => {
  const rec = 'Перезвоните и спросите, удобно ли клиенту сейчас разговаривать.';
  const asked = check(rec, [m('Анна, «ТеплоДом». Если вам сейчас неудобно разговаривать — скажите, я наберу позже.'), c('Нет, удобно.')]);
  assert.ok(asked.points.find((p) => p.point.includes('удобно'))?.done, asked.explanation);
  const told = check(rec, [m('Анна, «ТеплоДом». Я сейчас расскажу про наши окна, разговаривать будем недолго.'), c('Ну.')]);
  assert.equal(told.points.find((p) => p.point.includes('удобно'))?.done, false, told.explanation);
});
