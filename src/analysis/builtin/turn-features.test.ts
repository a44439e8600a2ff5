import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFeatures } from './turn-features.ts';

const priced = (text: string): boolean => extractFeatures({ language: 'ru', turns: [{ speaker: 'manager', text }] }, 'ru')[0]?.price ?? false;

void test('a spoken price without digits or currency names money', () => {
  assert.ok(priced('за всю отделку три с половиной тыщи выйдет'));
  assert.ok(priced('по смете двести тыс с материалом'));
  assert.ok(priced('мастер берет пару косарей за выезд'));
  assert.equal(priced('мастер приедет через полтора часа'), false);
});
