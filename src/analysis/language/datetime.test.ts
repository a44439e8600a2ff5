import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectTimeAnchors, timeGateOpens, timePatternsFor } from './datetime.ts';
import type { TimeAnchor } from './datetime.ts';

// The needles and the start heads only skip work: behind the gate, what is found must be exactly
// what a plain global search with every pattern finds.
function plainSearch(text: string, language: string): TimeAnchor[] {
  const out: TimeAnchor[] = [];
  if (!timeGateOpens(text, language)) return out;
  for (const [kind, re] of timePatternsFor(language)) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!out.some((a) => m!.index < a.index + a.text.length && a.index < m!.index + m![0].length)) out.push({ kind, text: m[0], index: m.index });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

const PREFIXES = ['', 'в', 'к', 'до', 'около', 'после', 'часам к', 'где-то в', 'на', 'с', 'во', 'ближе к', 'через', 'пол', 'пол-', 'at', 'by', 'around', 'in the', 'this', 'next'];
const WORDS = ['час', 'два', 'двух', 'три', 'трех', 'пять', 'семь', 'семи', 'десять', 'десяти', 'двенадцать', 'двадцать', 'одного', 'одиннадцать', 'шесть',
  '7', '10', '23', '9:30', '14.03', '1.2.2024', '5pm', '5 pm', "7 o'clock", 'noon', 'seven', 'twelve', 'полдень', 'второго', 'полвторого', 'половине восьмого',
  'среду', 'среды', 'посредник', 'понедельник', 'вторником', 'завтра', 'послезавтра', 'сегодня', 'первого', '1-го', 'двадцатого', 'третье', 'утра', 'утром',
  'вечером', 'днем', 'обед', 'обеда', 'работы', 'этой неделе', 'следующей неделе', 'днях', 'неделю', 'пару дней', 'течение дня', 'попозже', 'позже', 'как-нибудь',
  'friday', 'tomorrow', 'tonight', 'weekend', 'morning', 'work', 'week', 'later', 'sometime', 'some time', 'soon', 'jan', 'may 5th', 'dec. 12'];
const TAILS = ['', 'часов', 'часа', 'утра', 'вечера', 'дня', 'ноль ноль', 'ноль-ноль', 'тридцать', 'сорок пять', 'раза', 'человек', 'с половиной раза', 'лет',
  'мая', 'числа', 'января', 'т', '%', 'dollars', 'miles', 'am'];

void test('dates and times are found exactly where the plain search of every pattern finds them', () => {
  let checked = 0;
  for (const prefix of PREFIXES) {
    for (const word of WORDS) {
      for (const tail of TAILS) {
        const phrase = [prefix, word, tail].filter(Boolean).join(' ');
        for (const text of [phrase, `давайте ${phrase}, или ${word}-${tail}?`, `ну ${prefix}${word} ${tail}.`]) {
          for (const language of ['ru', 'en']) {
            assert.deepEqual(detectTimeAnchors(text, language), plainSearch(text, language), `${language}: ${text}`);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 50_000);
});

void test('a word that is seen for the first time and again later gives the same anchors', () => {
  const text = 'созвонимся в четверг в одиннадцать тридцать или в пятницу после обеда';
  const first = detectTimeAnchors(text, 'ru');
  assert.deepEqual(first.map((a) => a.kind), ['day', 'time', 'day', 'part_of_day']);
  assert.deepEqual(detectTimeAnchors(text, 'ru'), first);
});
