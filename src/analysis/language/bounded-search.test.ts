import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notAfterLetter } from './bounded-search.ts';

// what the search replaces: the same pattern behind a lookbehind
const REST = '(?:ну|нет|ну да|no|как бы)(?![\\p{L}])';
const withLookbehind = new RegExp(`(?<![\\p{L}])${REST}`, 'gu');
const search = notAfterLetter(REST);

void test('finds and counts exactly what the lookbehind regex finds', () => {
  const texts = ['', 'ну', 'нуну ну', 'нет, ну да', 'сну ну', '5ну ну5', 'ну-ну', '\u{10400}ну', '\u{1F600}ну', '\ud801ну', 'ну\u{10400}', 'банну какбы как бы',
    'no nono no1 ano', 'кнут нет', ' ну ', 'аннет нет', 'ну'.repeat(5)];
  for (const text of texts) {
    withLookbehind.lastIndex = 0;
    assert.equal(search.test(text), withLookbehind.test(text), `test: ${text}`);
    assert.equal(search.count(text), (text.match(withLookbehind) ?? []).length, `count: ${text}`);
  }
  assert.equal(search.count('ну ну, ну'), 3);
  assert.equal(search.test('сну'), false);
});
