import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runOnClauses } from './run-on-clauses.ts';
import { splitClauses } from './text.ts';

void test('an unpunctuated turn splits before the words that open a new spoken clause', () => {
  assert.deepEqual(runOnClauses('крышу покрасим зеленым а забор оставим'), ['крышу покрасим зеленым', 'а забор оставим']);
  assert.deepEqual(runOnClauses('ворота привезем во вторник слушайте а калитку вам надо'), ['ворота привезем во вторник', 'слушайте а калитку вам надо']);
  // a question word opens a clause after an acknowledgement, not inside one ("знаю сколько стоит")
  assert.deepEqual(runOnClauses('двери записал понятно сколько у вас окон'), ['двери записал понятно', 'сколько у вас окон']);
  assert.deepEqual(runOnClauses('я не знаю сколько у нас окон'), ['я не знаю сколько у нас окон']);
  assert.deepEqual(runOnClauses('так вот лестницу соберем за день'), ['так вот лестницу соберем за день']);
  assert.deepEqual(runOnClauses('лестницу соберем за день так вот перила потом'), ['лестницу соберем за день', 'так вот перила потом']);
});

void test('the split is conservative: short pieces and punctuated turns stay whole', () => {
  assert.deepEqual(runOnClauses('а да помню'), ['а да помню']);
  assert.deepEqual(runOnClauses('ну а вы'), ['ну а вы']);
  assert.deepEqual(runOnClauses('крышу покрасим а'), ['крышу покрасим а']);
  assert.deepEqual(runOnClauses('крышу покрасим, а забор оставим'), ['крышу покрасим, а забор оставим']);
  assert.deepEqual(splitClauses('крышу покрасим, а забор оставим'), ['крышу покрасим', 'а забор оставим']);
  assert.deepEqual(splitClauses('крышу покрасим а забор оставим'), ['крышу покрасим', 'а забор оставим']);
});
