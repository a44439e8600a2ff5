// The type-check already holds the two dictionaries to the same keys; this holds them to the same
// placeholders, so an English text never shows a raw "{name}" or drops a number.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from './en.ts';
import { ru } from './ru.ts';
import type { MessageKey } from './ru.ts';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();
}

void test('every English text has the placeholders of its Russian original', () => {
  for (const key of Object.keys(ru) as MessageKey[]) {
    assert.deepEqual(placeholders(en[key]), placeholders(ru[key]), key);
  }
});

void test('no text is empty', () => {
  for (const [key, text] of [...Object.entries(ru), ...Object.entries(en)]) {
    assert.ok(text.trim().length > 0, key);
  }
});
