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

void test('a client who describes the problem in negative words and keeps answering is not lost at the opening', () => {
  // "без машины ... не вариант" is the client's situation, not a refusal of the offer; the loss comes after a confusing pitch
  const a = run('M: Добрый день, агентство Квадрат, меня зовут Ольга. Вы оставляли заявку на аренду, удобно говорить?', 'C: Да.',
    'M: Расскажите, что ищете?', 'C: Нам нужна квартира рядом с садиком, ездить через весь город с ребёнком для нас не вариант.',
    'M: Понятно. А когда планируете переезжать?', 'C: Через месяц, в конце января, у нас заканчивается договор.',
    'M: А по бюджету какие ориентиры?', 'C: Тысяч сорок пять в месяц, максимум пятьдесят.',
    'M: Смотрите, тут всё зависит: есть депозит, есть комиссия, бывает страховой платёж, бывает помесячная оплата коммуналки, бывает по счётчикам, договор с собственником или с управляющей компанией, с поднаймом или без.',
    'C: Подождите, я запуталась. Так есть что-то рядом с садиком или нет?', 'M: Ну я же объясняю, там много нюансов.',
    'C: Ладно, я, наверное, пока сама поищу. Спасибо.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'presentation');
});

void test('an offer pitched without a single question about the client is lost at needs discovery', () => {
  const a = run('M: Агентство Квадрат, добрый день.', 'C: Здравствуйте, я по поводу квартир в новостройках, что у вас есть?',
    'M: У нас студии в ЖК Северный, от шести миллионов, сдача через год, отличный вариант для инвестиций.',
    'C: А семейное что-то есть?', 'M: Студии сейчас лучше всего берут, быстро дорожают. Записать вас на просмотр?',
    'C: Нет, мне студия не подходит, у меня двое детей. Я поищу в другом месте.', 'M: Ну если что, звоните.', 'C: До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
});

void test('a complaint about the current supplier before any offer is a pain point, not an unhandled objection', () => {
  const a = run('M: Добрый день, агентство Квадрат, Ольга. Удобно говорить?', 'C: Да, слушаю.',
    'M: Вы сейчас с каким агентством работаете?', 'C: С одним сетевым, но у них ужасная поддержка, месяц не могли найти жильцов.',
    'M: Понимаю. А сколько квартир у вас сдаётся?', 'C: Две, обе однушки.',
    'M: Мы берём управление целиком: находим жильцов за две недели, проверяем их, собираем оплату, комиссия восемь процентов в месяц.',
    'C: Восемь процентов? У нынешних пять, это дороже.', 'M: Зато у нас поддержка круглосуточно.', 'C: Нет, переплачивать не буду. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'objections');
  assert.equal(a.loss?.reason, 'unhandled_objection');
});

void test('a choice of two times offered without a question mark (speech recognition) and taken is a success', () => {
  const a = run('M: агентство квадрат добрый день ольга удобно говорить', 'C: да удобно',
    'M: вы смотрели двушку на лесной какой у вас бюджет', 'C: до девяти миллионов', 'M: есть два варианта в бюджете оба с ремонтом',
    'C: ну давайте посмотрим а когда можно', 'M: в четверг в полседьмого или в субботу в одиннадцать',
    'C: в четверг в полседьмого муж как раз с работы вернётся', 'M: записала четверг восемнадцать тридцать', 'C: хорошо спасибо');
  assert.equal(a.outcome, 'success');
});

void test('"хорошо, до свидания" to an open invitation after a stall is lost, not a meeting', () => {
  const a = run(...START, 'C: Я, наверное, сама как-нибудь к вам в офис зайду, посмотрю.', 'M: Да, конечно, приходите, мы до девяти работаем.',
    'C: Хорошо. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'closing');
});

void test('"I will talk it over with my husband" at the close is the stall itself, not an objection to handle', () => {
  const a = run(...START, 'C: Интересно. Давайте я с мужем посоветуюсь и сама вам наберу.', 'M: Да, конечно, обсудите.', 'C: Да-да, наберу.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'closing');
  assert.equal(a.stages.some((s) => s.stage === 'objections'), false);
  const closing = a.stages.find((s) => s.stage === 'closing');
  assert.ok(closing && closing.score <= 3, 'accepting the stall with no next step is a failed close');
});

void test('a client who pays during the call is a success', () => {
  const a = run(...START, 'C: Хорошо, давайте бронировать. Ссылку на оплату можно?', 'M: Да, предоплата десять процентов, отправляю в вотсап.',
    'C: Оплатила, пришло?', 'M: Пришло, подтверждение брони пришлю сегодня.', 'C: Спасибо.');
  assert.equal(a.outcome, 'success');
});

void test('a good manager who finds no fit and points the client elsewhere loses at needs with nothing to blame', () => {
  const a = run('M: Агентство Квадрат, Ольга, добрый день!', 'C: Здравствуйте, мне нужна комната на две недели, подешевле.',
    'M: Подскажите, в каком районе и с какого числа?', 'C: В центре, с понедельника.', 'M: А бюджет какой?', 'C: Тысяч пятнадцать за всё.',
    'M: Честно скажу, чтобы вы не теряли время: мы сдаём квартиры только на год, посуточно не работаем. Вам лучше взять жильё в сервисе посуточной аренды.',
    'C: Поняла, это мне не подходит. Спасибо, что сразу сказали.', 'M: Удачи вам!');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
  assert.equal(a.loss?.reason, 'no_need');
});

void test('a confused cold opening that only ever draws "who are you?" is lost at greeting', () => {
  const a = run('M: алло это ну агентство как его квадрат', 'C: это офис компании ромашка что вы хотели', 'M: ну короче квартиры у нас есть',
    'C: вы кто вообще', 'M: ну агентство мы говорю', 'C: откуда у вас этот номер', 'M: из базы какой-то ну так чего надо',
    'C: не звоните сюда больше');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'greeting');
  assert.equal(a.loss?.reason, 'bad_opening');
});

void test('the client takes one of two slots the manager named at the end of a long pitch', () => {
  const a = run(...START, 'C: Интересно, но дороговато.',
    'M: Понимаю. По второму варианту собственник готов уступить, а точную цифру назову после просмотра: он бесплатный, я покажу обе квартиры, и вы сравните сами. Могу в понедельник в одиннадцать или во вторник в шесть вечера.',
    'C: В понедельник в одиннадцать.', 'M: Отлично, понедельник, одиннадцать ноль-ноль.', 'C: Всего доброго.');
  assert.equal(a.outcome, 'success');
});

void test('a timetable in the answer to a question about the client is not a time agreed; "ладно, буду искать" is no yes', () => {
  const a = run('M: Агентство Квадрат, Ольга, добрый день!', 'C: Здравствуйте, ищу квартиру рядом со школой сына.',
    'M: А сын в каком классе, когда заканчиваются уроки?', 'C: Во втором, уроки до половины первого, а я работаю до семи.',
    'M: К сожалению, в том районе у нас сейчас ничего нет, и в ближайший месяц не будет.', 'C: Жалко. Ладно, буду искать.', 'M: Удачи вам!');
  assert.equal(a.outcome, 'lost');
});

void test('"скидывай, вечером созвонимся" after an agreed callback time keeps the agreement', () => {
  const a = run('M: Добрый день, агентство Квадрат, Ольга. Удобно говорить?', 'C: Я за рулём, неудобно.',
    'M: Когда перезвонить — сегодня вечером или завтра утром? Подборка готова, хочу обсудить с вами.', 'C: Давай сегодня, в полвосьмого я дома буду.',
    'M: Сегодня в девятнадцать тридцать. Могу скинуть подборку заранее в вотсап.', 'C: Нет проблем, скидывай, вечером созвонимся.', 'M: Удачной дороги!');
  assert.equal(a.outcome, 'success');
});

void test('a manager who asks, finds the company only does something else and refers the client on loses at needs, not presentation', () => {
  const a = run('M: Агентство Квадрат, Ольга, добрый день! Как к вам обращаться?', 'C: Пётр. Мне бы гараж продать, вы такое берёте?',
    'M: Пётр, расскажите подробнее: где гараж, какой?', 'C: Кооператив на Лесной, кирпичный, восемнадцать метров.',
    'M: Скажу честно: мы работаем только с квартирами, гаражи и участки не берём. Могу посоветовать обратиться в агентство, которое продаёт именно гаражи.',
    'C: Ладно, понял. Спасибо за совет.', 'M: Пожалуйста, Пётр. Если будете продавать квартиру — звоните.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
  assert.equal(a.loss?.reason, 'no_need');
});

void test('a rhetorical question in the pitch keeps the call in the presentation: the wrong pitch lost the client there', () => {
  const a = run('M: Агентство Квадрат, Ольга, добрый день! Удобно говорить?', 'C: Да. Ищем большую квартиру, у нас трое детей.',
    'M: Сколько комнат вам нужно?', 'C: Минимум четыре.',
    'M: Смотрите, могу предложить отличную двушку в новом доме, дизайнерский ремонт, панорамные окна, все сейчас такие берут.',
    'C: Двушка? Нас пятеро.', 'M: Ну зачем вам такая махина, её же убирать замучаетесь? Двушка гораздо интереснее.',
    'C: Мне не интересно, чтобы было красиво, мне надо, чтобы все поместились. Я к другим посмотрю, спасибо.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'presentation');
});

const NAMELESS = ['M: алло это склад или кто', 'C: добрый день склад да а вы кто по какому вопросу',
  'M: сколько у вас погрузчиков работает', 'C: ну четыре а с кем я говорю представьтесь пожалуйста',
  'M: да неважно у нас шины для погрузчиков по три тысячи за штуку со скидкой от десяти штук',
  'C: дороговато у нас свой поставщик', 'M: ну подумайте', 'C: нет спасибо не надо'];

void test('a caller who never says who they are and is asked for it loses the call at the greeting, however far it went', () => {
  const a = run(...NAMELESS);
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'greeting');
});

void test('the same call opened with a hello and a name is lost where the client objected', () => {
  const a = run('M: добрый день меня зовут Пётр компания Шинторг это склад?', ...NAMELESS.slice(1));
  assert.equal(a.outcome, 'lost');
  assert.notEqual(a.loss?.stage, 'greeting');
});

void test('a client who meets the first question with a question back and is then pitched at is lost at needs, not presentation', () => {
  const a = run('M: Добрый день, агентство Квадрат, меня зовут Ольга. Удобно говорить?', 'C: Да, удобно.',
    'M: Сколько вы готовы потратить на квартиру?', 'C: А почему вы сразу про деньги спрашиваете? Мы только начали смотреть.',
    'M: Чтобы понимать. У нас есть новый жилой комплекс у парка: квартиры от двенадцати миллионов рублей, с отделкой, парковкой и школой во дворе, сдача весной.',
    'C: Понятно. Нет, спасибо, нам это не подходит.', 'M: Ну подумайте.', 'C: Не надо. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
});

void test('the same pitch after a plain answer is lost at the presentation', () => {
  const a = run('M: Добрый день, агентство Квадрат, меня зовут Ольга. Удобно говорить?', 'C: Да, удобно.',
    'M: Сколько вы готовы потратить на квартиру?', 'C: Около восьми миллионов, мы только начали смотреть.',
    'M: Понятно. У нас есть новый жилой комплекс у парка: квартиры от двенадцати миллионов рублей, с отделкой, парковкой и школой во дворе, сдача весной.',
    'C: Понятно. Нет, спасибо, нам это не подходит.', 'M: Ну подумайте.', 'C: Не надо. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.notEqual(a.loss?.stage, 'needs');
});

const TILES = ['M: Добрый день, меня зовут Игорь, компания Плиткин. Удобно говорить?', 'C: Да, удобно.',
  'M: Какую плитку ищете и для какой комнаты?', 'C: Для ванной, нескользящую, метров двадцать.',
  'M: У нас отличная плитка из Испании, тысяча двести рублей за метр, много расцветок, все берут, доставка бесплатная по городу.'];

void test('a client who asked what exactly is offered and left naming another supplier is lost at the presentation', () => {
  const a = run(...TILES, 'C: А она нескользящая? Какой класс?', 'M: Ну, нормальная, я уточню.',
    'C: А толщина какая?', 'M: Обычная, как у всех.', 'C: Знаете, нет, не буду я у вас брать, найду другого поставщика. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'presentation');
});

void test('the same goodbye right after the pitch is an objection left unhandled', () => {
  const a = run(...TILES, 'C: Знаете, нет, не буду я у вас брать, найду другого поставщика. До свидания.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'objections');
});

void test('a slot agreed and then put off by the client\'s own "давайте я сама перезвоню" is lost at closing', () => {
  const booked = [...START, 'M: Давайте посмотрим в субботу в одиннадцать или в воскресенье в два?', 'C: Давайте в субботу в одиннадцать.',
    'M: Записываю: суббота, одиннадцать.'];
  const putOff = run(...booked, 'C: Ой, подождите, я сначала с мужем поговорю, давайте я сама перезвоню, как решим.',
    'M: Хорошо, тогда ждём вашего звонка.', 'C: Ага, давайте.');
  assert.equal(putOff.outcome, 'lost');
  assert.equal(putOff.loss?.stage, 'closing');
  // the same "давайте" accepting the manager's step keeps the booking
  const kept = run(...booked, 'C: Давайте, до субботы.', 'M: До встречи!');
  assert.equal(kept.outcome, 'success');
});

void test('a yes to the manager\'s own plan for a later day and hour at the end of the call is a success; "отправлю сегодня" is not', () => {
  const asked = [...START, 'C: Звучит хорошо. Можно это письменно? Мне надо мужу показать.'];
  const planned = run(...asked, 'M: Соберу три варианта до пятницы и в понедельник в одиннадцать наберу, обсудим, что решил муж.', 'C: Хорошо, жду.');
  assert.equal(planned.outcome, 'success');
  const sentOnly = run(...asked, 'M: Конечно, отправлю сегодня.', 'C: Хорошо, спасибо.');
  assert.equal(sentOnly.outcome, 'lost');
  assert.equal(sentOnly.loss?.stage, 'closing');
});

void test('a contingency beside the yes ("если что — напишу") keeps the agreed slot', () => {
  const a = run(...START, 'C: Муж иногда задерживается на работе.',
    'M: Тогда договоримся на четверг, девятнадцать тридцать, онлайн. Если задержится — напишите, перенесём на пятницу.',
    'C: Давайте так. Я ему скажу. Если что — напишу.', 'M: Договорились. Ссылку пришлю в четверг утром.', 'C: Спасибо, и вам.');
  assert.equal(a.outcome, 'success');
});

void test('the manager who finds there is nothing to sell and says so ends a call lost at needs, not at the close', () => {
  const a = run('M: Добрый вечер, агентство Квадрат, Ольга. Вы оставляли заявку на двухкомнатную. Удобно?', 'C: Здравствуйте. Удобно, но я, наверное, зря оставила.',
    'M: Расскажите, что изменилось? Может, подберём вариант.', 'C: Меня переводят по работе в другой город, через три недели уезжаю.',
    'M: А туда вы надолго?', 'C: Насовсем, там уже квартиру сняли.',
    'M: Тогда покупать здесь смысла нет: сделка займёт больше, чем у вас осталось времени.', 'C: Я так и подумала. Спасибо, что честно.',
    'M: Удачи на новом месте! Если планы поменяются — звоните.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
  assert.equal(a.loss?.reason, 'no_need');
});

void test('a yes interrupted and put off ("Ой, подождите… сама вам наберу") takes the agreed slot back', () => {
  const offered = [...START, 'C: Звучит хорошо. Давайте посмотрим.', 'M: Отлично! В эту субботу в десять или в воскресенье в двенадцать?'];
  const sameTurn = run(...offered, 'C: Суббота… ой, подождите. Я сначала с мужем поговорю, перезвоню, когда решим.',
    'M: Конечно, обсудите. Звоните, как будете готовы.', 'C: Хорошо. Спасибо.');
  assert.equal(sameTurn.outcome, 'lost');
  const afterYes = run(...offered, 'C: Давайте в субботу в десять.', 'M: Записываю: суббота, десять.',
    'C: Ой, подождите. У меня на этой неделе завал, не вырвусь. Я лучше сама вам наберу.', 'M: Хорошо, звоните.', 'C: Обязательно. Спасибо!');
  assert.equal(afterYes.outcome, 'lost');
  assert.equal(afterYes.loss?.stage, 'closing');
  // a stall with a time after the yes that only takes up a step ("пришлите, вечером созвонимся") keeps it
  const kept = run(...offered, 'C: Давайте в субботу в десять.', 'M: Записываю: суббота, десять. Пришлю адрес.', 'C: Хорошо, пришлите, вечером созвонимся.');
  assert.equal(kept.outcome, 'success');
});

void test('a client worn out by the questioning who leaves without a "no" is lost at needs, not at the close', () => {
  const a = run('M: Агентство Квадрат, слушаю.', 'C: Здравствуйте, хочу купить квартиру, первую в жизни.',
    'M: Так а какой тип сделки, альтернативная или прямая продажа?', 'C: Не знаю, а какие бывают?',
    'M: Ну альтернативная, свободная, с обременением, переуступка. Ипотека одобрена, какой банк, какой первоначальный взнос?',
    'C: А я вам разве не сказала, что я только начинаю разбираться?', 'M: Ну а бюджет какой, вы так и не сказали.',
    'C: Знаете, я себя как на экзамене чувствую. Пойду к тем, кто нормально объясняет.');
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'needs');
});

void test('"Нет проблем" to the manager\'s proposed call and "Всё верно" to the details read back are a yes', () => {
  const a = run(...START, 'C: Ставьте меня на просмотр.', 'M: Поставил. Удобно, если я позвоню в понедельник около полудня, подтвердим время?',
    'C: Нет проблем, у меня как раз перерыв.', 'M: Отлично. До понедельника!', 'C: До свидания, спасибо.');
  assert.equal(a.outcome, 'success');
  const b = run(...START, 'M: Суббота с четырнадцати до шестнадцати подойдёт? Или с шестнадцати до восемнадцати?', 'C: С шестнадцати.',
    'M: Записываю: суббота, с шестнадцати до восемнадцати, адрес Садовая, двенадцать — всё верно?', 'C: Верно. Только пусть позвонит перед приездом.',
    'M: Обязательно, за полчаса.');
  assert.equal(b.outcome, 'success');
});

void test('"Не буду" to the manager\'s "не включайте" agrees to a don\'t; it does not take back the booked visit', () => {
  const visit = [...START, 'M: Мастер может завтра с восемнадцати до двадцати или в пятницу с десяти до двенадцати.', 'C: Завтра вечером давай.',
    'M: Записываю: завтра с восемнадцати до двадцати. Мастер позвонит за полчаса.'];
  assert.equal(run(...visit, 'M: До его приезда машинку не включайте.', 'C: Не буду. До свидания.').outcome, 'success');
  assert.equal(run(...visit, 'M: Договорились?', 'C: Не буду я ничего ждать, передумала.').outcome, 'lost');
});

void test('"могу прям сейчас оплатить, скиньте ссылку" is the purchase going ahead, not a stall', () => {
  const a = run(...START, 'C: Хорошо, а как забронировать?', 'M: Предоплата двадцать процентов.', 'C: Давайте я прям сейчас могу оплатить, скиньте ссылку.',
    'M: Сейчас скину.', 'C: Спасибо, жду.');
  assert.equal(a.outcome, 'success');
  const stall = run(...START, 'C: Хорошо, а как забронировать?', 'M: Предоплата двадцать процентов.', 'C: Скиньте информацию, я посмотрю.', 'M: Сейчас скину.', 'C: Спасибо.');
  assert.equal(stall.outcome, 'lost');
});
