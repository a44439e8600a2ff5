// What the builtin client says, by situation and language, coloured by the persona's style and
// verbosity. Variants are picked by a seeded generator so a session replays identically.
import type { PhraseStyle } from '../personas/persona.ts';
import type { TrainerLanguage } from '../trainer-types.ts';

export type Situation =
  | 'opening' | 'opening_cold' | 'greeting_ok' | 'greeting_cold'
  | 'needs_vague' | 'needs_closed' | 'needs_skipped' | 'needs_reveal'
  | 'ask_offer' | 'presentation_not_tied' | 'presentation_ok'
  | 'objection_raise' | 'objection_harder' | 'objection_same_answer' | 'objection_evasive' | 'objection_vague' | 'objection_detail' | 'objection_accepted'
  | 'early_next_step' | 'early_meeting' | 'early_meeting_objection'
  | 'closing_stall' | 'closing_hesitate' | 'closing_ask_time' | 'agree'
  | 'leave' | 'leave_no_next_step' | 'manager_ended'
  | 'deflect_bot' | 'deflect_personal' | 'interrupt';

type Bank = Record<Situation, string[]>;

const RU: Bank = {
  opening: ['Алло, да, слушаю.', 'Да, алло.', 'Слушаю вас.'],
  opening_cold: ['Алло. Кто это?', 'Да. Кто говорит?'],
  greeting_ok: ['Здравствуйте. Да, слушаю вас.', 'Добрый день. Да, было дело, интересовался. Что вы хотели?'],
  greeting_cold: ['Подождите, а вы кто? Откуда у вас мой номер?', 'Не понял, кто звонит и по какому вопросу?', 'Представьтесь, пожалуйста. Что за компания?'],
  needs_vague: ['По-разному. Смотрим варианты.', 'Да как сказать… Пока просто присматриваемся.', 'Сложно сказать. В целом всё как у всех.', 'Да ничего особенного, обычная ситуация.', 'Пока сами не до конца понимаем.'],
  needs_closed: ['Да.', 'Ну, допустим, да.', 'Нет, не совсем.'],
  needs_skipped: ['Подождите, вы же даже не спросили, что нам нужно.', 'Вы мне сразу продаёте, а что нам надо, не узнали.'],
  needs_reveal: ['Если честно, {needLower}', 'Ну раз спрашиваете, {needLower}', 'Смотрите, {needLower}'],
  ask_offer: ['Так что вы можете предложить?', 'И что у вас есть под нашу задачу?'],
  presentation_not_tied: ['И что мне это даёт? Как это решит именно нашу задачу?', 'Это вы всем так рассказываете. А нам-то это зачем?'],
  presentation_ok: ['Понятно, звучит интересно.', 'Так, допустим.'],
  objection_raise: ['Но есть момент: {objectionLower}', 'Всё это хорошо, но {objectionLower}', 'Меня смущает одно: {objectionLower}'],
  objection_harder: ['Хорошо, но всё равно {objectionLower} Меня это не убедило до конца.', 'Ну допустим. И всё-таки {objectionLower} Чем докажете?'],
  objection_same_answer: ['Вы это уже говорили. А ещё что-нибудь, кроме этого?', 'Это я уже слышал. Чем ещё убедите?'],
  objection_evasive: ['Это общие слова. Вы мне не ответили: {objectionLower}', 'Все так говорят. А по существу? {objection}', 'Вы меня не слышите. Я же говорю: {objectionLower}', 'Это не ответ. {objection}'],
  objection_vague: ['А конкретнее? Что именно вы предлагаете?', 'Это понятно, но как это будет выглядеть у нас, конкретно?'],
  objection_detail: ['Ну смотрите: {objectionLower} Мы уже сравнивали с другими вариантами.', 'Да просто {objectionLower} Вот и всё.'],
  objection_accepted: ['Ладно, это убедительно.', 'Хорошо, так понятнее.'],
  early_meeting: ['Какая встреча? Я ещё даже не понял, что вы предлагаете.', 'Подождите, о чём встречаться-то? Вы пока ничего толком не рассказали.'],
  early_meeting_objection: ['Встреча — это потом. Меня смущает вот что: {objectionLower}', 'Не торопитесь. Сначала скажите: {objectionLower}'],
  early_next_step: ['Подождите со встречей. Вы мне так и не ответили: {objectionLower}', 'Рано о встрече. Меня всё ещё смущает: {objectionLower}'],
  closing_stall: ['Хорошо, я подумаю.', 'Ладно, мне надо подумать. Я вам перезвоню.', 'Я подумаю и наберу вас.', 'Давайте я всё обдумаю и сам с вами свяжусь.'],
  closing_hesitate: ['Не знаю, давайте я сам наберу, когда определюсь.', 'Давайте без конкретики пока, я подумаю.'],
  closing_ask_time: ['А во сколько?', 'Хорошо, а время какое?'],
  agree: ['Хорошо, давайте {when}. Договорились.', 'Ладно, {when} — подходит. До связи.'],
  leave: ['Знаете, мне это сейчас неинтересно. Спасибо, до свидания.', 'Давайте закончим. Всего доброго.'],
  leave_no_next_step: ['Да, я подумаю и сам наберу. До свидания.', 'Хорошо, спасибо. До свидания.'],
  manager_ended: ['До свидания.', 'Всего доброго.'],
  deflect_bot: ['Что за вопросы? Я {name}, {role}. Давайте по делу.', 'Странный вопрос. Я {name}, и у меня не так много времени.', 'Смешно. Нет, это {name}, и я жду ответа по делу.'],
  deflect_personal: ['Это к делу не относится.', 'Давайте не будем обо мне.', 'Ну вы и вопросы задаёте. Давайте по делу.'],
  interrupt: ['Секундочку, давайте короче.', 'Подождите, подождите.'],
};

const EN: Bank = {
  opening: ['Hello, yes?', 'Hello.', 'Yes, speaking.'],
  opening_cold: ['Hello. Who is this?', 'Yes. Who is calling?'],
  greeting_ok: ['Hello. Yes, go ahead.', 'Good afternoon. Yes, I did ask about it. What is it about?'],
  greeting_cold: ['Wait, who are you? Where did you get my number?', 'Sorry, who is calling and what about?', 'Please introduce yourself. Which company?'],
  needs_vague: ['Well… it depends. We are looking at options.', 'Hard to say. Just looking around for now.', 'Difficult to say. Same as everyone, really.'],
  needs_closed: ['Yes.', 'Well, yes, let us say so.', 'No, not really.'],
  needs_skipped: ['Hold on, you have not even asked what we need.', 'You are selling right away without asking what we need.'],
  needs_reveal: ['To be honest, {needLower}', 'Since you ask, {needLower}', 'Look, {needLower}'],
  ask_offer: ['So what can you offer?', 'And what do you have for our case?'],
  presentation_not_tied: ['And what does that give me? How does it solve our problem?', 'You tell everyone that. Why would we need it?'],
  presentation_ok: ['I see, sounds interesting.', 'Okay, let us say so.'],
  objection_raise: ['But there is one thing: {objectionLower}', 'That is all fine, but {objectionLower}', 'One thing bothers me: {objectionLower}'],
  objection_harder: ['Fine, but still, {objectionLower} I am not fully convinced.', 'Let us say so. Still, {objectionLower} Can you prove it?'],
  objection_same_answer: ['You said that already. Anything else?', 'I heard that. What else have you got?'],
  objection_evasive: ['Those are just words. You did not answer: {objectionLower}', 'Everyone says that. To the point, please: {objection}', 'You are not listening. I said: {objectionLower}', 'That is not an answer. {objection}'],
  objection_vague: ['More concretely? What exactly do you offer?', 'I get it, but what would it look like for us, concretely?'],
  objection_detail: ['Look: {objectionLower} We have already compared other options.', 'It is simple: {objectionLower} That is all.'],
  objection_accepted: ['All right, that is convincing.', 'Okay, that makes it clearer.'],
  early_meeting: ['What meeting? I do not even know what you offer yet.', 'Hold on, meet about what? You have not told me anything yet.'],
  early_meeting_objection: ['A meeting comes later. What bothers me is this: {objectionLower}', 'Not so fast. First tell me: {objectionLower}'],
  early_next_step: ['Hold on with the meeting. You still have not answered: {objectionLower}', 'Too early for a meeting. First: {objectionLower}'],
  closing_stall: ['Okay, I will think about it.', 'Fine, I need to think. I will call you back.', 'Let me think it over and get back to you.'],
  closing_hesitate: ['I do not know, let me call you when I decide.', 'Let us not fix anything yet, I will think about it.'],
  closing_ask_time: ['At what time?', 'Okay, and what time?'],
  agree: ['Okay, let us do {when}. Deal.', 'Fine, {when} works. Talk then.'],
  leave: ['You know, this is not interesting to me right now. Thank you, goodbye.', 'Let us end here. All the best.'],
  leave_no_next_step: ['Yes, I will think and call you myself. Goodbye.', 'Okay, thanks. Goodbye.'],
  manager_ended: ['Goodbye.', 'All the best.'],
  deflect_bot: ['What kind of question is that? I am {name}, {role}. Let us stick to business.', 'Strange question. I am {name}, and I do not have much time.'],
  deflect_personal: ['That is beside the point.', 'Let us not talk about me.'],
  interrupt: ['One second, keep it short.', 'Wait, wait.'],
};

// The style's own voice: an opener (verbosity ≥ 2) and an aside (verbosity 3).
const STYLE: Record<PhraseStyle, Record<TrainerLanguage, { openers: string[]; asides: string[] }>> = {
  curt: { ru: { openers: ['Так.', 'Короче.'], asides: ['У меня пять минут.', 'У меня совещание через десять минут.'] }, en: { openers: ['Right.', 'Look.'], asides: ['I have five minutes.'] } },
  skeptical: { ru: { openers: ['Хм.', 'Ну-ну.'], asides: ['Мне уже много кто что обещал.', 'Я таких звонков слышал десятки.'] }, en: { openers: ['Hm.', 'Well.'], asides: ['Plenty of people have promised me things.'] } },
  formal: { ru: { openers: ['Так.', 'Допустим.'], asides: ['У меня ещё два коммерческих предложения на столе.'] }, en: { openers: ['Right.', 'Let us say so.'], asides: ['I have two more offers on my desk.'] } },
  warm: { ru: { openers: ['Ой,', 'Ну,'], asides: ['Вы не подумайте, мне всё нравится.', 'Просто я всегда долго решаю.', 'Мне бы ещё с мужем посоветоваться.'] }, en: { openers: ['Oh,', 'Well,'], asides: ['Do not get me wrong, I like it.', 'I always take long to decide.'] } },
  precise: { ru: { openers: ['Уточню.', 'Так.'], asides: ['Мне важно понимать, как это устроено.', 'Я потом всё равно буду проверять цифры.'] }, en: { openers: ['Let me be precise.', 'Right.'], asides: ['I need to understand how it works.'] } },
  irritated: { ru: { openers: ['Слушайте,', 'Так,'], asides: ['Прошлые тоже много обещали.'] }, en: { openers: ['Listen,', 'Look,'], asides: ['The last ones promised a lot too.'] } },
  chatty: { ru: { openers: ['Знаете,', 'Ну вот,'], asides: ['У меня вот знакомый тоже так выбирал, полгода думал.', 'Я вообще сам всё строил с нуля, так что в деньгах разбираюсь.'] }, en: { openers: ['You know,', 'Well,'], asides: ['A friend of mine chose like that too, took him half a year.', 'I built my business from scratch, so I know money.'] } },
};

// Situations where colouring would sound wrong (a bare "Да." or a goodbye).
const PLAIN = new Set<Situation>(['needs_closed', 'closing_ask_time', 'manager_ended', 'agree', 'opening', 'opening_cold', 'greeting_ok']);

export type Random = () => number;

/** A small seeded generator (mulberry32): the same seed gives the same dialogue. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length) % items.length] as T;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? '');
}

export interface SayOptions {
  language: TrainerLanguage;
  style: PhraseStyle;
  verbosity: 1 | 2 | 3;
  random: Random;
  vars?: Record<string, string>;
}

export interface SayPart { situation: Situation; vars?: Record<string, string> }

/**
 * One client turn from one or more situations. The persona's voice is added once per turn (an
 * opener when verbosity ≥ 2, sometimes an aside at 3), not to every sentence, or it sounds mechanical.
 */
export function compose(parts: readonly SayPart[], options: SayOptions): string {
  const bank = options.language === 'en' ? EN : RU;
  const texts = parts.map((part) => fill(pick(bank[part.situation], options.random), { ...options.vars, ...part.vars }));
  let text = texts.join(' ');
  const first = parts[0];
  if (!first || options.verbosity === 1 || PLAIN.has(first.situation)) return text;
  const style = STYLE[options.style][options.language];
  if (options.random() < 0.7) {
    const opener = pick(style.openers, options.random);
    // "Ой, здравствуйте" — but English "I" stays capital after "Well,".
    const keepCapital = /^I\b/.test(text);
    text = opener.endsWith(',') && !keepCapital ? `${opener} ${text.charAt(0).toLowerCase()}${text.slice(1)}` : `${opener} ${text}`;
  }
  if (options.verbosity === 3 && options.random() < 0.5) text = `${text} ${pick(style.asides, options.random)}`;
  return text;
}

export function say(situation: Situation, options: SayOptions): string {
  return compose([{ situation }], options);
}
