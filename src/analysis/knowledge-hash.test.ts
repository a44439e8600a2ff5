import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knowledgeHash } from './knowledge-hash.ts';
import { emptyKnowledge, type CompanyKnowledge } from '../domain/knowledge.ts';

const base = (): CompanyKnowledge => ({ ...emptyKnowledge('c1', 'Окна'), script: { closing: 'Назначить замер', greeting: 'Представиться' }, objections: [{ id: 'o1', text: 'Дорого', handling: 'Рассрочка' }] });

test('the same knowledge hashes the same whatever the key order; a change of script or objections changes it', () => {
  const a = base();
  const b = { ...base(), script: { greeting: 'Представиться', closing: 'Назначить замер' } };
  assert.equal(knowledgeHash(a), knowledgeHash(b));
  assert.notEqual(knowledgeHash(a), knowledgeHash({ ...base(), objections: [{ id: 'o1', text: 'Дорого', handling: 'Скидка' }] }));
  assert.notEqual(knowledgeHash(a), knowledgeHash({ ...base(), corrections: [{ id: 'x', kind: 'outcome', outcome: 'lost', comment: 'клиент отказался' }] }));
});

test('rejecting a recommendation does not make stored analyses stale', () => {
  const withRejection = { ...base(), corrections: [{ id: 'r', kind: 'recommendation' as const, target: 'скидка 50%', comment: 'у нас так не говорят' }] };
  assert.equal(knowledgeHash(withRejection), knowledgeHash(base()));
});

test('reference-call turns hash the same whether their keys come in canonical order or not', () => {
  const turns = [
    { speaker: 'manager' as const, text: 'Добрый день, «Окна» — удобно?\n"цитата" \\ \u2028' },
    { speaker: 'client' as const, text: 'Да', start: 1.5, end: -0, lowConfidence: true },
    { speaker: 'client' as const, text: 'Нет', start: undefined, end: Number.NaN },
  ];
  const reversed = turns.map((t) => Object.fromEntries(Object.entries(t).reverse()) as unknown as typeof turns[number]);
  const a = { ...base(), referenceCalls: [{ id: 'r1', turns }] };
  const b = { ...base(), referenceCalls: [{ id: 'r1', turns: reversed }] };
  assert.equal(knowledgeHash(a), knowledgeHash(b));
  assert.notEqual(knowledgeHash(a), knowledgeHash({ ...base(), referenceCalls: [{ id: 'r1', turns: turns.slice(1) }] }));
});

test('lists hash as their elements do: holes, undefined and nested records keep their canonical form', () => {
  // eslint-disable-next-line no-sparse-arrays
  const withHole = { ...base(), expertRules: [, { stage: 'closing' as const, text: 'Две даты' }] as unknown as CompanyKnowledge['expertRules'] };
  const withUndefined = { ...base(), expertRules: [undefined, { stage: 'closing' as const, text: 'Две даты' }] as unknown as CompanyKnowledge['expertRules'] };
  assert.notEqual(knowledgeHash(withHole), knowledgeHash(withUndefined));
  const nested = { ...base(), corrections: [{ id: 'c', kind: 'outcome' as const, comment: 'x', context: [{ text: 'да', speaker: 'client' as const }] }] };
  const ordered = { ...base(), corrections: [{ comment: 'x', context: [{ speaker: 'client' as const, text: 'да' }], id: 'c', kind: 'outcome' as const }] };
  assert.equal(knowledgeHash(nested), knowledgeHash(ordered));
});

test('knowledge loaded afresh hashes as its content does, also after the first object was changed in place', () => {
  const first = base();
  const hash = knowledgeHash(first);
  assert.equal(knowledgeHash(base()), hash);
  first.script.closing = 'Выставить счёт';
  const changed = { ...base(), script: { ...base().script, closing: 'Выставить счёт' } };
  assert.notEqual(knowledgeHash(changed), hash);
  assert.equal(knowledgeHash(base()), hash);
  const withNaN = { ...base(), averageCheck: Number.NaN };
  assert.equal(knowledgeHash({ ...base(), averageCheck: Number.NaN }), knowledgeHash(withNaN));
  assert.notEqual(knowledgeHash(withNaN), hash);
});
