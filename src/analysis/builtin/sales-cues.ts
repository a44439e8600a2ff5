// Manager-side sales cues (how a salesperson introduces themself, proposes a next step, brushes
// off an objection, pushes, hesitates, criticises a competitor), in the pattern language of
// ../language/cues.ts. General sales Russian/English, not lines from any dataset.
import type { CueGroup } from '../language/cues.ts';
import { compileSpeechCueGroup } from '../language/speech-acts.ts';
import type { SpeechCueGroup } from '../language/speech-acts.ts';

export const SALES_CUE_NAMES = ['intro', 'permission', 'proposal', 'openSlot', 'pushy', 'dismissive', 'criticism', 'hesitation', 'pitch',
  'purchase', 'irritation', 'withdrawal', 'offer', 'recap', 'perUnit', 'price', 'empathy', 'deal'] as const;
export type SalesCueName = (typeof SALES_CUE_NAMES)[number];
type SalesCueLists = Record<SalesCueName, readonly string[]>;

const RU: SalesCueLists = {
  intro: (['меня зовут', 'это ~ из компани*', 'компания', 'компании', 'вас беспокоит', 'беспокоит', 'звоню из', 'звоню вам из',
    'представлю*', 'на связи', 'я из', 'это ~ из']),
  permission: (['удобно ~ говорить', 'удобно ~ разговаривать', 'удобно сейчас', 'удобно минутку', 'удобно пару', 'есть ~ минут*',
    'пару минут', 'минутку', 'не отвлекаю', 'можете ~ говорить', 'можно ~ минут*', 'уделить']),
  proposal: (['давайте ~ запиш*|назнач*|встрет*|оформ*|приед*|подъед*|созвон*|перезвон*|договорим*|зафиксир*|забронир*|организ*|устро*|поставим|установим|покажу|проведем|сделаем|я ~ позвоню|наберу',
    'предлагаю', 'предложу', 'когда ~ удобно', 'когда ~ удобнее', 'как ~ удобнее', 'удобнее ~ или', 'записать вас', 'запишу вас', 'могу ~ записать',
    'можем ~ встретиться|приехать|созвониться|подъехать|установить|поставить|начать', 'приглашаю', 'приходите', 'приезжайте',
    'готовы ~ начать|оформить|подписать', 'оформляем', 'выставить счет', 'выставлю счет', 'пришлю ~ договор', 'подписать договор', 'тест-драйв',
    'встреч*', 'встрет*', 'замер*', 'перезвонить', 'перезвоню ~ в', 'наберу ~ в', 'позвоню ~ в', 'созвонимся ~ в', 'демонстраци*', 'пробн*', 'гостев*', 'визит*']),
  openSlot: (['когда ~ удобно', 'когда ~ удобнее', 'когда надумаете', 'как надумаете', 'когда сможете', 'в любое время', 'когда будет время']),
  pushy: (['вы послушайте', 'послушайте', 'нет, вы', 'вчерашний день', 'еще минутку', 'подождите', 'не кладите', 'все-таки', 'все таки',
    'ну мало ли', 'вы пожалеете', 'вы ошибаетесь', 'все хотят', 'у нас такой порядок', 'без анкеты']),
  dismissive: (['рыночная цена', 'нормальная цена', 'ничего не поделаешь', 'стоит денег', 'ничего не могу', 'так положено', 'у всех ~ так', 'вам решать', 'как хотите', 'как знаете', 'ну ладно', 'ну хорошо', 'не знаю',
    'дело ваше', 'ваше дело', 'ничем не могу', 'такая цена', 'цена ~ фиксированн*', 'если что ~ обращайтесь', 'если что ~ звоните',
    'обращайтесь', 'звоните ~ если', 'ну это уже', 'ну как бы']),
  criticism: (['зря', 'горел*', 'б/у', 'восстановленн*', 'плох*', 'ужасн*', 'дешев* ~ робуст*', 'они ~ подведут', 'подведут',
    'у них ~ плох*', 'поливают', 'хуже нас', 'не советую']),
  hesitation: (['эээ', 'ээ', 'ммм', 'ну короче', 'короче', 'как бы', 'наверное ~ не интересн*', 'вам ~ не интересн*', 'вам наверное', 'ну я уточню', 'уточню у']),
  pitch: (['акци*', 'специальн* ~ предложени*', 'скидк*', 'только сегодня', 'до конца месяца', 'спецпредложени*', 'хотел* ~ предложить']),
  purchase: (['выставляйте', 'выставите', 'присылайте', 'высылайте', 'отправляйте ~ договор*|счет*', 'жду счет', 'жду ~ договор*', 'оформляем', 'оформляйте', 'берем', 'беру', 'покупаю', 'покупаем',
    'подписываем', 'высылайте договор', 'пришлите ~ договор*|счет', 'реквизит*', 'оплачу', 'оплатим', 'оплачиваем', 'заключаем', 'записываюсь',
    'куплю', 'купим', 'заказываем', 'заказываю', 'оплатил*', 'оплачено', 'перевел* ~ деньги|оплату|предоплату|аванс', 'внес* ~ предоплату|аванс|оплату',
    'давайте ~ бронировать|оформлять|покупать|заказывать|подписывать', 'могу|готов*|хочу|хотим|можем ~ оплатить|внести', 'бронируем', 'бронирую', 'забронируйте', 'ссылк* на оплату', 'счет ~ оплатим|оплачу']),
  irritation: (['зачем', 'какая разница', 'к чему', 'не буду ~ рассказывать', 'это личное', 'не ваше дело', 'я же говорю', 'я же сказал*',
    'не слышите', 'вы меня не', 'слушайте', 'подождите', 'я спросил*', 'сколько можно', 'не перебивайте', 'вы даже не']),
  // the manager finds there is no fit and lets the client go, or points them elsewhere
  withdrawal: (['вам ~ не нужн*', 'не буду ~ беспокоить|отвлекать|навязывать|предлагать|задерживать', 'навязывать ~ не буду|не стану', 'не смею ~ задерживать', 'не буду вам мешать', 'тогда не буду',
    'вам ~ не подойд*|не подходит', 'по сути ~ не нужн*', 'лучше ~ взять|купить|обратиться|заказать ~ в|у|готов*', 'мы ~ не успеем|не сможем|не потянем',
    'не наш ~ клиент|формат|случай|профиль', 'мы ~ только ~ делаем|продаем|работаем|берем', 'могу ~ посоветовать ~ обратиться|смотреть|поискать|искать', 'ищите ~ компани*|мастер*|в других', 'предложени* ~ нет ~ под', 'под ~ бюджет ~ у нас ~ нет', 'сохраните ~ номер|контакт*|телефон', 'чтобы ~ не теряли ~ время', 'если ~ понадоб* ~ снова|когда-нибудь']),
  offer: (['мы можем', 'можем предложить', 'могу предложить', 'предлагаем', 'вам подойдет', 'вам подойдут', 'для вас подойдет', 'подберем', 'подобрать вам',
    'мы ставим', 'мы делаем', 'мы предоставляем', 'мы даем', 'мы возим', 'мы обслуживаем', 'у нас есть ~ тариф*|пакет*|программ*|вариант*|формат*']),
  recap: (['записал*', 'записываю', 'фиксирую', 'зафиксировал*', 'итак', 'договорились', 'принято', 'жду вас', 'до встречи', 'до завтра',
    'напомню', 'напоминание', 'значит ~ в']),
  perUnit: (['за чашку', 'за тренировку', 'за занятие', 'за визит', 'в день', 'на человека', 'за сотрудника', 'в месяц выходит',
    'за час', 'за штуку', 'за метр', 'за единиц*', 'на одного', 'в пересчете', 'за посещение', 'за страницу', 'за урок', 'за километр']),
  price: (['руб*', 'тысяч*', 'тыщ*', 'тыс', 'косар*', 'стоит', 'стоимост*', 'цен*', 'тариф*', 'в месяц', 'процент*', 'рассрочк*']),
  deal: (['по рукам', 'договорились']),
  empathy: (['понимаю', 'понимаем', 'понятно', 'согласен', 'справедливо', 'резонно', 'хороший вопрос', 'спасибо, что', 'действительно']),
};

const EN: SalesCueLists = {
  intro: (['my name is', "i'm", 'i am', 'this is']),
  permission: (['do you have a minute', 'good time', 'how are you']),
  proposal: (['how about', 'would you', 'could you', 'can you do', 'i can do', 'i could do', 'i can offer', 'i can go', 'i could go',
    'meet', 'pick it up', 'come by', 'deal?', 'lowest', 'best i can', 'willing to', 'let me', 'offer']),
  openSlot: (['whenever', 'any time', 'anytime']),
  pushy: (['take it or leave it', 'final offer', 'non negotiable', 'non-negotiable', 'firm']),
  dismissive: (['not my problem', 'whatever', 'firm on', 'not budging']),
  criticism: (['scam', 'ripoff', 'rip off']),
  hesitation: (['um', 'uh', 'hmm']),
  pitch: (['special offer', 'discount', 'sale']),
  purchase: (["i'll take it", 'i will take it', 'i accept', 'deal', 'i can do that', 'sounds good', 'sounds great', 'works for me',
    "let's do it", 'agreed', 'i can pay', "i'll pay", 'i will pay', 'i can pick', "i'll pick", 'i will pick', 'come get', 'pick it up',
    'that works', 'perfect', 'you got it', "you've got", 'sold', 'yes', 'ok', 'okay', 'sure', 'great']),
  irritation: (['ridiculous', 'insulting', 'joke', 'are you kidding', 'seriously']),
  withdrawal: (['i will let you go', "i'll let you go"]),
  offer: (['i can offer', 'it comes with', 'it has', 'comes with']),
  recap: (['see you', 'deal', 'great', 'thanks', 'thank you']),
  perUnit: (['per month', 'a month', 'per day']),
  price: (['price', 'dollars', 'bucks']),
  deal: (['deal', 'will work', 'works for me', 'that works', 'i accept', 'accepted', 'acceptable', "i'll take it", 'i will take it',
    'i can do that', 'i could do that', 'can do that', 'agreed', 'sounds good', 'sounds great', 'sounds fair', 'you got it', "you've got",
    'see you', 'on my way', 'lets do it', 'let us do it', 'will take it', 'take it', 'i will take', "i'll take", 'sounds fine', 'pick it up', 'come get', "let's do it", 'it is yours', "it's yours", 'sold', 'fair enough', 'i can live with',
    'that would be great', 'that would be fine', 'ok with', 'okay with', 'fine with', 'happy with']),
  empathy: (['i understand', 'i see', 'fair', 'i hear you', 'makes sense']),
};

// each language's sales cues in one group with the speech acts' cues, so that a turn is scanned once for both
const GROUPS = { ru: compileSpeechCueGroup('ru', RU), en: compileSpeechCueGroup('en', EN) };

/** All sales cue sets of a language and the speech acts' sets as one group, matched in one pass per turn. */
export function salesCuesFor(language: string): SpeechCueGroup {
  return language === 'en' ? GROUPS.en : GROUPS.ru;
}

const numbersOf = (group: CueGroup<string>): Record<SalesCueName, number> =>
  Object.fromEntries(SALES_CUE_NAMES.map((name) => [name, group.names.indexOf(name)])) as Record<SalesCueName, number>;
const NUMBERS = { ru: numbersOf(GROUPS.ru.group), en: numbersOf(GROUPS.en.group) };

/** Each sales cue's set number in its language's group: matchGroupHits gives the hits by number. */
export function salesCueNumbers(language: string): Record<SalesCueName, number> {
  return language === 'en' ? NUMBERS.en : NUMBERS.ru;
}
