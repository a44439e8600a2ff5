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
