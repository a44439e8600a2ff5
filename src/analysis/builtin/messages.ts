// Deduction reasons in the call's language: a stable code and the human text in Russian or English.
export type Lang = 'ru' | 'en';

const TEXTS: Record<string, [ru: string, en: string]> = {
  'greeting.no_hello': ['Менеджер не поздоровался', 'The manager did not greet the client'],
  'greeting.no_company': ['Не назвал компанию', 'Did not name the company'],
  'greeting.no_intro': ['Не представился', 'Did not introduce themself'],
  'greeting.no_name': ['Менеджер не назвал своё имя', 'The manager did not say their name'],
  'greeting.curt': ['Скомканное начало: ни приветствия, ни представления', 'A curt opening: no greeting, no introduction'],
  'greeting.no_permission': ['Не спросил, удобно ли говорить', 'Did not ask whether it is a good time to talk'],
  'greeting.client_asked_who': ['Клиенту пришлось спрашивать, кто звонит и откуда', 'The client had to ask who was calling'],
  'greeting.pitch_first': ['Начал с рекламы, не выяснив, с кем говорит', 'Opened with a pitch before knowing who the client is'],
  'greeting.hesitation': ['Неуверенное начало, слова-паразиты, негативная подача', 'Hesitant opening with fillers or negative framing'],
  'greeting.pushed_after_no': ['Продолжал давить после отказа', 'Kept pushing after the client said no'],
  'greeting.lost_client': ['Клиент потерян уже на приветствии', 'The client was lost in the opening'],
  'needs.absent': ['Потребности не выявлялись: ни одного вопроса о ситуации клиента', 'No needs discovery: not a single question about the client'],
  'needs.few_questions': ['Мало вопросов о ситуации клиента', 'Too few questions about the client'],
  'needs.closed_questions': ['Только закрытые и наводящие вопросы: клиенту не дали рассказать о себе', 'Only yes/no and leading questions: the client was never asked to tell their story'],
  'needs.client_irritated': ['Вопросы вызвали раздражение клиента', 'The questions irritated the client'],
  'needs.script_gap': ['Не выяснено то, что требует скрипт этапа', 'Did not find out what the stage script asks for'],
  'needs.missed_need': ['Не выяснено главное для клиента: предложение ему не подошло', 'What mattered to the client was not found out: the offer did not fit'],
  'needs.price_before_needs': ['Назвал цену до выяснения потребностей', 'Named the price before finding out the needs'],
  'presentation.not_linked': ['Презентация не связана с тем, что сказал клиент', 'The presentation ignored what the client said'],
  'presentation.client_pushback': ['Клиент возразил против предложенного: менеджер не услышал запрос', 'The client pushed back on the offer: the request was not heard'],
  'presentation.pushy': ['Давление и спор с клиентом', 'Pressure and arguing with the client'],
  'presentation.thin': ['Презентация слишком короткая и невнятная', 'The presentation was too thin'],
  'presentation.script_gap': ['Не прозвучало ключевое из скрипта презентации', 'Key points of the presentation script were missing'],
  'presentation.client_led': ['Менеджер не презентовал сам: клиент вытягивал сведения о предложении вопросами', 'No presentation of the manager’s own: the client had to ask for every detail of the offer'],
  'presentation.no_unit_price': ['Цена не переведена в понятную единицу (за чашку, за занятие…)', 'The price was not broken down into a unit'],
  'objections.unanswered': ['Возражение оставлено без ответа', 'An objection was left unanswered'],
  'objections.dismissive': ['Ответ на возражение отмахивающийся, без аргументов', 'The objection was brushed off without arguments'],
  'objections.no_argument': ['Ответ на возражение в пару слов, без вопроса и аргумента', 'A one-line answer to the objection, with no question or argument'],
  'objections.pushy': ['Давил на клиента вместо ответа на возражение', 'Pressed the client instead of answering the objection'],
  'objections.criticised_competitor': ['Критиковал конкурента вместо вопросов', 'Criticised the competitor instead of asking questions'],
  'objections.client_not_convinced': ['Клиент остался при своём возражении', 'The client was not convinced'],
  'objections.off_handling': ['Ответ расходится с тем, как компания отрабатывает это возражение', 'The answer differs from the company’s way of handling this objection'],
  'closing.absent': ['Не было попытки закрыть на следующий шаг', 'No attempt to agree on a next step'],
  'closing.accepted_stall': ['Принял «подумаю»/«пришлите на почту» без конкретной договорённости', 'Accepted a stall without fixing a next step'],
  'closing.no_concrete_time': ['Следующий шаг без конкретной даты и времени', 'The next step has no concrete date and time'],
  'closing.open_question': ['Спросил «когда вам удобно» вместо конкретных вариантов', 'Asked "when suits you" instead of offering concrete options'],
  'closing.one_option': ['Предложен один вариант времени вместо двух', 'Offered one time option instead of two'],
  'closing.no_recap': ['Не подтвердил договорённость (день, время, что будет)', 'Did not confirm the agreement'],
  'closing.client_led': ['Закрывал клиент, а не менеджер; расплывчатые ответы', 'The client drove the closing; vague answers'],
  'rule.violated': ['Нарушено правило эксперта', 'An expert rule was broken'],
  'script.unlike_reference': ['Этап далёк от скрипта и эталонных звонков компании', 'The stage is far from the script and the reference calls'],
  'correction.score': ['Оценка скорректирована по правке РОПа на похожем звонке', 'Score adjusted by the head of sales’ correction on a similar call'],
};

export function reasonText(code: string, lang: Lang, detail?: string): string {
  const pair = TEXTS[code] ?? (code.startsWith('rule.') ? TEXTS['rule.violated'] : undefined) ?? ['', ''];
  const base = lang === 'en' ? pair[1] : pair[0];
  return detail ? `${base}: ${detail}` : base;
}
