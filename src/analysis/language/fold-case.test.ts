import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldedLowerCase } from './fold-case.ts';

// what normalizeText did before the one-loop path: lower case, then ё→е, then ’ ` → '
const general = (text: string): string => text.toLowerCase().replace(/ё/g, 'е').replace(/[’`]/g, "'");

void test('folding agrees with toLowerCase and the replacements for every character, or leaves the text to them', () => {
  for (let c = 0; c < 0x3000; c++) {
    const ch = String.fromCharCode(c);
    for (const text of [`${ch}`, `Аб${ch}вГ ${ch}.`, `ΟΔΟΣ${ch} Ёж`]) {
      const folded = foldedLowerCase(text);
      if (folded !== null) assert.equal(folded, general(text), `U+${c.toString(16)} in ${JSON.stringify(text)}`);
    }
  }
});

void test('final sigma, other whitespace and doubled spaces go the general way; a plain turn is folded', () => {
  assert.equal(foldedLowerCase('ΟΔΟΣ'), null);
  assert.equal(foldedLowerCase('да\tнет'), null);
  assert.equal(foldedLowerCase('да  нет'), null);
  assert.equal(foldedLowerCase('да\u00a0нет'), null);
  assert.equal(foldedLowerCase('Ёлка, Don’t — «Всё»!'), "елка, don't — «все»!");
  const plain = 'да, давайте в четверг';
  assert.equal(foldedLowerCase(plain), plain);
});
