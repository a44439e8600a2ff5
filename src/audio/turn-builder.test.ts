import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attributeMonoSegments, mergeChannelTranscripts } from './turn-builder.ts';

void test('interleaves the two channels by time and joins a party\'s consecutive segments', () => {
  const turns = mergeChannelTranscripts(
    [{ start: 0, end: 2, text: 'Добрый день.' }, { start: 2.1, end: 3, text: 'Меня зовут Анна.' }, { start: 6, end: 7, text: 'Куда доставить?' }],
    [{ start: 3.5, end: 5.5, text: 'Здравствуйте.' }],
  );
  assert.deepEqual(turns, [
    { speaker: 'manager', text: 'Добрый день. Меня зовут Анна.', start: 0, end: 3 },
    { speaker: 'client', text: 'Здравствуйте.', start: 3.5, end: 5.5 },
    { speaker: 'manager', text: 'Куда доставить?', start: 6, end: 7 },
  ]);
});

void test('an interruption starts a new turn even while the other party still talks', () => {
  const turns = mergeChannelTranscripts([{ start: 0, end: 5, text: 'Длинная фраза' }], [{ start: 2, end: 3, text: 'Угу' }]);
  assert.deepEqual(turns.map((turn) => turn.speaker), ['manager', 'client']);
});

void test('empty segments are dropped and channel turns are not low-confidence', () => {
  const turns = mergeChannelTranscripts([{ start: 0, end: 1, text: '  ' }], [{ start: 1, end: 2, text: 'Алло' }]);
  assert.deepEqual(turns, [{ speaker: 'client', text: 'Алло', start: 1, end: 2 }]);
});

void test('mono without diarization alternates and marks every turn lowConfidence', () => {
  const turns = attributeMonoSegments([{ start: 2, end: 3, text: 'Здравствуйте' }, { start: 0, end: 1, text: 'Добрый день' }]);
  assert.deepEqual(turns, [
    { speaker: 'manager', text: 'Добрый день', start: 0, end: 1, lowConfidence: true },
    { speaker: 'client', text: 'Здравствуйте', start: 2, end: 3, lowConfidence: true },
  ]);
});

void test('diarized mono with a known speaker map is confident', () => {
  const turns = attributeMonoSegments(
    [{ start: 0, end: 1, text: 'Алло', speaker: 'SPEAKER_01' }, { start: 1, end: 2, text: 'Добрый день, компания Ромашка', speaker: 'SPEAKER_00' }, { start: 2, end: 3, text: 'Вам удобно говорить?', speaker: 'SPEAKER_00' }],
    { speakerMap: { SPEAKER_00: 'manager', SPEAKER_01: 'client' } },
  );
  assert.deepEqual(turns, [
    { speaker: 'client', text: 'Алло', start: 0, end: 1 },
    { speaker: 'manager', text: 'Добрый день, компания Ромашка Вам удобно говорить?', start: 1, end: 3 },
  ]);
});

void test('diarized mono without a map: first voice is the manager, flagged as a guess', () => {
  const turns = attributeMonoSegments([{ start: 0, end: 1, text: 'Компания Ромашка', speaker: 'B' }, { start: 1, end: 2, text: 'Здравствуйте', speaker: 'A' }]);
  assert.deepEqual(turns.map((turn) => [turn.speaker, turn.lowConfidence]), [['manager', true], ['client', true]]);
});
