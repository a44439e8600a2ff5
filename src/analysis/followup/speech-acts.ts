// Speech-act cues: did the manager *propose* something (vs. merely mention it), did they stall
// ("если надумаете — звоните", "посмотрите на сайте"), did the client agree or refuse. These
// separate a recommendation carried out from one whose keywords were only repeated.
import { compileFast } from './concepts.ts';
import { normalizeText, questionSentences } from '../language/text.ts';
import { hasConcreteTime } from './time-expressions.ts';

const PROPOSAL = compileFast([
  'предлага*', 'предлож*', 'давайте', 'давай', 'можем', 'могу', 'можно ~ сделать|поставить|привезти|начать|оформить|разбить',
  'приглаша*', 'приходите', 'приезжайте', 'жд* вас', 'привезем|занесем|поднимем', 'поставим', 'сделаем', 'сделаю', 'подготов*', 'пришлю', 'отправлю',
  'вышлю', 'соберу', 'покажу', 'посчитаю', 'организ*ем', 'оформим', 'запишу', 'записал*', 'забронир*', 'разбиваем', 'разобьем',
  'делаем|сделаем|доделаем|соберем|собираем|запустим|подготовим|предоставим|дадим|подберем|проведем|покажем|рассчитаем|посчитаем|разработаем',
  'растянем|разделим|распишем|согласуем|договоримся|запишем|закажем|продлим|заморозим|начнем|возьмем|подключим|настроим|установим|доставим|вернем|заберем|закрепим|зафиксируем|сохраним|пришлем|отправим|вышлем|забронируем',
  'соберу|подберу|проведу|рассчитаю|возьму|подключу|настрою|оформлю|зарезервирую|закреплю|зафиксирую|сделаю|подготовлю|организую',
  'отдам|отдадим|уступлю|уступим|сброшу|сбросим|снижу|выделю|выделим|найду|найдем|подарю|подарим|добавлю|добавим|включу|включим|привезу|приеду|подъеду|заеду',
  'достаточно ~ внести|оплатить|прийти|приехать|позвонить|прислать|подписать|оставить|написать', 'чтобы ~ исправиться|загладить', 'в качестве извинени*',
  'хотите', 'как вам', 'могли|смогли|могла|мог бы', 'можем|могу ~ предложить', 'а что если', 'что если', 'а если ~ попробовать|сделать|начать|взять',
  'давайте ~ так|иначе|по-другому', 'удобн* ~ в|во', 'подойдет', 'вас ~ устроит', 'устроит ~ вас', 'беремся', 'берем на себя', 'начнем', 'we can', 'i can', 'let\'s', 'let us',
  'i\'ll|we\'ll', 'i|we will', 'how about', 'would you like', 'works for you', 'i suggest|propose|offer', 'we offer',
  'i|we ~ hold|reserve|book|keep', 'i|we could', 'what if', 'another way', 'another option', 'shall we', 'why don\'t we',
  'придержу|придержим|закреплю|закрепим|оставлю|оставим|отложу|отложим|поставлю|зарезервирую|забронирую', 'есть ~ вариант*',
  'приедет|подъедет|привезет|заедет ~ к|в|во|на',
  'скину|скинем|перешлю|перешлем|разошлю|разошлем|наберу|перезвоню', 'чтобы вы ~ сами|снова|смогли|убедились|попробовали|оценили|сравнили|поверили', 'для вас ~ будет|сделаем|сделаю|оставим', 'дарим', 'for you to ~ try|see|compare',
]);

/** Stalls that hand the next move back to the client or postpone the substance, whatever else the turn says. */
const HAND_BACK = compileFast([
  'как-нибудь', 'как нибудь', 'когда-нибудь', 'когда ~ будет время', 'подумайте', 'напишите ~ когда', 'позвоните ~ если|когда', 'звоните ~ если',
  'сами ~ позвон*|напиш*', 'на сайте', 'посмотрите ~ сайт*', 'whenever', 'some time', 'call us if', 'let me know if', 'on our website',
]);

/** Soft openers ("если надумаете", "когда вам удобно"): a stall unless a concrete day is proposed after them. */
const SOFT_STALL = compileFast(['если ~ надума*|захоти*|интересно|решите|что', 'когда вам удобно', 'if you ~ change|decide|want|are interested']);

/** The manager could not give the substance: did not know, postponed, or said "it depends". */
const DEFERRAL = compileFast([
  'не ~ помню|знаю|скажу|подскажу', 'уточню', 'по-разному', 'по разному', 'зависит', 'после анкет*', 'потом ~ скажу|подберем|посчита*',
  'потом|позже|попозже ~ пришлю|скину|отправлю|вышлю|расскажу|напишу|сообщу', 'сложно сказать', 'i don\'t know|remember', 'it depends', 'i\'ll check', 'hard to say',
]);

const CLIENT_YES = compileFast([
  '^да', 'давайте', 'хорошо', 'договорились', 'подходит', 'подойдет', 'согласен|согласна|согласны', 'записывайте', 'уговорили', 'отлично',
  'можно', 'ладно', 'идет', 'беру', 'берем', 'оформляем|оформляйте', 'выставляйте', 'оплачу|оплатим|оплатила|оплатил', 'жду', 'до встречи',
  'до вторника|среды|четверга|пятницы|понедельника|субботы|завтра', 'yes', 'sure', 'deal', 'sounds good', 'works', 'ok', 'okay', 'see you',
]);

const CLIENT_NO = compileFast([
  '^нет', 'не ~ нужн*|надо|интересн*|будем|буду|звоните|хочу|хотим|актуальн*|подходит|готов*', 'ничего не обещаю', 'подума*', 'посмотрим',
  'уже ~ купил*|взял*|нашл*|нашел|заключил*|оформил*|поставил*|заказал*|записал*|выбрал*|согласовал*|работаем|подписал*|решил*', 'точно нет', 'не сейчас', 'обойдемся', 'не передумал*', 'передам', 'посмотрю', 'гляну', 'почитаю', 'i\'ll pass it on', 'i\'ll have a look',
  'no', 'not interested', 'don\'t call', 'not now', 'we\'ll think', 'think about it', 'already ~ bought|signed|chose',
]);

const PAYMENT = compileFast(['оплач*', 'оплат*', 'выставляйте счет', 'пришлите счет', 'подписываем', 'оформляем', 'переведу', 'pay', 'invoice', 'sign']);

const FILLER_IMPERATIVES = new Set(['здравствуйте', 'смотрите', 'слушайте', 'скажите', 'подскажите', 'извините', 'простите', 'представьте', 'понимаете', 'знаете',
  'видите', 'поймите', 'учтите', 'послушайте', 'подождите', 'погодите', 'говорите', 'задавайте', 'звоните', 'пишите', 'напишите', 'позвоните',
  'подумайте', 'посмотрите', 'решите', 'сайте', 'визите', 'кредите', 'расчете', 'отчете', 'бюджете', 'пакете', 'проекте', 'интернете', 'минуте']);

const NEED_THEN_OPTION = /(^|[\s,.])если\s+(?:вам\s+|вдруг\s+)?(?:нужн|нужен|важн|хочется|надо|подходит|не подходит)[^—–:;.!?]*[—–:,]\s*(?:то\s+)?(?:есть|у нас есть|можем|могу|сделаем|подберем|предложу|давайте)(\s|$)/u;

// the same in unpunctuated speech: "если нужно дешевле есть лёгкая версия", the option within a few words
const NEED_THEN_OPTION_UNPUNCTUATED = /(^|\s)если\s+(?:вам\s+|вдруг\s+)?(?:нужн\p{L}*|важн\p{L}*|хочется|надо)\s+(?:[\p{L}-]+\s+){0,3}?(?:то\s+)?(?:есть|можем|могу|сделаем|подберем|предложу|давайте)(\s|$)/u;

// a prefixed (perfective) first-person plural: "попробуем", "созвонимся", "увидимся"; the present of an
// unprefixed or "-ива-/-ыва-" verb ("работаем", "принимаем") tells a routine, not a step
const JOINT_STEP = /(^|[\s,.—-])(?:по|с|со|за|у|при|пере|вы|на|до|от|раз|о|вс|про)(?![а-я]*(?:ива|ыва|има)(?:ем|емся)(?:$|[^а-я]))[а-я]{2,}(?:уем|аем|яем|еем|имся|емся|немся)(?=$|[\s,.!?—-])/u;

const SUPPOSED_STEP = /(^|[\s,.—-])(?:а\s+)?если\s+(?:[а-я]+\s+)?[а-я]{3,}(?:ть|ти|ться)(?=$|[\s,.!?—-])/u;

export function isProposal(text: string, language: string): boolean {
  const n = normalizeText(text);
  if (PROPOSAL.test(n)) return true;
  // "приходите", "вносите каждый месяц": an imperative addressed to the client, not a filler
  for (const w of n.match(/[а-я]{4,}(?:ите|йте|ьте)(?=$|[^а-я])/gu) ?? []) if (!FILLER_IMPERATIVES.has(w)) return true;
  // "можно оплачивать частями", "можно сначала просто прийти": an option put on the table
  if (/(^|[\s,.—-])(можно|можете|получится)\s+(?:[а-я]+\s+){0,2}[а-я]{3,}(ть|ться|ти)(?=$|[\s,.!?—-])/u.test(n)) return true;
  // "может, сначала просто придёте на одно занятие?": a suggestion put as a question
  if (questionSentences(text, language).some((q) => /^(?:а\s+)?может(?:\s+быть)?[\s,]/u.test(normalizeText(q)))) return true;
  // "а если разбить платёж на три части?": a step put as a supposition
  if (SUPPOSED_STEP.test(n)) return true;
  // "если нужно дешевле — есть лёгкая версия": an option put against the client's need
  if (NEED_THEN_OPTION.test(n) || !/[.!?,—–:]/u.test(n) && NEED_THEN_OPTION_UNPUNCTUATED.test(n)) return true;
  // "В четверг в десять или в пятницу?" is a proposal by its form, and so is "можно в субботу в три"
  if (!hasConcreteTime(text)) return false;
  // "попробуем в четверг в час", "созвонимся в пятницу в два": a joint step with its time, with or without a "?"
  if (JOINT_STEP.test(n)) return true;
  // "в понедельник в шесть или в среду в десять": two slots to choose from offer them, with or without a "?"
  const choice = n.split(/\s(?:или|либо|or)\s/u);
  if (choice.length >= 2 && choice.every((part) => hasConcreteTime(part))) return true;
  return /(^|[\s,.—-])(можно|можем|могу|может|могут|сможет|смогут|могли бы|могла бы|мог бы)\s/u.test(n) || questionSentences(text, language).length > 0;
}

// "если захотите сравнить — …", "если будет интересно, …": a polite condition that only opens the turn.
// It ends at a dash, colon or comma, or (unpunctuated speech) where the proposal begins.
const CONDITION_OPENER = /(?:^|(?<=[\s,.!?]))(?:если|if)\s(?:(?:[^\s—–:;,.!?]+\s){0,5}?(?=(?:можно|можем|могу|могли|давайте|есть|приходите|приезжайте|предлагаю|запишу|we can|you can|let's)\s)|[^—–:;,.!?]*[—–:;,])/gu;

const EMPTY_CONDITION = /(^|[\s,.—–-])(если что|if anything|just in case)(?=$|[\s,.!?—–:;])/u;

/**
 * A stall that hands the next move back to the client. A soft opener followed by a concrete proposal
 * ("если захотите сравнить — можно прийти в следующий вторник", "когда вам удобно — в субботу?") is a
 * gentle way to offer, not a stall.
 */
export function isVague(text: string): boolean {
  const n = normalizeText(text);
  // "есть и такой вариант, если что": a condition with no content hedges whatever it is attached to
  if (EMPTY_CONDITION.test(n)) return true;
  if (!HAND_BACK.test(n) && !SOFT_STALL.test(n)) return false;
  // "если захотите когда-нибудь сравнить — …": what the condition says is no stall of its own
  const rest = n.replace(CONDITION_OPENER, ' ').trim();
  if (HAND_BACK.test(rest)) return true;
  return !(hasConcreteTime(rest) && isProposal(rest, /[a-z]/u.test(rest) && !/[а-я]/u.test(rest) ? 'en' : 'ru'));
}

/** Brushing the client's feeling aside ("не накручивайте себя", "зря волнуетесь"): the opposite of acknowledging it. */
const DISMISSAL = compileFast([
  'не накручивай*', 'не выдумывай*', 'не берите в голову', 'зря ~ переживаете|волнуетесь|боитесь|беспокоитесь', 'нечего ~ бояться|переживать|волноваться',
  'не о чем ~ переживать|волноваться|беспокоиться', 'да бросьте', 'nothing to worry about', 'no need to worry', 'don\'t be silly',
]);

export function dismissesFeeling(text: string): boolean {
  return DISMISSAL.test(normalizeText(text));
}

/** "можно было бы рассрочку, но нет, не получится": the option taken back in the same breath. */
const WITHDRAWN = /(^|[\s,.—-])(?:(?:но|хотя|впрочем)\s*,?\s*нет|хотя\s+(?:вы|вам|вас|вам-то)?\s*,?\s*(?:наверное|наверняка|вряд ли|скорее всего|уже))(?=$|[\s,.!?—-])/u;

export function isWithdrawn(text: string): boolean {
  return WITHDRAWN.test(normalizeText(text));
}

export function isDeferral(text: string): boolean {
  return DEFERRAL.test(normalizeText(text));
}

export function clientSaysYes(text: string): boolean {
  return CLIENT_YES.test(normalizeText(text));
}

export function clientSaysNo(text: string): boolean {
  return CLIENT_NO.test(normalizeText(text));
}

export function clientMentionsPayment(text: string): boolean {
  return PAYMENT.test(normalizeText(text));
}

const INTRO = compileFast(['меня зовут', 'это ~ из|компания', 'my name is', 'this is', 'calling from']);

/**
 * Did the manager introduce themselves (a name) and the company? The name is seen as a
 * capitalised word outside quotes in the first manager turn ("Денис, «КофеПоинт»"), or an
 * explicit "меня зовут".
 */
export function introducesSelf(text: string, companyName: string): { name: boolean; company: boolean } {
  const n = normalizeText(text);
  const unquoted = text.replace(/«[^»]*»|"[^"]*"/g, ' ');
  // a capital letter that only starts a sentence ("…«ТеплоДом». Вчера…") is no name
  const words = unquoted.split(/\s+/).filter((w, i, all) => i > 0 && !/[.!?…]$/u.test(all[i - 1] ?? '')).map((w) => w.replace(/[^\p{L}-]/gu, ''));
  const GREETING = /^(Добр|Здравств|Алло|Привет|Доброе|Hello|Hi|Good|Это|This|Вам|Вы)/u;
  const capitalised = words.some((w) => /^\p{Lu}\p{Ll}{2,}/u.test(w) && !GREETING.test(w));
  const company = companyName.length > 0 && n.includes(normalizeText(companyName));
  return { name: INTRO.test(n) || capitalised, company: company || /«[^»]+»/u.test(text) && INTRO.test(n) };
}
