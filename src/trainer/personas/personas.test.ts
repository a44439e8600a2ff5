import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERSONAS } from './persona-library.ts';
import { choosePersona } from './choose-persona.ts';
import { TEMPERAMENT_IDS } from './persona.ts';
import { createBuiltinClient } from '../builtin/builtin-client.ts';
import { generateScenarios } from '../scenarios.ts';
import { buildKnowledge } from '../trainer.fixtures.ts';
import { AppError } from '../../domain/errors.ts';

void test('the library has a card per temperament: name, description and an inline SVG picture', () => {
  assert.deepEqual(new Set(PERSONAS.map((p) => p.temperament.id)), new Set(TEMPERAMENT_IDS));
  assert.equal(new Set(PERSONAS.map((p) => p.id)).size, PERSONAS.length);
  for (const p of PERSONAS) {
    assert.ok(p.name.ru && p.name.en && p.description.ru.length > 40 && p.description.en.length > 40, p.id);
    assert.match(p.avatarSvg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/s);
    assert.doesNotMatch(p.avatarSvg, /href=|<image|<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no external images or scripts');
  }
});

void test('a requested persona wins; an unknown one is an actionable error', () => {
  assert.equal(choosePersona({ personaId: 'oleg-procurement', weakStages: ['needs'] }).id, 'oleg-procurement');
  assert.throws(() => choosePersona({ personaId: 'nobody', weakStages: [] }), (e: unknown) => e instanceof AppError && e.code === 'trainer.persona_not_found');
});

void test('automatic choice presses on the weakest stage, or the scenario focus without weak stages', () => {
  assert.equal(choosePersona({ weakStages: ['closing', 'needs'] }).temperament.stresses[0], 'closing');
  assert.equal(choosePersona({ weakStages: ['needs'] }).temperament.stresses[0], 'needs');
  const objections = [0, 1, 2, 3].map((seed) => choosePersona({ weakStages: ['objections'], seed }).id);
  assert.ok(objections.every((id) => ['irina-skeptic', 'oleg-procurement'].includes(id)), objections.join());
  assert.equal(choosePersona({ weakStages: [], targetStages: ['presentation'] }).temperament.stresses[0], 'presentation');
  assert.equal(choosePersona({ weakStages: ['greeting'], seed: 5 }).id, choosePersona({ weakStages: ['greeting'], seed: 5 }).id);
});

void test('the temperament changes the dialogue: a busy director interrupts and leaves sooner than a friendly client', () => {
  const knowledge = buildKnowledge();
  const [scenario] = generateScenarios(knowledge);
  assert.ok(scenario);
  const evasiveAnswersUntilLeaving = (personaId: string): number => {
    const persona = PERSONAS.find((p) => p.id === personaId);
    assert.ok(persona);
    const c = createBuiltinClient({ scenario, persona, knowledge, weakStages: [], seed: 1 });
    c.opening();
    for (const line of ['Здравствуйте, это Иван, ОкнаПро, по вашей заявке.', 'Какие окна вы ищете?', 'Для вашей задачи — тёплые окна с гарантией 10 лет, вы получите тишину.']) c.respond(line);
    for (let n = 1; n < 20; n += 1) if (c.respond('Поверьте, у нас лучшие окна, не переживайте.').done) return n;
    return Infinity;
  };
  assert.ok(evasiveAnswersUntilLeaving('viktor-director') < evasiveAnswersUntilLeaving('anna-friendly'));

  const director = PERSONAS.find((p) => p.id === 'viktor-director');
  assert.ok(director);
  const c = createBuiltinClient({ scenario, persona: director, knowledge, weakStages: [], seed: 1 });
  c.opening();
  const monologue = 'Здравствуйте, меня зовут Иван, компания ОкнаПро. ' + 'Мы делаем окна уже двадцать лет и очень гордимся своей работой и командой. '.repeat(5);
  assert.match(c.respond(monologue).text, /^(Секундочку|Подождите)/);
});
