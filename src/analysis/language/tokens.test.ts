import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCues, findAllCues } from './cues.ts';
import { contentStems } from './stem.ts';
import { normalizeText, normalizeUtterance } from './text.ts';
import { LEXICON_LIMIT, cueTokens, hasFigures, lexiconSize } from './tokens.ts';

// a word made of Cyrillic letters from a number, so that every number gives a new word
const word = (n: number): string => {
  let s = '';
  for (let x = n + 1; x > 0; x = Math.floor(x / 32)) s += String.fromCharCode(0x430 + (x % 32));
  return `${s}ка`;
};

void test('tokens: words joined by - \' / are one token, punctuation is kept, other signs are dropped', () => {
  assert.deepEqual(cueTokens('б/у, кто-то — «так»!').map((t) => [t.text, t.start, t.end, t.punct]),
    [['б/у', 0, 3, false], [',', 3, 4, true], ['кто-то', 5, 11, false], ['—', 12, 13, true], ['так', 15, 18, false], ['!', 19, 20, true]]);
});

void test('the word table stays bounded and words read the same after it was cleared', () => {
  const cues = compileCues(['подума*']);
  const before = { stems: contentStems('подумаю о цене', 'ru'), hits: findAllCues('я подумаю', cues).map((h) => h.text) };
  for (let n = 0; n < LEXICON_LIMIT + 1000; n += 50) cueTokens(Array.from({ length: 50 }, (_, k) => word(n + k)).join(' '));
  assert.ok(lexiconSize() <= LEXICON_LIMIT, `${lexiconSize()} words kept`);
  assert.deepEqual({ stems: contentStems('подумаю о цене', 'ru'), hits: findAllCues('я подумаю', cues).map((h) => h.text) }, before);
});

void test('figures: a digit or a currency sign anywhere, as the regex finds them', () => {
  for (const text of ['двести рублей', '200 рублей', 'тариф2', '$ 5', '€', '₽/мес', '٣ (an Arabic digit is no ASCII digit)', '', 'б/у']) {
    assert.equal(hasFigures(text), /\d|[$₽€]/u.test(text), text);
  }
});

void test('a turn normalised through its words (normalizeUtterance) reads as normalizeText reads it', () => {
  const texts = ['Ну нет, это не э-э подходит', 'э', 'Ээ, ну...', "э'то так", 'э/а', 'эм, да', 'программа', 'граммы мм', 'кто-э',
    '-э нет', 'какого типа рамы', 'типа дорого', 'короче, нет', 'это эскиз', 'Э-Э-э давайте', 'эскиз э', 'x э y', 'мм-мм'];
  for (const text of texts) {
    normalizeText('');
    const expected = normalizeText(text);
    normalizeText('');
    assert.equal(normalizeUtterance(text), expected, text);
  }
});
