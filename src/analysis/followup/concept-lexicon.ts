// A general sales/commerce concept lexicon, Russian and English. A recommendation and a call are
// compared by the *concepts* they express, not by their words: "рассрочка" and "двенадцать равных
// платежей" are both `installments`; "тест-драйв" and "поставим на две недели попробовать" are
// both `trial`. Patterns use the cue language of ../language/cues.ts ("word*" = prefix, "~" = up
// to two words in between, "a|b" = alternatives in one slot). The vocabulary is ordinary sales
// language of any industry; nothing here is copied from an evaluation file.

export interface ConceptDefinition {
  id: string;
  /**
   * How much matching this concept says about the recommendation's substance. Generic
   * concepts (a price, a call) weigh less than specific offers (installments, a free trial).
   */
  weight: number;
  patterns: string[];
}

export const CONCEPTS: readonly ConceptDefinition[] = [
  { id: 'apology', weight: 1, patterns: [
    'извин*', 'простите', 'прошу прощени*', 'виноват*', 'неправ*', 'каюсь', 'признаю*', 'погорячил*', 'увлек*', 'навязчив*',
    'непрофессионал*', 'sorry', 'apolog*', 'my mistake', 'i was wrong'] },
  { id: 'convenient_time', weight: 0.7, patterns: [
    'удобн* ~ говорит*|разговарив*|минут*|сейчас', 'есть ~ минут*|минутк*', 'можете ~ говорить', 'не отвлекаю',
    'good time', 'have a minute|moment', 'is now ok', 'can you talk'] },
  { id: 'purpose', weight: 0.6, patterns: [
    'звоню ~ по поводу|потому|чтобы|насчет|из-за', 'цель* звонк*', 'причин* звонк*', 'хочу|хотел* ~ предлож*|рассказ*|уточн*',
    'calling ~ about|because|to', 'reason for my call'] },
  { id: 'recall_context', weight: 0.8, patterns: [
    'помню', 'вы ~ говорил*|сказал*|упоминал*|просил*|спрашивал*|интересовал*', 'в прошлый раз', 'мы ~ говорил*|обсуждал*',
    'прошл* неделе|разговор*', 'you mentioned|said|told', 'last time', 'we spoke|talked'] },
  { id: 'call', weight: 0.5, patterns: [
    'созвон*', 'перезвон*', 'позвон*', 'звонок', 'созвонимся', 'набер*', 'поговор*', 'разговор*', 'обсуд*', 'онлайн', 'зум', 'zoom',
    'call*', 'talk', 'discuss*'] },
  { id: 'meeting', weight: 0.8, patterns: [
    'встреч*', 'визит*', 'приед*', 'приезд*', 'подъед*', 'заед*', 'приходите', 'придите', 'прийти', 'зайдите', 'загляните', 'жд* вас',
    'запиш*', 'записал*', 'запис* ~ на', 'консультац*', 'прием*', 'замер*', 'показ*', 'демонстрац*', 'демо', 'экскурс*', 'у вас в офисе', 'meet*', 'visit*', 'demo*', 'come in|over|by'] },
  { id: 'trial', weight: 1, patterns: [
    'тест-драйв*', 'тест драйв*', 'пробн*', 'попроб*', 'прокатит*|прокатиться|покатат*|поездит*',  'опробов*', 'протестир*', 'тестов*', 'гостев*', 'дегустац*', 'продегуст*',
    'на пробу', 'пилот*', 'на ~ недел*|дн* ~ бесплатн*', 'бесплатн* ~ на ~ недел*|дн*', 'постав*|привез*|дад*|установ* ~ на ~ недел*|дн*', 'попользова*', 'бесплатн* период*|недел*|дн*', 'trial*', 'try', 'test drive', 'pilot', 'tasting', 'guest pass'] },
  { id: 'free', weight: 0.8, patterns: [
    'бесплатн*', 'безвозмездн*', 'даром', 'в подарок', 'ни рубл*|копе*', 'ничего не ~ должн*|плат*|стоит*', 'не бер* ~ денег|оплат*|рубл*',
    'без оплат*', 'за наш счет', 'free', 'no charge', 'at no cost', 'on us', 'won\'t pay|cost'] },
  { id: 'installments', weight: 1.2, patterns: [
    'рассрочк*', 'частями', 'по частям', 'равн* ~ плат*|част*|сумм*', 'помесячн*', 'ежемесячн* плат*', 'без переплат*', 'переплат*',
    'в месяц ~ без', 'разби* ~ на', 'кредит*', 'растян*', 'сразу ~ платить|отдавать|вносить|оплачивать ~ не', 'не ~ обязательно|нужно|надо ~ сразу',
    'всю ~ сумму ~ сразу', 'каждый месяц ~ вносит*|плат*|оплач*', 'not ~ all at once', 'upfront', 'spread ~ payment*|cost*|over', 'installment*', 'monthly payment*', 'pay monthly', 'split ~ payment*', 'no interest'] },
  { id: 'discount', weight: 1, patterns: [
    'скидк*', 'скидоч*', 'акци*', 'промокод*', 'спецпредлож*', 'дешевле', 'уступ*', 'discount*', 'promo*', 'off the price', 'cheaper'] },
  { id: 'price', weight: 0.5, patterns: [
    'цен*', 'стоимост*', 'стоит', 'стоят', 'руб*', 'тысяч*', 'сумм*', 'прайс*', 'платеж*', 'заплат*', 'платите', 'обойдет*', 'выйдет', 'выходит',
    'price*', 'cost*', 'dollar*', 'fee*', 'rate'] },
  { id: 'unit_cost', weight: 1.2, patterns: [
    'за ~ чашк*|кружк*|порци*|визит*|посещени*|заняти*|тренировк*|раз|день|сотрудник*|человек*|штук*|единиц*|час|километр*',
    'на человека|сотрудника|одного|чашку|кружку|визит', 'в пересчет*', 'дели* ~ на', 'раздел*', 'в день', 'per ~ cup|visit|day|user|seat|unit|hour|person',
    'a cup|day', 'each'] },
  { id: 'calculation', weight: 1, patterns: [
    'расчет*', 'рассчит*', 'посчит*', 'подсчит*', 'просчит*', 'счита*', 'цифр*', 'раскладк*', 'разлож*', 'окупа*', 'экономи*', 'сэконом*',
    'выгод*', 'теря*', 'потер*', 'упуска*', 'недополуч*', 'выручк*', 'прибыл*', 'за год', 'за два года', 'в итоге', 'итого',
    'calculat*', 'numbers', 'math', 'roi', 'saving*', 'save', 'pay* back|off', 'lose|losing|lost', 'revenue', 'per year', 'over ~ year*'] },
  { id: 'comparison', weight: 1, patterns: [
    'сравн*', 'сопостав*', 'против', 'в отличие', 'чем у', 'чем свой|своя|сам*', 'таблиц*', 'вариант*', 'альтернатив*', 'други* ~ страхов*|компани*|поставщик*|предложени*|игрок*|банк*',
    'compar*', 'versus', 'vs', 'side by side', 'alternative*', 'options'] },
  { id: 'own_purchase', weight: 0.9, patterns: [
    'свой', 'своя', 'свои', 'своего', 'своей', 'собственн*', 'купит*', 'покупк*', 'покупать', 'купите', 'на старте', 'в собственность',
    'buy* ~ own|outright', 'your own', 'purchase*'] },
  { id: 'competitor', weight: 0.9, patterns: [
    'конкурент*', 'поставщик*', 'подрядчик*', 'перевозчик*', 'исполнител*', 'текущ*', 'нынешн*', 'сейчас работаете', 'други* клуб*|компани*|фирм*', 'у своих',
    'competitor*', 'current ~ provider|vendor|supplier|contractor', 'other ~ company|vendor'] },
  { id: 'improve', weight: 0.9, patterns: [
    'улучш*', 'помен*', 'изменит*', 'не устраива*', 'не хватает', 'хотел* бы ~ друг*|инач*|лучше', 'что бы ~ поменял*|изменил*', 'недоволь*',
    'improve*', 'change', 'better', 'not happy', 'missing'] },
  { id: 'concerns', weight: 0.8, patterns: [
    'важн*', 'главн*', 'приоритет*', 'критери*', 'смущ*', 'смутил*', 'сомнен*', 'сомнева*', 'останавл*', 'остановил*', 'беспоко*', 'волну*',
    'опаса*', 'страх|страха|страшно', 'боит*', 'боитесь', 'боюсь', 'вопрос*', 'сдержива*', 'мешает', 'что ~ не так', 'concern*', 'important', 'matter*',
    'worr*', 'hesita*', 'question*', 'what stops|held'] },
  { id: 'decision_maker', weight: 1, patterns: [
    'решени* ~ принима*', 'принима* ~ решени*', 'руковод*', 'директор*', 'генеральн*', 'начальств*', 'начальник*', 'собственник*', 'владел*',
    'финдиректор*', 'бухгалтер*', 'с кем ~ обсужда*|решает*|согласов*', 'согласов*', 'отвечает за', 'ответственн*', 'персонал*', 'кадр*',
    'утвержда*', 'утверд*', 'выбира* ~ перевозчик*|поставщик*|подрядчик*|исполнител*', 'последнее слово', 'окончательн*', 'decision maker*', 'decides', 'approv*', 'boss', 'director', 'owner', 'ceo', 'cfo', 'in charge', 'sign off'] },
  { id: 'budget', weight: 1, patterns: [
    'бюджет*', 'уложит*', 'в пределах', 'не дороже', 'до ~ тысяч*', 'сколько ~ готов*|планир*|закладыва*', 'budget*', 'within', 'afford'] },
  { id: 'volume', weight: 0.6, patterns: [
    'сотрудник*', 'человек*', 'численност*', 'штат*', 'коллектив*', 'объем*', 'количеств*', 'сколько вас', 'employee*', 'people', 'staff',
    'headcount', 'team size', 'users', 'volume'] },
  { id: 'timeline', weight: 0.7, patterns: [
    'срок*', 'недел*', 'полгод*', 'рабочих дн*', 'дней', 'месяц*', 'успе*', 'к ~ дат*|старт*|запуск*|сезон*', 'запуск*', 'занимает', 'займет',
    'deadline*', 'week*', 'days', 'launch*', 'in time', 'takes', 'timeline'] },
  { id: 'send', weight: 0.6, patterns: [
    'присл*', 'пришл*', 'отправ*', 'высл*', 'вышлю', 'скин*', 'направ*', 'перешл*', 'по почте|почту', 'на почту', 'в мессенджер*|ватсап*|телеграм*',
    'send*', 'sent', 'email*', 'e-mail*', 'forward*'] },
  { id: 'document', weight: 0.6, patterns: [
    'кп', 'коммерческ* предложени*', 'предложени*', 'договор*', 'документ*', 'презентац*', 'таблиц*', 'отчет*', 'список*', 'смет*', 'счет',
    'оферт*', 'бумаг*', 'письм*', 'proposal*', 'quote*', 'contract*', 'document*', 'deck', 'report*', 'spreadsheet', 'offer letter'] },
  { id: 'case_example', weight: 1, patterns: [
    'кейс*', 'пример*', 'други* ~ клиент*|компани*|заказчик*|покупател*', 'у ~ клиент*|заказчик*', 'похож* ~ компани*|ситуаци*|проект*',
    'как другие', 'отзыв*', 'портфолио', 'рекомендац* клиент*', 'уже работа*', 'у нас ~ занима*|учи*|лечи*|был*|обслужива*', 'один|одна|одного|одной ~ наш* ~ клиент*|ученик*|пациент*|заказчик*', 'наш* ~ клиент*|ученик*|пациент*|заказчик*|покупател*', 'недавно ~ к нам|у нас', 'case*', 'example*', 'other client*|customer*|companies',
    'portfolio', 'testimonial*', 'reference*'] },
  { id: 'guarantee', weight: 1, patterns: [
    'гарант*', 'чиним|починим|отремонтируем', 'за наш счет', 'верн* ~ деньг*', 'возврат*', 'без риск*', 'заберем', 'ничего не теря*', 'не понрав*', 'не подойдет', 'обязательств*',
    'guarantee*', 'warrant*', 'refund*', 'money back', 'no risk', 'risk-free', 'take it back'] },
  { id: 'trade_in', weight: 1, patterns: [
    'трейд-ин', 'трейдин', 'в зачет', 'в счет ~ нов*|покупк*|оплат*|стоимост*', 'обмен*', 'сда* ~ стар*|прежн*', 'выкуп*', 'оцен* ~ ваш*|стар*|нынешн*',
    'trade-in', 'trade in', 'part exchange', 'towards the new'] },
  { id: 'insurance', weight: 1, patterns: [
    'страхов*', 'застрахов*', 'возмест*', 'возмещ*', 'компенс*', 'покроем', 'покрыва* ~ ущерб*|убыт*|стоимост*', 'материальн* ответственност*',
    'insur*', 'reimburs*', 'compensat*', 'liabilit*'] },
  { id: 'price_lock', weight: 1.1, patterns: [
    'зафиксир* ~ цен*|стоимост*|тариф*', 'по ~ текущ*|нынешн*|сегодняшн*|старой ~ цен*', 'сохран* ~ цен*|стоимост*', 'цен* ~ не ~ измен*|вырастет',
    'lock* ~ in|price*|rate*', 'today\'s ~ price|rate', 'current ~ price|rate', 'price freeze', 'guarantee the price'] },
  { id: 'start', weight: 0.7, patterns: [
    'начн*', 'начать', 'начинать', 'начало', 'старт*', 'приступ*', 'запуск*', 'start*', 'begin*', 'kick* off', 'kickoff', 'rollout', 'roll out', 'go live', 'onboard*'] },
  { id: 'delivery', weight: 0.9, patterns: [
    'достав*', 'привез*', 'привоз*', 'завез*', 'отгруз*', 'курьер*', 'deliver*', 'shipping', 'ship*', 'bring'] },
  { id: 'installation', weight: 0.8, patterns: [
    'установ*', 'монтаж*', 'поставим', 'поставл*', 'подключ*', 'настро*', 'внедр*', 'запуст*', 'install*', 'set up', 'setup', 'onboard*'] },
  { id: 'service', weight: 0.9, patterns: [
    'сервис*', 'ремонт*', 'почин*', 'чинит*', 'чинят', 'мастер*', 'инженер*', 'обслужив*', 'слома*', 'полома*', 'встанет', 'выйдет из строя', 'поддержк*',
    'техподдерж*', 'service', 'repair*', 'maintenance', 'engineer*', 'technician*', 'support', 'break*', 'broke*'] },
  { id: 'replacement', weight: 1.1, patterns: [
    'подменн*', 'на замен*', 'замен*', 'друг* ~ аппарат*|машин*|устройств*', 'временн* ~ аппарат*|машин*', 'replacement', 'loaner', 'swap*',
    'spare'] },
  { id: 'downtime', weight: 0.9, patterns: [
    'простой|простоя|простои|простоев', 'без ~ кофе|связи|работы|техник*', 'пока ~ ремонт*|мастер*|чин*', 'ждать|ждете ~ детал*|мастер*', 'downtime', 'idle', 'without ~ it'] },
  { id: 'included', weight: 1, patterns: [
    'входит', 'входят', 'включен*', 'включа*', 'в стоимост*', 'без доплат*', 'доплачива*', 'ничего ~ сверху', 'все ~ в том же|той же',
    'в|за те|ту|тот же', 'за те же', 'included', 'includes', 'at no extra', 'no extra'] },
  { id: 'schedule_hours', weight: 1, patterns: [
    'расписани*', 'график*', 'во сколько', 'часы работы', 'открыт* ~ с', 'работаем ~ с', 'с утра', 'до ~ вечера|ночи', 'утр*', 'вечер*',
    'schedule*', 'timetable', 'opening hours', 'open ~ from|until', 'morning*', 'evening*'] },
  { id: 'pause', weight: 1, patterns: ['замороз*', 'заморож*', 'пауз*', 'приостанов*', 'перенес*', 'отсрочк*', 'freeze', 'pause', 'hold'] },
  { id: 'simple_words', weight: 0.8, patterns: [
    'прост* словами', 'по-простому', 'по простому', 'проще', 'понятн* ~ язык*|слов*', 'без ~ термин*|жаргон*', 'человеческ* язык*',
    'in plain|simple', 'simply put', 'in short'] },
  { id: 'plan_tier', weight: 0.7, patterns: [
    'тариф*', 'пакет*', 'план*', 'верси*', 'программ*', 'комплектаци*', 'модел*', 'минимальн*', 'базов*', 'эконом*', 'меньш*', 'поменьше',
    'plan', 'package', 'tier', 'basic', 'starter', 'smaller', 'lite'] },
  { id: 'phased', weight: 1, patterns: [
    'сначала', 'первым ~ этап*|шаг*', 'вторым ~ этап*|шаг*', 'этап*', 'следом', 'потом', 'затем', 'поэтапн*', 'постепенн*', 'остальное',
    'first', 'later', 'phase*', 'step by step', 'then', 'second stage'] },
  { id: 'renewal', weight: 1, patterns: [
    'продлен*', 'продлева*', 'окончани*', 'закончит*|заканчива*', 'истека*', 'обновлени*', 'перезаключ*', 'до ~ октябр*|ноябр*|декабр*|январ*|феврал*|март*|апрел*|мая|июн*|июл*|август*|сентябр*',
    'renew*', 'expire*', 'expiry', 'end of ~ contract'] },
  { id: 'region', weight: 1, patterns: ['регион*', 'город*', 'филиал*', 'покрыва*', 'по всей', 'в ~ област*|край', 'region*', 'city|cities', 'branch*', 'coverage'] },
  { id: 'brief', weight: 1, patterns: [
    'бриф*', 'анкет*', 'опросн*', 'требовани*', 'тз', 'техническ* задани*', 'расспрос*', 'аналитик*', 'задач*', 'brief*', 'requirements',
    'questionnaire', 'discovery'] },
  { id: 'audit', weight: 1, patterns: ['аудит*', 'проверк*', 'проверим', 'анализ*', 'диагностик*', 'разбор*', 'разбер*', 'audit*', 'review', 'assessment', 'check-up'] },
  { id: 'leads', weight: 0.9, patterns: ['заявк*', 'заявок', 'обращени*', 'лид*', 'клиент* ~ теря*|уход*', 'звонков', 'lead*', 'inquir*', 'enquir*'] },
  { id: 'invite', weight: 0.8, patterns: [
    'приглаша*', 'пригласит*', 'приглашени*', 'приходите', 'приезжайте', 'заглян*', 'зайд*', 'зайти', 'забег*', 'подъезж*', 'подойдите', 'придете|придешь', 'ждем вас|тебя', 'жд* вас', 'будем рады', 'давайте ~ встрет*|увид*|познаком*',
    'invite*', 'come ~ in|over|by|visit', 'join us'] },
  { id: 'same_terms', weight: 1, patterns: [
    'та|тот|то|такая|такой|такие|такую|столько же', 'ровно ~ так*|столько', 'не ~ переплачива*|дороже', 'ни копейки сверху',
    'same ~ price|cost|as', 'no more than', 'not pay more'] },
  { id: 'direct', weight: 0.8, patterns: ['напрямую', 'посредник*', 'без посредник*', 'сами ~ к|в|напрямую', 'directly', 'middleman', 'go direct'] },
  { id: 'commission', weight: 1, patterns: ['комисси*', 'вознагражд*', 'процент* ~ от|нам|платит|перечисл*', 'перечисля* ~ процент*', 'наш доход', 'commission*', 'kickback', 'we are paid by'] },
  { id: 'website', weight: 0.8, patterns: ['сайт*', 'лендинг*', 'страниц*', 'портал*', 'интернет-магазин*', 'приложени*', 'website*', 'site', 'landing*', 'page*', 'app'] },
  { id: 'agreement_doc', weight: 0.8, patterns: ['подписать|подпишем|подписали|подписью|подпись', 'подписан*', 'печат*', 'зафиксир*', 'прописан*', 'пропиш*', 'записан*', 'пункт*', 'в договоре', 'sign*', 'in writing', 'clause'] },
];

export const CONCEPT_BY_ID: ReadonlyMap<string, ConceptDefinition> = new Map(CONCEPTS.map((c) => [c.id, c]));
