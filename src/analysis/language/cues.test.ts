import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCueGroup, compileCues, findAllCues, findCue, matchGroupHits } from './cues.ts';

const texts = (hits: { text: string }[]): string[] => hits.map((h) => h.text);

void test('a word starts only the patterns that go on with the word after it, whatever came before', () => {
  const cues = compileCues(['не надо', 'не нужн*', 'не ~ интересн*', 'нет, спасибо', '^нет', 'не']);
  // the same first word before different next words, punctuation and the end of the text
  assert.deepEqual(texts(findAllCues('не надо. не нужно, не очень интересно', cues)), ['не надо', 'не нужно', 'не очень интересно']);
  assert.deepEqual(texts(findAllCues('нет, спасибо', cues)), ['нет, спасибо']);
  assert.deepEqual(texts(findAllCues('ну нет', cues)), []);
  assert.deepEqual(texts(findAllCues('нет', cues)), ['нет']);
  assert.deepEqual(texts(findAllCues('не надо не', cues)), ['не надо', 'не']);
  assert.deepEqual(texts(findAllCues('не, надо', cues)), ['не']);
  assert.equal(findCue('совсем не нужны', cues)?.text, 'не нужны');
});

void test('a group finds each set first hit as its sets alone do', () => {
  const sets = { refusal: ['не надо', 'не нужн*'], doubt: ['не ~ уверен*', 'не знаю'], any: ['не'] };
  const group = compileCueGroup(sets);
  for (const text of ['не знаю, не надо', 'я не очень уверен', 'не нужно, не знаю', 'не', 'нет']) {
    const hits = matchGroupHits(text, group);
    group.names.forEach((name, set) => assert.deepEqual(hits[set] ?? null, findCue(text, compileCues(sets[name])), `${name}: ${text}`));
  }
});

void test('a clause anchor also holds after the lone interjection that opens an unpunctuated turn', () => {
  const cues = compileCues(['^ага']);
  assert.deepEqual(texts(findAllCues('а ага слушаю', cues)), ['ага']);
  assert.deepEqual(texts(findAllCues('ой ага', cues)), ['ага']);
  assert.deepEqual(texts(findAllCues('ну ага', cues)), [], 'not after any word');
  assert.deepEqual(texts(findAllCues('мы а ага', cues)), [], 'only at the start of the turn');
  const group = compileCueGroup({ yes: ['^ага'] });
  assert.equal(matchGroupHits('а ага слушаю', group)[0]?.text, 'ага');
});
