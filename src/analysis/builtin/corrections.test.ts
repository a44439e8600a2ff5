import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Correction } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';
import { correctionSimilarities, correctionSimilarity } from './corrections.ts';
import { extractFeatures } from './turn-features.ts';

// manager and client take turns, the manager first; one manager turn is silent
const CALL: Turn[] = [
  'Добрый день, меня зовут Олег, автосервис АвтоДок. Удобно говорить?', 'Да, удобно, слушаю.',
  'Какая у вас машина и что беспокоит? Машина давно стучит?', 'Шкода, стучит спереди, стучит на кочках, стучит постоянно.',
  'Диагностика подвески бесплатно при ремонте, замена стоек около четырёх тысяч.', 'Дорого. Я подумаю.', '', 'До свидания.',
].map((text, i) => ({ speaker: i % 2 === 0 ? 'manager' : 'client', text }));

void test('all corrections scored at once score as each one alone', () => {
  const features = extractFeatures({ language: 'ru', turns: CALL }, 'ru');
  const contexts: Turn[][] = [
    [{ speaker: 'client', text: 'Шкода стучит, стучит на кочках' }, { speaker: 'client', text: 'Дорого, подумаю' }],
    [{ speaker: 'manager', text: 'Диагностика бесплатно, замена стоек' }],
    [{ speaker: 'manager', text: 'Мне нужен кредит на квартиру' }],
    // the manager's words said by the client: only the client's turns count
    [{ speaker: 'client', text: 'Диагностика подвески бесплатно при ремонте' }],
    [{ speaker: 'client', text: 'и а но' }],
    [],
  ];
  // enough context turns to go through the index, and a few that are compared turn by turn
  const corrections: Correction[] = [...contexts, ...contexts].map((context, i) => ({ id: `c${i}`, kind: 'outcome', outcome: 'success', comment: '', context }));
  corrections.push({ id: 'none', kind: 'deduction', comment: '' });
  const all = correctionSimilarities(corrections, features, 'ru');
  for (const c of corrections) assert.equal(all.get(c), correctionSimilarity(c, features, 'ru'), c.id);
  const few = correctionSimilarities(corrections.slice(0, 5), features, 'ru');
  for (const c of corrections.slice(0, 5)) assert.equal(few.get(c), all.get(c), c.id);
  assert.ok((all.get(corrections[0]!) ?? 0) > 0.3, 'the same situation in other words is found');
  assert.equal(all.get(corrections[2]!), 0, 'nothing in common');
});
