import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../domain/errors.ts';
import { createTrainerClient, planTrainerSession, voiceForPersona } from './trainer-setup.ts';
import { buildKnowledge } from './trainer.fixtures.ts';

const knowledge = buildKnowledge();

void test('the plan trains the weakest stage: an objection scenario and a persona that presses on it', () => {
  const plan = planTrainerSession({ knowledge, weakStages: ['objections', 'closing'] });
  assert.equal(plan.scenario.kind, 'objection');
  assert.ok(plan.persona.temperament.stresses.includes('objections'));
  assert.equal(planTrainerSession({ knowledge, weakStages: ['needs'] }).scenario.kind, 'presentation');
  assert.equal(planTrainerSession({ knowledge, weakStages: [] }).scenario.kind, 'script', 'no analysed calls: the normal script');
});

void test('an explicit scenario and persona win; disabled or unknown ones are actionable errors', () => {
  const plan = planTrainerSession({ knowledge, weakStages: [], scenarioId: 'objection-think', personaId: 'anna-friendly' });
  assert.equal(plan.scenario.id, 'objection-think');
  assert.equal(plan.persona.id, 'anna-friendly');
  assert.throws(() => planTrainerSession({ knowledge, weakStages: [], scenarioId: 'nope' }), (e: unknown) => e instanceof AppError && e.code === 'trainer.scenario_not_found');
  const edits = ['objection-price', 'objection-think', 'script', 'presentation'].map((id) => ({ id, enabled: false }));
  assert.throws(() => planTrainerSession({ knowledge, weakStages: [], edits }), (e: unknown) => e instanceof AppError && e.code === 'trainer.no_scenarios');
});

void test('the client factory gives the builtin client by default and refuses an unconfigured llm', async () => {
  const plan = { ...planTrainerSession({ knowledge, weakStages: [] }), knowledge, seed: 1 };
  const client = createTrainerClient({}, plan);
  assert.equal(client.engine, 'builtin');
  assert.equal((await client.opening()).done, false);
  assert.throws(() => createTrainerClient({ engine: 'llm' }, plan), (e: unknown) => e instanceof AppError && e.code === 'trainer.llm_not_configured');
  assert.equal(createTrainerClient({ engine: 'llm', chat: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm' } }, plan).engine, 'llm');
});

void test('espeak voices follow the character', () => {
  const { persona } = planTrainerSession({ knowledge, weakStages: [], personaId: 'anna-friendly' });
  assert.equal(voiceForPersona(persona, 'espeak', 'ru'), 'ru+f3');
  assert.equal(voiceForPersona(persona, 'openai', 'ru'), undefined);
});
