// Dates and times in speech: "в четверг", "завтра в 10:30", "к десяти", "в девять тридцать",
// "пятнадцать ноль ноль", "после обеда", "on Friday at 5pm". Hand-written because it runs on every
// turn (chrono-node costs ~0.3 ms a sentence) and because spelled-out hours ("в семь", "к двенадцати")
// are how people actually say times. Numbers followed by a unit ("в три раза", "на два года") are not times.

import { tokenised } from './tokens.ts';
import type { Lexeme } from './tokens.ts';
import { wordCharLength } from './word-scan.ts';

export type TimeAnchorKind = 'day' | 'date' | 'time' | 'part_of_day' | 'vague';

export interface TimeAnchor {
  kind: TimeAnchorKind;
  text: string;
  index: number;
}

const L = '[\\p{L}\\d]';
const B = `(?<!${L})`;
const E = `(?!${L})`;

const RU_HOURS = 'час|одного|два|двух|три|трех|четыре|четырех|пять|пяти|шесть|шести|семь|семи|восемь|восьми|девять|девяти|' +
  'десять|десяти|одиннадцать|одиннадцати|двенадцать|двенадцати|тринадцать|тринадцати|четырнадцать|четырнадцати|пятнадцать|' +
  'пятнадцати|шестнадцать|шестнадцати|семнадцать|семнадцати|восемнадцать|восемнадцати|девятнадцать|девятнадцати|двадцать|двадцати';
const RU_MINUTES = 'ноль ноль|ноль-ноль|пятнадцать|тридцать|сорок пять|двадцать|десять|сорок|пятьдесят';
// words after a number that make it a quantity rather than an hour
const RU_UNITS = '(?:раз|этап|год|лет|месяц|недел|дн|день|дня|минут|секунд|человек|сотрудник|процент|тысяч|миллион|рубл|руб|' +
  'штук|килограм|кг|чашек|чашк|метр|км|филиал|направлен|вариант|проект|машин|окон|комнат|занят|трениров|урок|страниц|сайт|мест|' +
  'позиц|пункт|тариф|програм|смен|сотен|сот|копе|евро|доллар|млн|тыс|т\\b|%)';

// What each pattern cannot match without (it is tried when any of digit, words, hour holds), derived
// from the pattern by hand and checked against the plain search, so that most patterns
// are skipped on most turns (a Unicode regex with a leading lookbehind is slow to search):
//   digit  an ASCII digit in the turn is enough to try the pattern
//   words  one of these literals must occur (they are letters, so inside one token: each word is
//          searched once, on its word-table entry)
//   hour   a whole word (between non-letters) must be one of RU_HOURS: there an hour word is always
//          followed by a space or by the end of the word
interface Needles { digit: boolean; words: RegExp | null; hour: boolean }
const need = (digit: boolean, words: readonly string[], hour: boolean): Needles =>
  ({ digit, words: words.length > 0 ? new RegExp(words.join('|')) : null, hour });

// Where a match can begin. Every pattern starts with "no letter or digit before" and then a letter
// or a digit, so only where a word (a run of letters and digits) starts; and only at a word whose
// first HEAD letters (the whole word if shorter) begin one of the pattern's alternatives — the heads
// below, read off each pattern's first word — or at a word that begins with a digit where the
// pattern allows one. null: at any word. `next`: the next token must begin with one of these (the
// month after "первого"). datetime.test.ts checks them against the plain search.
interface Starts { heads: readonly string[] | null; digit: boolean; next: readonly string[] | null }
const HEAD = 3;
const at = (heads: readonly string[] | null, digit = false, next: readonly string[] | null = null): Starts => ({ heads, digit, next });
const RU_MONTHS = ['январ', 'феврал', 'март', 'апрел', 'мая', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр', 'числ'];
const RU_HOUR_HEADS = [...new Set(RU_HOURS.split('|').map((w) => w.slice(0, HEAD)))];

type TimePattern = [TimeAnchorKind, RegExp, Needles | null, Starts];

const RU_PATTERNS: TimePattern[] = [
  ['day', new RegExp(`${B}(?:понедельник\\p{L}*|вторник\\p{L}*|сред[аеуы]|четверг\\p{L}*|пятниц\\p{L}*|суббот\\p{L}*|воскресень\\p{L}*|завтра|послезавтра|сегодня)${E}`, 'gu'),
    need(false, ['понедельник', 'вторник', 'сред', 'четверг', 'пятниц', 'суббот', 'воскресень', 'завтра', 'сегодня'], false),
    at(['пон', 'вто', 'сре', 'чет', 'пят', 'суб', 'вос', 'зав', 'пос', 'сег'])],
  ['date', new RegExp(`${B}(?:\\d{1,2}(?:-?го|-?е)?|перв\\p{L}+|втор\\p{L}+|трет\\p{L}+|\\p{L}+(?:ого|ое))\\s+(?:январ|феврал|март|апрел|мая|май|июн|июл|август|сентябр|октябр|ноябр|декабр|числ)\\p{L}*`, 'gu'),
    need(false, RU_MONTHS, false), at(null, false, RU_MONTHS)],
  ['date', new RegExp(`${B}\\d{1,2}\\.\\d{1,2}(?:\\.\\d{2,4})?${E}`, 'gu'), need(true, [], false), at([], true)],
  ['time', new RegExp(`${B}\\d{1,2}[:.]\\d{2}${E}`, 'gu'), need(true, [], false), at([], true)],
  ['time', new RegExp(`${B}(?:в|к|до|около|после|часам к|где-то в)\\s+(?:\\d{1,2}|${RU_HOURS})(?:\\s+(?:${RU_MINUTES}))?(?:\\s+час\\p{L}*)?${E}(?!\\s+(?:с\\s+половиной\\s+|с\\s+лишним\\s+)?${RU_UNITS})`, 'gu'),
    need(true, [], true), at(['в', 'к', 'до', 'око', 'пос', 'час', 'где'])],
  // "в час дня", "к часу": one o'clock (the pattern above reads "дня" after an hour as days)
  ['time', new RegExp(`${B}(?:(?:в|к|около|после)\\s+час\\s+(?:дня|ночи)|(?:к|около|после)\\s+часу(?:\\s+(?:дня|ночи))?)${E}`, 'gu'), need(false, ['час'], false), at(['в', 'к', 'око', 'пос'])],
  ['time', new RegExp(`${B}(?:на|с)\\s+(?:\\d{1,2}|${RU_HOURS})\\s+(?:час\\p{L}*|утра|вечера|дня|${RU_MINUTES})${E}`, 'gu'), need(true, [], true), at(['на', 'с'])],
  ['time', new RegExp(`${B}(?:${RU_HOURS})\\s+(?:${RU_MINUTES})${E}(?!\\s+${RU_UNITS})`, 'gu'), need(false, [], true), at(RU_HOUR_HEADS)],
  ['time', new RegExp(`${B}(?:\\d{1,2}|${RU_HOURS})\\s+час(?:а|ов)?(?:\\s+(?:утра|дня|вечера))?${E}`, 'gu'), need(false, ['час'], false), at(RU_HOUR_HEADS, true)],
  ['time', new RegExp(`${B}(?:в\\s+)?(?:полдень|пол\\s*\\p{L}+ого|половин\\p{L}*\\s+\\p{L}+ого)${E}`, 'gu'), need(false, ['пол'], false), at(['в', 'пол'])],
  ['part_of_day', new RegExp(`${B}(?:утром|утра|с утра|вечером|днем|в обед|до обеда|после обеда|ближе к обеду|к обеду|после работы|в первой половине|во второй половине)${E}`, 'gu'),
    need(false, ['утр', 'вечер', 'днем', 'обед', 'работы', 'половине'], false), at(['утр', 'с', 'веч', 'дне', 'в', 'до', 'пос', 'бли', 'к', 'во'])],
  ['vague', new RegExp(`${B}(?:на (?:этой|следующей) неделе|на днях|через (?:неделю|пару дней|месяц)|в течение (?:дня|недели)|попозже|позже|как-нибудь)${E}`, 'gu'),
    need(false, ['неделе', 'днях', 'через', 'течение', 'позже', 'как-нибудь'], false), at(['на', 'чер', 'в', 'поп', 'поз', 'как'])],
];

const EN_PATTERNS: TimePattern[] = [
  ['day', new RegExp(`${B}(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|this weekend)${E}`, 'gu'), null,
    at(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'tom', 'tod', 'ton', 'thi'])],
  ['date', new RegExp(`${B}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?${E}`, 'gu'), null,
    at(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'])],
  ['time', new RegExp(`${B}\\d{1,2}(?::\\d{2})?\\s?(?:am|pm|o'clock)${E}`, 'gu'), null, at([], true)],
  ['time', new RegExp(`${B}(?:at|by|around)\\s+(?:\\d{1,2}(?::\\d{2})?|noon|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)${E}(?!\\s*(?:dollars|bucks|%|percent|miles))`, 'gu'), null,
    at(['at', 'by', 'aro'])],
  ['part_of_day', new RegExp(`${B}(?:this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening)|after work)${E}`, 'gu'), null, at(['thi', 'in', 'aft'])],
  ['vague', new RegExp(`${B}(?:next week|later|sometime|some time|soon)${E}`, 'gu'), null, at(['nex', 'lat', 'som', 'soo'])],
];

// Cheap gate over the turn's tokens: most turns name no time at all, and the full patterns are
// costly Unicode regexes. A token opens the gate if it has a digit, starts like a day, month or
// part of day, or is an hour word right after "в/к/до/около/после" or before minutes.
const RU_GATE_PREFIXES = ['понедел', 'вторник', 'четверг', 'пятниц', 'суббот', 'воскрес', 'завтра', 'послезавтра', 'сегодня',
  'утр', 'вечер', 'днем', 'обед', 'полдень', 'половин', 'январ', 'феврал', 'март', 'апрел', 'мая', 'июн', 'июл', 'август', 'сентябр',
  'октябр', 'ноябр', 'декабр', 'числ', 'недел', 'днях', 'позж', 'попозж', 'течени', 'полвтор', 'полтрет', 'полчетв', 'полпят', 'полшест',
  'полсед', 'полвос', 'полдев', 'полдес', 'пол-'];
const RU_GATE_WORDS = new Set(['среда', 'среду', 'среды', 'среде', 'май', 'час', 'часа', 'часов', 'часам', 'часу', 'работы', 'через']);
const RU_HOUR_WORDS = new Set(RU_HOURS.split('|'));
const RU_TIME_PREPOSITIONS = new Set(['в', 'к', 'до', 'около', 'после', 'часам', 'на', 'с']);
const RU_MINUTE_WORDS = new Set(['ноль', 'ноль-ноль', 'пятнадцать', 'тридцать', 'сорок', 'пятьдесят', 'двадцать', 'десять']);
const EN_GATE = /\d|day|tomorrow|tonight|week|morning|afternoon|evening|noon|later|soon|some ?time|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|at /u;

// the gate prefixes by their first three letters (none is shorter), so a token is checked only
// against the prefixes it can start with
const RU_GATE_BY_HEAD = new Map<string, string[]>();
for (const p of RU_GATE_PREFIXES) RU_GATE_BY_HEAD.set(p.slice(0, 3), [...(RU_GATE_BY_HEAD.get(p.slice(0, 3)) ?? []), p]);

// the gate's classes of a token
const OPENS = 1; // a digit first, a gate word or a gate prefix: the token alone opens the gate
const HOUR = 2;
const PREPOSITION = 4;
const MINUTE = 8;

/**
 * What the gate and the patterns need to know about one token, worked out once per word (kept on
 * its word-table entry): its gate classes, whether it holds a digit or an hour word, and where inside
 * it words start (a token "где-то" holds two) with the patterns that may begin there.
 */
interface TimeFacts {
  gate: number;
  digit: boolean;
  hour: boolean;
  /** [offset, bit mask of RU_PATTERNS, …] for every word start in the token */
  ru: number[];
  en: number[];
  /** the masks of all starts together */
  ruAny: number;
  enAny: number;
  /** patterns whose `next` this token begins with */
  ruNext: number;
  enNext: number;
  /** patterns one of whose needle words this token holds */
  ruWords: number;
}

/**
 * Bit k set: pattern k may start at a word with this head; `digit` and `any` for the other two ways;
 * `needsNext` for the patterns with a condition on the next token, whose words are in `next`.
 */
interface StartMasks { byHead: Map<string, number>; digit: number; any: number; needsNext: number; next: [string, number][] }

function startMasks(patterns: readonly TimePattern[]): StartMasks {
  const masks: StartMasks = { byHead: new Map(), digit: 0, any: 0, needsNext: 0, next: [] };
  patterns.forEach(([, , , starts], k) => {
    if (starts.digit) masks.digit |= 1 << k;
    if (starts.heads === null) masks.any |= 1 << k;
    for (const h of starts.heads ?? []) masks.byHead.set(h, (masks.byHead.get(h) ?? 0) | (1 << k));
    if (starts.next) masks.needsNext |= 1 << k;
    for (const w of starts.next ?? []) masks.next.push([w, 1 << k]);
  });
  return masks;
}

function nextMask(masks: StartMasks, token: string): number {
  let mask = 0;
  for (const [w, bit] of masks.next) if (token.startsWith(w)) mask |= bit;
  return mask;
}
const RU_STARTS = startMasks(RU_PATTERNS);
const EN_STARTS = startMasks(EN_PATTERNS);

function maskAt(masks: StartMasks, word: string): number {
  const c = word.charCodeAt(0);
  return masks.any | (c >= 48 && c <= 57 ? masks.digit : 0) | (masks.byHead.get(word.length <= HEAD ? word : word.slice(0, HEAD)) ?? 0);
}

/** The gate's classes of a word (OPENS, HOUR, PREPOSITION, MINUTE). */
function gateClassOf(w: string): number {
  const c = w.charCodeAt(0);
  let gate = 0;
  if ((c >= 48 && c <= 57) || RU_GATE_WORDS.has(w)) gate |= OPENS;
  const prefixes = RU_GATE_BY_HEAD.get(w.length <= 3 ? w : w.slice(0, 3));
  if (prefixes) for (const p of prefixes) if (w.startsWith(p)) gate |= OPENS;
  if (RU_HOUR_WORDS.has(w)) gate |= HOUR;
  if (RU_TIME_PREPOSITIONS.has(w)) gate |= PREPOSITION;
  if (RU_MINUTE_WORDS.has(w)) gate |= MINUTE;
  return gate;
}

function timeFactsOf(w: string, gate: number): TimeFacts {
  const facts: TimeFacts = { gate, digit: false, hour: false, ru: [], en: [], ruAny: 0, enAny: 0, ruNext: nextMask(RU_STARTS, w), enNext: nextMask(EN_STARTS, w), ruWords: 0 };
  RU_PATTERNS.forEach(([, , needles], k) => { if (needles?.words?.test(w)) facts.ruWords |= 1 << k; });
  // the words inside the token: runs of letters and digits between its joiners
  for (let i = 0; i < w.length;) {
    const len = wordCharLength(w, i);
    if (len === 0) { i++; continue; }
    let end = i;
    for (let x = len; x > 0; x = end < w.length ? wordCharLength(w, end) : 0) {
      const d = w.charCodeAt(end);
      if (d >= 48 && d <= 57) facts.digit = true;
      end += x;
    }
    const word = w.slice(i, end);
    if (RU_HOUR_WORDS.has(word)) facts.hour = true;
    const ru = maskAt(RU_STARTS, word);
    const en = maskAt(EN_STARTS, word);
    facts.ru.push(i, ru);
    facts.en.push(i, en);
    facts.ruAny |= ru;
    facts.enAny |= en;
    i = end;
  }
  return facts;
}

// A word's entry keeps its gate class (a number) for every turn the gate reads, and the full facts
// (an object) once a turn passes the gate: most words are never in such a turn.
function gateBits(lexeme: Lexeme | null | undefined): number {
  if (!lexeme) return 0;
  const known = lexeme.time;
  if (known === undefined) {
    const gate = gateClassOf(lexeme.text);
    lexeme.time = gate;
    return gate;
  }
  return typeof known === 'number' ? known : (known as TimeFacts).gate;
}

function timeFacts(lexeme: Lexeme | null | undefined): TimeFacts | null {
  if (!lexeme) return null;
  const known = lexeme.time;
  if (known !== undefined && typeof known !== 'number') return known as TimeFacts;
  const facts = timeFactsOf(lexeme.text, typeof known === 'number' ? known : gateClassOf(lexeme.text));
  lexeme.time = facts;
  return facts;
}

function ruGate(lexemes: readonly (Lexeme | null)[]): boolean {
  for (let i = 0; i < lexemes.length; i++) {
    const bits = gateBits(lexemes[i]);
    if ((bits & OPENS) !== 0) return true;
    if ((bits & HOUR) !== 0 && ((gateBits(lexemes[i - 1]) & PREPOSITION) !== 0 || (gateBits(lexemes[i + 1]) & MINUTE) !== 0)) return true;
  }
  return false;
}

/**
 * The cheap gate: can the text name a time at all? It misses a few rare mentions on purpose (a lone
 * "как-нибудь"): the patterns are only searched behind it.
 */
export function timeGateOpens(normalized: string, language: string): boolean {
  return language === 'en' ? EN_GATE.test(normalized) : ruGate(tokenised(normalized).lexemes);
}

// where patterns may start in the turn at hand, and which (bit masks): reused, detectTimeAnchors never re-enters
const startAt: number[] = [];
const startMask: number[] = [];

/** Every date/time mention in normalised text, in order of appearance. */
export function detectTimeAnchors(normalized: string, language: string): TimeAnchor[] {
  const out: TimeAnchor[] = [];
  const en = language === 'en';
  if (!timeGateOpens(normalized, language)) return out;
  const { starts: tokenStarts, lexemes } = tokenised(normalized);
  let digit = false;
  let hour = false;
  let possible = 0;
  let next = 0;
  let words = 0;
  for (const lexeme of lexemes) {
    const facts = timeFacts(lexeme);
    if (!facts) continue;
    digit ||= facts.digit;
    hour ||= facts.hour;
    possible |= en ? facts.enAny : facts.ruAny;
    next |= en ? facts.enNext : facts.ruNext;
    words |= facts.ruWords;
  }
  if (en) digit = false;
  const needsNext = (en ? EN_STARTS : RU_STARTS).needsNext;
  possible &= ~needsNext | next;
  const patterns = en ? EN_STICKY : RU_STICKY;
  for (let k = 0; k < patterns.length; k++) {
    const needles = patterns[k]?.[2];
    if ((possible & (1 << k)) !== 0 && needles && !(needles.digit && digit) && !(needles.hour && hour) && !(needles.words !== null && (words & (1 << k)) !== 0)) {
      possible &= ~(1 << k);
    }
  }
  if (possible === 0) return out;
  // the word starts where some pattern still possible may begin, in text order
  startAt.length = 0;
  startMask.length = 0;
  for (let i = 0; i < lexemes.length; i++) {
    const facts = timeFacts(lexemes[i]);
    if (!facts || ((en ? facts.enAny : facts.ruAny) & possible) === 0) continue;
    let allowed = possible;
    if ((needsNext & possible) !== 0) {
      const following = timeFacts(lexemes[i + 1]);
      allowed &= ~needsNext | (following ? (en ? following.enNext : following.ruNext) : 0);
    }
    const starts = en ? facts.en : facts.ru;
    const base = tokenStarts[i] ?? 0;
    for (let s = 0; s < starts.length; s += 2) {
      const mask = (starts[s + 1] ?? 0) & allowed;
      if (mask === 0) continue;
      startAt.push(base + (starts[s] ?? 0));
      startMask.push(mask);
    }
  }
  for (let k = 0; k < patterns.length; k++) {
    const bit = 1 << k;
    const pattern = patterns[k];
    if ((possible & bit) === 0 || !pattern) continue;
    const [kind, re] = pattern;
    // the same left-to-right, non-overlapping matches a global search finds, tried only where a match can start
    let from = 0;
    for (let j = 0; j < startAt.length; j++) {
      const p = startAt[j] ?? 0;
      if (((startMask[j] ?? 0) & bit) === 0 || p < from) continue;
      re.lastIndex = p;
      const m = re.exec(normalized);
      if (!m) continue;
      if (!overlaps(out, m.index, m[0].length)) out.push({ kind, text: m[0], index: m.index });
      from = m.index + m[0].length;
    }
  }
  return out.length > 1 ? byIndex(out) : out;
}

/**
 * The list in order of index, as the stable out.sort((a, b) => a.index - b.index) leaves it: an
 * insertion sort, since a turn names a few times at most and setting up Array.prototype.sort with
 * a comparator cost more than the search for them.
 */
function byIndex(list: TimeAnchor[]): TimeAnchor[] {
  for (let i = 1; i < list.length; i++) {
    const anchor = list[i];
    if (!anchor) continue;
    let j = i - 1;
    for (let before = list[j]; before && before.index > anchor.index; before = list[j]) {
      list[j + 1] = before;
      j--;
    }
    list[j + 1] = anchor;
  }
  return list;
}

/** Sticky copies of the patterns, tried at the word starts alone instead of a global search trying every character. */
const sticky = (list: TimePattern[]): TimePattern[] => list.map(([kind, re, needles, starts]) => [kind, new RegExp(re.source, 'uy'), needles, starts]);
const RU_STICKY = sticky(RU_PATTERNS);
const EN_STICKY = sticky(EN_PATTERNS);

/** The patterns as global searches, in the order they are tried (for the check against the plain search). */
export function timePatternsFor(language: string): [TimeAnchorKind, RegExp][] {
  return (language === 'en' ? EN_PATTERNS : RU_PATTERNS).map(([kind, re]) => [kind, re]);
}

function overlaps(list: TimeAnchor[], index: number, length: number): boolean {
  return list.some((a) => index < a.index + a.text.length && a.index < index + length);
}

/** A concrete anchor names a day, a date or a clock time (not just "later" or "next week"). */
/** A day, a date or a clock time fixes a moment; "до девяти" ("we are open until nine") only bounds one. */
export function isConcrete(anchor: TimeAnchor): boolean {
  if (anchor.kind === 'time') return !/^(?:до|until|till)\s/u.test(anchor.text);
  return anchor.kind === 'day' || anchor.kind === 'date';
}

/**
 * How many distinct options a proposal offers: "во вторник или в среду" = 2,
 * "завтра в восемь или в субботу днём" = 2, "в четверг в одиннадцать" = 1.
 */
export function countTimeOptions(anchors: readonly TimeAnchor[]): number {
  const days = anchors.filter((a) => a.kind === 'day' || a.kind === 'date').length;
  const times = anchors.filter((a) => a.kind === 'time').length;
  return Math.max(days, times);
}
