import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateScenarios, mergeScenarios, ScenarioSchema } from './scenarios.ts';
import type { ScenarioEdit } from './scenarios.ts';
import { buildEnglishKnowledge, buildKnowledge } from './trainer.fixtures.ts';
import { emptyKnowledge } from '../domain/knowledge.ts';

void test('one scenario per objection, one for the script, one for the presentation', () => {
  const scenarios = generateScenarios(buildKnowledge());
  assert.deepEqual(scenarios.map((s) => s.kind), ['objection', 'objection', 'script', 'presentation']);
  assert.equal(new Set(scenarios.map((s) => s.id)).size, scenarios.length, 'ids are unique');
  const [price] = scenarios;
  assert.equal(price?.title, 'Возражение «Дорого»');
  assert.deepEqual(price?.objections.map((o) => o.objectionId), ['price']);
  assert.match(price?.successCriteria.join('\n') ?? '', /рассрочку без переплаты/, 'the company handling is the success criterion');
  assert.deepEqual(price?.targetStages, ['objections', 'closing']);
  for (const scenario of scenarios) assert.doesNotThrow(() => ScenarioSchema.parse(JSON.parse(JSON.stringify(scenario))));
});

void test('titles and briefs follow the company language', () => {
  const [objection, script] = generateScenarios(buildEnglishKnowledge());
  assert.equal(objection?.title, 'Objection "It is too expensive"');
  assert.equal(script?.title, 'Call by the company script');
  assert.doesNotMatch(`${objection?.situation} ${objection?.successCriteria.join(' ')}`, /[а-я]/i);
});

void test('a company with no objections yet trains on its script alone; an empty company still gets one', () => {
  const noObjections = generateScenarios(buildKnowledge({ objections: [] }));
  assert.deepEqual(noObjections.map((s) => s.kind), ['script', 'presentation']);
  assert.ok(noObjections.every((s) => s.objections.length === 0));
  const empty = generateScenarios(emptyKnowledge('c-empty', 'Пусто'));
  assert.deepEqual(empty.map((s) => s.kind), ['script']);
  assert.equal(empty[0]?.successCriteria.length, 5, 'one criterion per standard stage');
});

void test('scenarios are unique per company', () => {
  const a = generateScenarios(buildKnowledge());
  const b = generateScenarios(buildKnowledge({ companyId: 'other', name: 'Двери Мастер', objections: [{ id: 'x', text: 'Нет времени', handling: 'Предложить созвон на 5 минут завтра' }] }));
  assert.notDeepEqual(a.map((s) => s.title), b.map((s) => s.title));
  assert.ok(b.every((s) => s.companyId === 'other'));
  assert.match(b[1]?.situation ?? '', /Двери Мастер/);
});

void test('merge keeps integrator edits over a fresh generation, deletes, adds custom and reports orphans', () => {
  const generated = generateScenarios(buildKnowledge());
  const custom = { ...generated[2], id: 'custom-vip', title: 'VIP-клиент', source: 'custom' } as unknown as ScenarioEdit;
  const edits: ScenarioEdit[] = [
    { id: 'objection-price', title: 'Клиенту дорого (сложный)', successCriteria: ['Назвать рассрочку'] },
    { id: 'presentation', deleted: true },
    custom,
    { id: 'objection-removed', title: 'Сирота' },
  ];
  // The company changed its handling after the edit: unedited fields follow the knowledge.
  const fresh = generateScenarios(buildKnowledge({ objections: [{ id: 'price', text: 'Дорого', handling: 'Новая обработка' }] }));
  const { scenarios, orphanEdits } = mergeScenarios(fresh, edits);
  const price = scenarios.find((s) => s.id === 'objection-price');
  assert.equal(price?.title, 'Клиенту дорого (сложный)');
  assert.equal(price?.source, 'edited');
  assert.deepEqual(price?.successCriteria, ['Назвать рассрочку']);
  assert.equal(price?.objections[0]?.handling, 'Новая обработка');
  assert.equal(scenarios.some((s) => s.id === 'presentation'), false);
  assert.equal(scenarios.find((s) => s.id === 'custom-vip')?.source, 'custom');
  assert.deepEqual(orphanEdits.map((e) => e.id), ['objection-removed']);
  assert.throws(() => mergeScenarios(generated, [{ id: 'script', targetStages: [] }]), /targetStages|too_small|>=1/);
});
