// Every client the trainer can produce must be beatable by a good manager and must show an evasive
// one the door: a sweep over all personas × scenarios × weak stages of the fixture company.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STAGES } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import { createBuiltinClient } from './builtin-client.ts';
import { generateScenarios } from '../scenarios.ts';
import { PERSONAS } from '../personas/persona-library.ts';
import { buildKnowledge } from '../trainer.fixtures.ts';

const knowledge = buildKnowledge();
const scenarios = generateScenarios(knowledge);
const WEAK_SETS: Stage[][] = [[], ...STAGES.map((s) => [s]), [...STAGES]];

/** A good manager reacting to what the client just did, the way the company script says. */
function goodManager(reason: string | undefined, step: number, objection: string): string {
  const pick = (lines: string[]): string => lines[step % lines.length] as string;
  switch (reason) {
    case 'opening': case 'greeting_unclear':
      return 'Здравствуйте, меня зовут Иван, компания ОкнаПро. Звоню по вашей заявке на окна, удобно говорить?';
    case 'greeting_passed': case 'needs_vague': case 'needs_closed_question': case 'needs_skipped':
      return pick(['Расскажите, какие окна вы сейчас рассматриваете?', 'А что вас не устраивает в старых окнах?', 'Как вы поймёте, что окна выбраны правильно?', 'Что для вас самое важное при выборе?']);
    case 'need_revealed': case 'asks_for_offer': case 'presentation_not_tied':
      return 'Вы сказали, что важно без лишних затрат и в понятные сроки — для вашей задачи у нас тёплые окна с гарантией 10 лет, бесплатный замер и монтаж за 3 дня.';
    case 'objection_raised': case 'objection_repeated': case 'objection_clarified': case 'objection_needs_specifics':
    case 'evasive_answer': case 'objection_same_answer': case 'early_next_step':
      if (/дорог/i.test(objection)) {
        return pick(['Понимаю. А с чем сравниваете? Можем оформить рассрочку без переплаты на 12 месяцев.',
          'Давайте посчитаем: окна окупаются за счёт экономии на отоплении, до 20% в год. Какой платёж комфортен?',
          'Рассрочка без переплаты — около 7000 в месяц, первый платёж после монтажа. Вам так удобно?']);
      }
      return pick(['Понимаю. Давайте приедем на замер, когда жена будет дома, и покажем образцы профиля вместе?',
        'Предлагаю показать образцы профиля вам обоим: когда жене удобно быть дома?',
        'Можем приехать вечером, когда жена дома, и вместе выбрать профиль — что скажете?']);
    default:
      return pick(['Давайте я запишу вас на бесплатный замер в четверг в 10:00, вам удобно?', 'Тогда в пятницу в 18:00 замерщик приедет, подходит?']);
  }
}

const EVASIVE_MANAGER = ['Алло, здравствуйте, это окна.', 'Окна нужны?', 'У нас лучшие окна, поверьте.',
  'Поверьте, у нас лучшие окна, не переживайте.', 'Ну окна же хорошие, вам понравится.', 'Ну так что, берёте?'];

void test('a good manager reaches an agreed next step with every persona, scenario and weak stage', () => {
  const failures: string[] = [];
  for (const persona of PERSONAS) for (const scenario of scenarios) for (const weakStages of WEAK_SETS) {
    const client = createBuiltinClient({ scenario, persona, knowledge, weakStages, seed: 5 });
    client.opening();
    let reason: string | undefined = 'opening';
    let outcome: string | undefined;
    for (let step = 0; step < 30 && !outcome; step += 1) {
      const objection = scenario.objections[client.state().objectionIndex]?.text ?? '';
      const turn = client.respond(goodManager(reason, step, objection));
      reason = turn.reason;
      outcome = turn.outcome;
    }
    if (outcome !== 'agreed') failures.push(`${persona.id}/${scenario.id}/${weakStages.join('+') || 'none'}: ${outcome ?? 'unfinished'} (${reason})`);
  }
  assert.deepEqual(failures, []);
});

void test('an evasive manager is politely left by every persona, whatever the scenario', () => {
  const failures: string[] = [];
  for (const persona of PERSONAS) for (const scenario of scenarios) for (const weakStages of WEAK_SETS) {
    const client = createBuiltinClient({ scenario, persona, knowledge, weakStages, seed: 5 });
    client.opening();
    let last;
    for (let step = 0; step < 25 && !last?.done; step += 1) last = client.respond(EVASIVE_MANAGER[Math.min(step, EVASIVE_MANAGER.length - 1)] as string);
    if (last?.outcome !== 'left' || last.reason !== 'patience_exhausted') failures.push(`${persona.id}/${scenario.id}/${weakStages.join('+') || 'none'}: ${last?.outcome ?? 'unfinished'} (${last?.reason})`);
  }
  assert.deepEqual(failures, []);
});
