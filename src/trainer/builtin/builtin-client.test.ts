import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Stage } from '../../domain/stages.ts';
import { createBuiltinClient } from './builtin-client.ts';
import type { BuiltinClient } from './builtin-client.ts';
import { generateScenarios } from '../scenarios.ts';
import { findPersona } from '../personas/persona-library.ts';
import type { Persona } from '../personas/persona.ts';
import { buildEnglishKnowledge, buildKnowledge } from '../trainer.fixtures.ts';
import type { ClientTurn } from '../trainer-types.ts';

const knowledge = buildKnowledge();
const [priceScenario, , scriptScenario] = generateScenarios(knowledge);

function persona(id: string): Persona {
  const found = findPersona(id);
  assert.ok(found, id);
  return found;
}

function client(weakStages: Stage[], personaId = 'anna-friendly', scenario = priceScenario, seed = 7): BuiltinClient {
  assert.ok(scenario);
  return createBuiltinClient({ scenario, persona: persona(personaId), knowledge, weakStages, seed });
}

const INTRO = 'Здравствуйте, меня зовут Иван, компания ОкнаПро. Вы оставляли заявку на окна, удобно говорить?';
const OPEN_1 = 'Расскажите, какие окна вы сейчас рассматриваете?';
const OPEN_2 = 'А что вас не устраивает в старых окнах?';
const OPEN_3 = 'Как вы поймёте, что окна выбраны правильно?';
const PITCH = 'Для вашей задачи у нас тёплые окна с гарантией 10 лет, бесплатный замер и монтаж за 3 дня — вы получите тишину и тепло.';
const GOOD_PRICE = 'Понимаю. А с чем сравниваете? Можем оформить рассрочку без переплаты на 12 месяцев, и окна окупаются за счёт экономии на отоплении.';
const GOOD_PRICE_2 = 'Давайте посчитаем: рассрочка без переплаты выходит около 7000 в месяц, а экономия на отоплении — до 20% в год. Какой платёж вам комфортен?';
const EVASIVE = 'Поверьте, у нас самые лучшие окна, вам точно понравится, не переживайте.';
const GENERIC_LONG = 'Ну смотрите, мы работаем на рынке уже много лет, у нас большая команда профессионалов, мы очень ценим каждого клиента, всегда стараемся сделать всё качественно и по-человечески, и нам многие говорят спасибо за нашу работу и внимательное отношение.';
const CONCRETE_STEP = 'Давайте я запишу вас на бесплатный замер в четверг в 10:00, вам удобно?';

function run(c: BuiltinClient, lines: string[]): ClientTurn[] {
  c.opening();
  return lines.map((line) => c.respond(line));
}

void test('weak needs: vague answers until enough good open questions, pitching early is called out', () => {
  const c = client(['needs']);
  const [greet, firstOpen, pitch] = run(c, [INTRO, OPEN_1, PITCH]);
  assert.equal(greet?.reason, 'greeting_passed');
  assert.equal(greet?.pressedStage, undefined, 'greeting is not a weak stage here');
  assert.equal(firstOpen?.reason, 'needs_vague');
  assert.equal(firstOpen?.pressedStage, 'needs');
  assert.equal(pitch?.reason, 'needs_skipped');
  assert.equal(c.state().needRevealed, false);
  const closed = c.respond('У вас квартира?');
  assert.equal(closed.reason, 'needs_closed_question');
  // Anna needs 2 open questions; a weak needs stage asks for one more.
  assert.equal(c.respond(OPEN_2).reason, 'needs_vague');
  const revealed = c.respond(OPEN_3);
  assert.equal(revealed.reason, 'need_revealed');
  assert.match(revealed.text, /без лишних затрат/);
  assert.equal(c.state().phase, 'presentation');
});

void test('weak objections: the client raises the objection again and harder after a first good answer', () => {
  const c = client(['objections'], 'anna-friendly');
  run(c, [INTRO, OPEN_1, OPEN_2, PITCH]);
  assert.equal(c.state().phase, 'objection');
  const again = c.respond(GOOD_PRICE);
  assert.equal(again.reason, 'objection_repeated');
  assert.equal(again.pressedStage, 'objections');
  assert.match(again.text, /дорого/i);
  const accepted = c.respond(GOOD_PRICE_2);
  assert.notEqual(accepted.reason, 'objection_repeated');
  assert.equal(c.state().objectionIndex, 1, 'the price objection is settled');
});

void test('weak closing: "я подумаю" until a concrete next step with a day and a time', () => {
  const c = client(['closing'], 'viktor-director');
  run(c, [INTRO, OPEN_1, PITCH]);
  const accepted = c.respond(GOOD_PRICE);
  assert.equal(accepted.reason, 'closing_stall');
  assert.equal(accepted.pressedStage, 'closing');
  assert.match(accepted.text, /подума/);
  const vague = c.respond('Может, всё-таки решитесь? Окна отличные.');
  assert.equal(vague.reason, 'closing_stall');
  const dayOnly = c.respond('Давайте назначим замер на четверг.');
  assert.equal(dayOnly.reason, 'closing_needs_time');
  const timed = c.respond('В 10:00 вам удобно?');
  assert.equal(timed.reason, 'closing_hesitation', 'a weak closer meets one more hesitation');
  const agreed = c.respond(CONCRETE_STEP);
  assert.equal(agreed.done, true);
  assert.equal(agreed.outcome, 'agreed');
});

void test('gives in to a good answer that follows the company handling', () => {
  const c = client([], 'viktor-director');
  run(c, [INTRO, OPEN_1, PITCH]);
  assert.equal(c.state().phase, 'objection');
  const turn = c.respond(GOOD_PRICE);
  assert.equal(turn.reason, 'closing_stall', 'the objection is dropped and the client moves to closing');
  assert.equal(c.state().phase, 'closing');
  assert.equal(turn.pressedStage, undefined);
});

void test('does not give in to evasive or long generic answers', () => {
  const c = client([], 'irina-skeptic');
  run(c, [INTRO, OPEN_1, PITCH]);
  const evasive = c.respond(EVASIVE);
  assert.equal(evasive.reason, 'evasive_answer');
  const generic = c.respond(GENERIC_LONG);
  assert.ok(['evasive_answer', 'objection_needs_specifics'].includes(generic.reason ?? ''), `got ${generic.reason}`);
  assert.equal(c.state().phase, 'objection');
  assert.equal(c.state().goodAnswers, 0);
});

void test('leaves politely when patience runs out on evasive answers', () => {
  const c = client([], 'viktor-director');
  run(c, [INTRO, OPEN_1, PITCH]);
  let last: ClientTurn | undefined;
  for (let i = 0; i < 6 && !last?.done; i += 1) last = c.respond(EVASIVE);
  assert.ok(last);
  assert.equal(last.done, true);
  assert.equal(last.outcome, 'left');
  assert.equal(last.reason, 'patience_exhausted');
  assert.match(last.text, /до свидания|всего доброго/i);
  assert.equal(c.respond(GOOD_PRICE).reason, 'already_ended');
});

void test('no weak stages: follows the normal script from greeting to an agreed next step', () => {
  const c = client([], 'dmitry-engineer', scriptScenario);
  const turns = run(c, [
    'Добрый день, это Иван из компании ОкнаПро, звоню по вашей заявке.',
    OPEN_1,
    PITCH,
    GOOD_PRICE,
    GOOD_PRICE_2,
    'Понимаю. Давайте приедем на замер, когда жена будет дома, и покажем образцы профиля вместе — так решите сразу вдвоём.',
    'Понимаю. Предлагаю замер в субботу, когда жена дома: покажем образцы профиля вместе, что скажете?',
    CONCRETE_STEP,
  ]);
  const reasons = turns.map((t) => t.reason);
  assert.deepEqual(reasons.slice(0, 3), ['greeting_passed', 'need_revealed', 'objection_raised']);
  assert.ok(turns.every((t) => t.pressedStage === undefined), 'nothing is pressed without weak stages');
  const last = turns.at(-1);
  assert.equal(last?.outcome, 'agreed');
  assert.equal(c.state().objectionIndex, 2, 'both script objections were raised and handled');
});

void test('stays in character on personal and "are you a bot" questions and returns to its concern', () => {
  const c = client([], 'irina-skeptic');
  run(c, [INTRO, OPEN_1, PITCH]);
  const age = c.respond('Сколько вам лет?');
  assert.equal(age.reason, 'deflected_personal_question');
  assert.match(age.text, /дорого/i, 'returns to the objection it was pressing');
  const bot = c.respond('А вы бот?');
  assert.equal(bot.reason, 'deflected_bot_question');
  assert.match(bot.text, /Ирина Павловна/);
  for (const turn of [age, bot]) {
    assert.doesNotMatch(turn.text, /(я (бот|робот|программа|ии|искусственный)|языков\p{L}* модел|нейросет)/iu);
    assert.equal(turn.done, false);
  }
  assert.equal(c.state().phase, 'objection', 'the dialogue state did not move');
});

void test('the manager accepting "я подумаю" ends the call without a next step', () => {
  const c = client([], 'viktor-director');
  run(c, [INTRO, OPEN_1, PITCH, GOOD_PRICE]);
  const end = c.respond('Хорошо, подумайте и перезвоните нам, когда решите.');
  assert.equal(end.outcome, 'left');
  assert.equal(end.reason, 'no_next_step');
});

void test('speaks English when the company language is English', () => {
  const en = buildEnglishKnowledge();
  const [scenario] = generateScenarios(en);
  assert.ok(scenario);
  const c = createBuiltinClient({ scenario, persona: persona('oleg-procurement'), knowledge: en, weakStages: [], seed: 1 });
  c.opening();
  c.respond('Hello, this is John from PipeCRM, calling about your request. Is it a good time?');
  const need = c.respond('What does your sales team use today to track deals?');
  assert.equal(need.reason, 'need_revealed');
  assert.doesNotMatch(need.text, /[а-я]/i);
  const objection = c.respond('For your team we offer a pipeline in one screen with automatic call logging, so you get setup in one day.');
  assert.match(objection.text, /too expensive/i);
  assert.equal(c.respond('Trust me, it is worth it, everyone says that.').reason, 'evasive_answer');
});

void test('the same seed replays the same dialogue', () => {
  const lines = [INTRO, OPEN_1, PITCH, EVASIVE, GOOD_PRICE];
  const a = run(client(['objections'], 'gennady-owner', priceScenario, 42), lines).map((t) => t.text);
  const b = run(client(['objections'], 'gennady-owner', priceScenario, 42), lines).map((t) => t.text);
  assert.deepEqual(a, b);
});

void test('pressing harder wants a new argument: the same good answer twice does not count twice', () => {
  const c = client(['objections'], 'anna-friendly');
  run(c, [INTRO, OPEN_1, OPEN_2, PITCH]);
  const statement = 'Можем оформить рассрочку без переплаты на 12 месяцев, окна окупаются за счёт экономии на отоплении.';
  assert.equal(c.respond(statement).reason, 'objection_repeated');
  assert.equal(c.respond(statement).reason, 'objection_same_answer');
  assert.equal(c.state().goodAnswers, 1);
});

void test('understands unpunctuated lower-case speech as the recogniser gives it', () => {
  const c = client(['closing'], 'viktor-director');
  const turns = run(c, [
    'здравствуйте меня зовут иван компания окнапро вы оставляли заявку на окна',
    'расскажите какие окна вы сейчас рассматриваете',
    'для вашей задачи у нас теплые окна с гарантией десять лет вы получите тишину и тепло',
    'понимаю а с чем сравниваете можем оформить рассрочку без переплаты окна окупаются за счет экономии на отоплении',
    'давайте в четверг к десяти утра приедем на бесплатный замер',
  ]);
  assert.deepEqual(turns.map((t) => t.reason), ['greeting_passed', 'need_revealed', 'objection_raised', 'closing_stall', 'closing_hesitation']);
  assert.equal(c.respond('тогда в пятницу в девять приедем на замер').outcome, 'agreed');
});

void test('a meeting proposed before anything was offered is refused; after the pitch it brings the objection up', () => {
  const c = client([], 'irina-skeptic');
  run(c, [INTRO]);
  const tooEarly = c.respond('Давайте встретимся в четверг в 10:00?');
  assert.equal(tooEarly.reason, 'early_next_step');
  assert.match(tooEarly.text, /Какая встреча|о чём встречаться/);
  assert.equal(c.state().phase, 'needs');
  c.respond(OPEN_1);
  const afterPitch = c.respond('Давайте я приеду в четверг в 10:00 и всё покажу на замере.');
  assert.equal(afterPitch.reason, 'objection_raised');
  assert.match(afterPitch.text, /дорого/);
});
