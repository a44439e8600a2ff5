import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analyzeUtterance, asksQuestion, countTimeOptions, detectDeferral, detectRefusal, detectScript, detectScriptOfTexts, detectTimeAnchors, isConcrete, normalizeText, questionSentences, stem,
} from './index.ts';

const refusal = (text: string, answersProposal = false) => detectRefusal(normalizeText(text), 'ru', { answersProposal });

void test('negation that is not a refusal', () => {
  assert.equal(refusal('Нет проблем, подъеду к обеду', true), null);
  assert.equal(refusal('А почему нет? Давайте попробуем', true), null);
  assert.equal(refusal('Нет, всё понятно, давайте в четверг', true), null);
  assert.equal(refusal('Не против, записывайте'), null);
});

void test('refusals, including a polite bare "нет"', () => {
  assert.ok(refusal('Нет, спасибо, нам это не нужно'));
  assert.ok(refusal('Слушайте, нам неактуально'));
  assert.ok(refusal('Нет', true), 'a bare no to an offer');
  assert.equal(refusal('Нет', false), null, 'a bare no to an information question is an answer');
  assert.ok(refusal('Спасибо, но мы обойдёмся, не звоните больше'));
});

void test('deferral and concerns', () => {
  assert.ok(analyzeUtterance('Ну я подумаю ещё', 'ru').deferral);
  assert.ok(analyzeUtterance('Сбросьте мне прайс в вотсап', 'ru').deferral);
  assert.equal(analyzeUtterance('Дороговато для нас выходит', 'ru').concern, 'price');
  assert.equal(analyzeUtterance('Это надо с директором согласовать', 'ru').concern, 'authority');
  assert.equal(analyzeUtterance('Мы уже работаем с другой фирмой', 'ru').concern, 'competitor');
});

void test('dates and spelled-out times; quantities are not times', () => {
  const kinds = (t: string) => detectTimeAnchors(normalizeText(t), 'ru').map((a) => a.kind);
  assert.deepEqual(kinds('подъезжайте в пятницу к семи'), ['day', 'time']);
  assert.deepEqual(kinds('давайте в одиннадцать тридцать'), ['time']);
  assert.deepEqual(kinds('это в три раза дешевле'), []);
  assert.deepEqual(kinds('договор на два года'), []);
  assert.deepEqual(kinds('встретимся 14.03 в 9:15'), ['date', 'time']);
  assert.equal(countTimeOptions(detectTimeAnchors(normalizeText('во вторник утром или в среду в пять?'), 'ru')), 2);
  assert.equal(countTimeOptions(detectTimeAnchors(normalizeText('в понедельник в десять'), 'ru')), 1);
});

void test('questions with and without punctuation', () => {
  assert.equal(questionSentences('Сколько у вас автомобилей в парке?', 'ru').length, 1);
  assert.equal(questionSentences('понял а сколько машин у вас сейчас в парке', 'ru').length, 1);
  assert.equal(questionSentences('хорошо я записал адрес', 'ru').length, 0);
  assert.equal(questionSentences('Would you take 40 for it', 'en').length, 1);
  // a request for information is a question even with a full stop, in any case and with ё
  assert.equal(questionSentences('Хорошо. Подскажите, сколько у вас сотрудников.', 'ru').length, 1);
  assert.equal(questionSentences('ПОДСКАЖИТЕ АДРЕС.', 'ru').length, 1);
  assert.equal(questionSentences('Хорошо, записал. Пришлю договор.', 'ru').length, 0);
  for (const text of ['Хорошо. Подскажите адрес.', 'Да. А сколько стоит?', 'понял а сколько машин у вас', 'Записал. До встречи!', 'Would you take 40?', 'ok. deal.',
    'Понятно… а сколько у вас сотрудников', 'Ясно!  Расскажите, ТЕ ли это условия.', '  .  ', 'Ну хорошо. а вам удобно в четверг', 'how much. what is it']) {
    for (const language of ['ru', 'en']) assert.equal(asksQuestion(text, language), questionSentences(text, language).length > 0, text);
  }
});

void test('normalisation: lower case, ё folded, typographic quotes, whitespace collapsed and trimmed', () => {
  assert.equal(normalizeText('  Ещё  РАЗ:\tВсё\u00a0ок  '), 'еще раз: все ок');
  assert.equal(normalizeText('I’m `ok`'), "i'm 'ok'");
  assert.equal(normalizeText('Ёлка\n\nи ель'), 'елка и ель');
  assert.equal(normalizeText('уже нормально'), 'уже нормально');
  assert.equal(normalizeText(' один пробел '), 'один пробел');
});

void test('stems join word forms', () => {
  assert.equal(stem('подумаю', 'ru'), stem('подумаем', 'ru'));
  assert.equal(stem('offered', 'en'), stem('offer', 'en'));
});

void test('script detection: Russian, English, other, mojibake', () => {
  assert.equal(detectScript('Добрый день, это автосервис').language, 'ru');
  assert.equal(detectScript('hi, would you take 50 for the bike?').language, 'en');
  assert.equal(detectScript('Guten Tag, ich möchte das Fahrrad kaufen').language, 'other');
  assert.equal(detectScript('您好，请问价格是多少').language, 'other');
  assert.equal(detectScript('Ð”Ð¾Ð±Ñ€Ñ‹Ð¹ Ð´ÐµÐ½ÑŒ').mojibake, true);
  assert.equal(detectScript('Р”РѕР±СЂС‹Р№ РґРµРЅСЊ РєР°Рє РґРµР»Р°').mojibake, true);
  assert.equal(detectScript('Добрый день').mojibake, false);
});

void test('a "нет" that corrects oneself mid-turn is not a refusal; one that opens the answer is', () => {
  assert.equal(refusal('Записывайте: девять один шесть… ой, нет, сейчас в телефоне посмотрю', true), null);
  assert.ok(refusal('Ой, нет, спасибо', true));
});

void test('"как раз" and "как в прошлый раз" compare, they do not ask (speech recognition without punctuation)', () => {
  assert.deepEqual(questionSentences('давайте в пятницу в шесть я как раз с работы вернусь', 'ru'), []);
  assert.equal(questionSentences('понял подготовлю договор как к вам обращаться', 'ru').length, 1);
  assert.equal(questionSentences('хорошо а как вам удобнее утром или вечером', 'ru').length, 1);
});

void test('opening hours bound a moment, they do not fix one', () => {
  const [until] = detectTimeAnchors(normalizeText('приходите, мы до девяти работаем'), 'ru');
  assert.ok(until && !isConcrete(until));
  const [at] = detectTimeAnchors(normalizeText('приходите в девять'), 'ru');
  assert.ok(at && isConcrete(at));
});

void test('distrust of the caller is a trust concern', () => {
  assert.equal(analyzeUtterance('Откуда у вас мои данные?', 'ru').concern, 'trust');
  assert.equal(analyzeUtterance('Ну все так говорят, а потом обманывают', 'ru').concern, 'trust');
});

void test('who the client lives with is not who decides; talking it over with them is', () => {
  assert.notEqual(analyzeUtterance('Мы вообще-то с мужем вдвоём поедем', 'ru').concern, 'authority');
  assert.equal(analyzeUtterance('Мне надо с мужем посоветоваться', 'ru').concern, 'authority');
  assert.equal(analyzeUtterance('Я посоветуюсь с женой и перезвоню', 'ru').concern, 'authority');
});

void test('a refusal is not taken back by a commitment to something else', () => {
  assert.ok(refusal('Нет, спасибо. Я лучше подожду и возьму что-нибудь поближе', true));
  assert.equal(refusal('Нет, всё понятно, давайте в четверг', true), null);
});

void test('"не нужен" refuses like "не нужно"; buying from someone else does not take a refusal back', () => {
  assert.ok(refusal('Прокат нам не нужен'));
  assert.ok(refusal('Вот, прокат нам не нужен. Кабель мы берём у дистрибьютора напрямую.'));
  assert.ok(refusal('Оставьте номер, конечно. Но вряд ли.'));
});

void test('"в час дня" and "к часу" are times; "в три дня" is not', () => {
  const times = (text: string) => detectTimeAnchors(normalizeText(text), 'ru').filter((a) => a.kind === 'time').map((a) => a.text);
  assert.deepEqual(times('В час дня можно?'), ['в час дня']);
  assert.deepEqual(times('к часу подъеду'), ['к часу']);
  assert.deepEqual(times('доставим в три дня'), []);
});

void test('a gatekeeper\'s "что вы хотели" asks, even without a question mark', () => {
  assert.equal(questionSentences('это строительная компания альфа что вы хотели', 'ru').length, 1);
});

void test('procurement rules and "not what I need" are read as such', () => {
  assert.equal(analyzeUtterance('Сразу скажу — мы закупаем только через тендер', 'ru').concern, 'authority');
  assert.ok(refusal('Нет, ну это не то, что мне надо, я к другим посмотрю'));
  assert.ok(refusal('Ладно, тогда вопрос закрыт'));
  assert.equal(analyzeUtterance('Я просто не вытяну такую сумму каждый месяц', 'ru').concern, 'price');
  assert.equal(analyzeUtterance('Претензий к ним нет, восемь лет работаем', 'ru').concern, 'competitor');
});

void test('script detection over many texts is detection over them joined by spaces', () => {
  const sets = [['Добрый день', 'это автосервис'], ['hi, would you', 'take 50 for the bike?'], ['Guten Tag', 'ich möchte'], ['Р”РѕР±СЂС‹Р№', 'РґРµРЅСЊ'],
    ['Ð”Ð¾Ð±Ñ€Ñ‹Ð¹', 'Ð´ÐµÐ½ÑŒ'], ['Привіт', 'як справи'], ['', '您好'], ['ok', 'Да']];
  for (const texts of sets) assert.deepEqual(detectScriptOfTexts(texts), detectScript(` ${texts.join(' ')}`), texts.join(' | '));
});

void test('everyday objections without the textbook words', () => {
  const concern = (text: string) => analyzeUtterance(text, 'ru').concern;
  assert.equal(concern('Ой, это для меня много'), 'price');
  assert.equal(concern('Я не могу сразу такую сумму'), 'price');
  assert.equal(concern('Ну я это не решаю, у нас снабжение'), 'authority');
  assert.equal(concern('Двадцать минут? Далековато утром'), 'quality');
  assert.equal(concern('А если мне смета не понравится?'), 'trust');
});

void test('spoken fillers do not split a phrase', () => {
  assert.equal(normalizeText('Ну нет, это не э-э подходит'), 'ну нет, это не подходит');
  assert.ok(refusal('мне это короче не э подходит'));
  assert.equal(analyzeUtterance('типа дороговато э для нас', 'ru').concern, 'price');
  assert.equal(normalizeText('какого типа рамы'), 'какого типа рамы', '"типа" after an adjective is the noun');
  assert.equal(normalizeText('это эскиз'), 'это эскиз');
});

void test('asksQuestion reads a turn as questionSentences does, whichever sentence asks', () => {
  const parts = ['Добрый день.', 'Подскажите, удобно.', 'Сколько у вас точек.', 'Есть время!', 'как вам удобно', 'Понял…', 'Хорошо. ', '  ', 'а когда вам удобно'];
  for (const a of parts) for (const b of parts) for (const c of parts) {
    const text = `${a} ${b} ${c}`;
    for (const language of ['ru', 'en']) assert.equal(asksQuestion(text, language), questionSentences(text, language).length > 0, `${language}: ${JSON.stringify(text)}`);
  }
});

void test('"я так и подумала" looks back and puts nothing off; "я подумаю" does', () => {
  assert.equal(detectDeferral(normalizeText('Я так и подумала. Спасибо, что честно.'), 'ru'), null);
  assert.notEqual(detectDeferral(normalizeText('Хорошо, я подумаю.'), 'ru'), null);
  assert.notEqual(detectDeferral(normalizeText('Нам надо подумать с мужем.'), 'ru'), null);
});

void test('"давайте без дат" declines to fix the step', () => {
  assert.notEqual(detectDeferral(normalizeText('Тимофей, давайте без дат. Я вас сама найду, когда понадобится.'), 'ru'), null);
  assert.equal(detectDeferral(normalizeText('Давайте в четверг, без проблем.'), 'ru'), null);
});

void test('"вы вообще кому звоните?" doubts the caller, like "кто вы?"', () => {
  assert.equal(analyzeUtterance('У какой компании? Вы вообще кому звоните?', 'ru').concern, 'trust');
});

void test('worry is a doubt like fear: "я вот переживаю", "волнуюсь"', () => {
  assert.equal(analyzeUtterance('Слушайте, а я вот переживаю, у него в прошлый раз три раза кололи.', 'ru').concern, 'trust');
  assert.equal(analyzeUtterance('Я немного волнуюсь, как всё пройдёт.', 'ru').concern, 'trust');
});

void test('the client\'s own hands as the alternative ("мы всё сами делаем", "сами справимся") is an objection of the competitor kind', () => {
  assert.equal(analyzeUtterance('Девушка, я ж говорю, мы всё сами делаем, меню меняется каждую неделю.', 'ru').concern, 'competitor');
  assert.equal(analyzeUtterance('Да мы, в общем, сами справимся.', 'ru').concern, 'competitor');
  assert.equal(analyzeUtterance('Сами не знаем, какой вариант лучше.', 'ru').concern, null);
});

void test('"сама вам напишу" and "на днях" put the step off like "сама наберу"', () => {
  assert.notEqual(detectDeferral(normalizeText('Давайте я уточну у руководителя и сама вам напишу.'), 'ru'), null);
  assert.notEqual(detectDeferral(normalizeText('Ага, отвечу на днях.'), 'ru'), null);
  assert.equal(detectDeferral(normalizeText('Напишу адрес в сообщении.'), 'ru'), null);
});

void test('going elsewhere refuses: "обращусь в другое бюро", "позвоню туда, где скажут", "пойду к тем, кто объясняет"', () => {
  assert.notEqual(refusal('Понятно. Вы даже не спросили, куда и зачем. Обращусь в другое бюро.'), null);
  assert.notEqual(refusal('Ладно, позвоню туда, где мне скажут, как лечат. Спасибо.'), null);
  assert.notEqual(refusal('Пойду к тем, кто нормально объясняет.'), null);
  assert.equal(refusal('Позвоню в четверг, как договорились.'), null);
});

void test('"это не верно" confirms nothing and "я на днях у вас была" puts nothing off', () => {
  assert.notEqual(analyzeUtterance('Нет, это не верно, адрес другой.', 'ru').acceptance, 'strong');
  assert.equal(analyzeUtterance('Верно. Только пусть позвонит перед приездом.', 'ru').acceptance, 'strong');
  assert.equal(detectDeferral(normalizeText('Я на днях у вас была, мне понравилось.'), 'ru'), null);
  assert.notEqual(detectDeferral(normalizeText('Ага, напишу на днях.'), 'ru'), null);
});
