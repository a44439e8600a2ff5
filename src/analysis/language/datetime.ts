// Dates and times in speech: "в четверг", "завтра в 10:30", "к десяти", "в девять тридцать",
// "пятнадцать ноль ноль", "после обеда", "on Friday at 5pm". Hand-written because it runs on every
// turn (chrono-node costs ~0.3 ms a sentence) and because spelled-out hours ("в семь", "к двенадцати")
// are how people actually say times. Numbers followed by a unit ("в три раза", "на два года") are not times.

import { cueTokenHeads, cueTokens } from './cues.ts';
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
//   words  one of these literals must occur (searched as one plain alternation)
//   hour   a whole word (between non-letters) must be one of RU_HOURS: there an hour word is always
//          followed by a space or by the end of the word
//   first  the characters a match can begin with (null: any), so other word starts are not tried
interface Needles { digit: boolean; words: RegExp | null; hour: boolean; first: string | null }
const need = (digit: boolean, words: readonly string[], hour: boolean, first: string | null): Needles =>
  ({ digit, words: words.length > 0 ? new RegExp(words.join('|')) : null, hour, first });
const DIGITS = '0123456789';
const HOUR_FIRST = 'вдопстчш';

const RU_PATTERNS: [TimeAnchorKind, RegExp, Needles][] = [
  ['day', new RegExp(`${B}(?:понедельник\\p{L}*|вторник\\p{L}*|сред[аеуы]|четверг\\p{L}*|пятниц\\p{L}*|суббот\\p{L}*|воскресень\\p{L}*|завтра|послезавтра|сегодня)${E}`, 'gu'), need(false, ['понедельник', 'вторник', 'сред', 'четверг', 'пятниц', 'суббот', 'воскресень', 'завтра', 'сегодня'], false, 'взпсч')],
  ['date', new RegExp(`${B}(?:\\d{1,2}(?:-?го|-?е)?|перв\\p{L}+|втор\\p{L}+|трет\\p{L}+|\\p{L}+(?:ого|ое))\\s+(?:январ|феврал|март|апрел|мая|май|июн|июл|август|сентябр|октябр|ноябр|декабр|числ)\\p{L}*`, 'gu'), need(false, ['январ', 'феврал', 'март', 'апрел', 'мая', 'май', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр', 'числ'], false, null)],
  ['date', new RegExp(`${B}\\d{1,2}\\.\\d{1,2}(?:\\.\\d{2,4})?${E}`, 'gu'), need(true, [], false, DIGITS)],
  ['time', new RegExp(`${B}\\d{1,2}[:.]\\d{2}${E}`, 'gu'), need(true, [], false, DIGITS)],
  ['time', new RegExp(`${B}(?:в|к|до|около|после|часам к|где-то в)\\s+(?:\\d{1,2}|${RU_HOURS})(?:\\s+(?:${RU_MINUTES}))?(?:\\s+час\\p{L}*)?${E}(?!\\s+(?:с\\s+половиной\\s+|с\\s+лишним\\s+)?${RU_UNITS})`, 'gu'), need(true, [], true, 'вкдопчг')],
  ['time', new RegExp(`${B}(?:на|с)\\s+(?:\\d{1,2}|${RU_HOURS})\\s+(?:час\\p{L}*|утра|вечера|дня|${RU_MINUTES})${E}`, 'gu'), need(true, [], true, 'нс')],
  ['time', new RegExp(`${B}(?:${RU_HOURS})\\s+(?:${RU_MINUTES})${E}(?!\\s+${RU_UNITS})`, 'gu'), need(false, [], true, HOUR_FIRST)],
  ['time', new RegExp(`${B}(?:\\d{1,2}|${RU_HOURS})\\s+час(?:а|ов)?(?:\\s+(?:утра|дня|вечера))?${E}`, 'gu'), need(false, ['час'], false, DIGITS + HOUR_FIRST)],
  ['time', new RegExp(`${B}(?:в\\s+)?(?:полдень|пол\\s*\\p{L}+ого|половин\\p{L}*\\s+\\p{L}+ого)${E}`, 'gu'), need(false, ['пол'], false, 'вп')],
  ['part_of_day', new RegExp(`${B}(?:утром|утра|с утра|вечером|днем|в обед|до обеда|после обеда|ближе к обеду|к обеду|после работы|в первой половине|во второй половине)${E}`, 'gu'), need(false, ['утр', 'вечер', 'днем', 'обед', 'работы', 'половине'], false, 'бвдкпсу')],
  ['vague', new RegExp(`${B}(?:на (?:этой|следующей) неделе|на днях|через (?:неделю|пару дней|месяц)|в течение (?:дня|недели)|попозже|позже|как-нибудь)${E}`, 'gu'), need(false, ['неделе', 'днях', 'через', 'течение', 'позже', 'как-нибудь'], false, 'вкнпч')],
];

const EN_PATTERNS: [TimeAnchorKind, RegExp, Needles?][] = [
  ['day', new RegExp(`${B}(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|this weekend)${E}`, 'gu')],
  ['date', new RegExp(`${B}(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?${E}`, 'gu')],
  ['time', new RegExp(`${B}\\d{1,2}(?::\\d{2})?\\s?(?:am|pm|o'clock)${E}`, 'gu')],
  ['time', new RegExp(`${B}(?:at|by|around)\\s+(?:\\d{1,2}(?::\\d{2})?|noon|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)${E}(?!\\s*(?:dollars|bucks|%|percent|miles))`, 'gu')],
  ['part_of_day', new RegExp(`${B}(?:this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening)|after work)${E}`, 'gu')],
  ['vague', new RegExp(`${B}(?:next week|later|sometime|some time|soon)${E}`, 'gu')],
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
const RU_HOUR_MAX = Math.max(...[...RU_HOUR_WORDS].map((w) => w.length));
const RU_TIME_PREPOSITIONS = new Set(['в', 'к', 'до', 'около', 'после', 'часам', 'на', 'с']);
const RU_MINUTE_WORDS = new Set(['ноль', 'ноль-ноль', 'пятнадцать', 'тридцать', 'сорок', 'пятьдесят', 'двадцать', 'десять']);
const EN_GATE = /\d|day|tomorrow|tonight|week|morning|afternoon|evening|noon|later|soon|some ?time|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|at /u;

// the gate prefixes by their first three letters (none is shorter), so a token is checked only
// against the prefixes it can start with
const RU_GATE_BY_HEAD = new Map<string, string[]>();
for (const p of RU_GATE_PREFIXES) RU_GATE_BY_HEAD.set(p.slice(0, 3), [...(RU_GATE_BY_HEAD.get(p.slice(0, 3)) ?? []), p]);

function ruGate(normalized: string): boolean {
  const tokens = cueTokens(normalized);
  const heads = cueTokenHeads(normalized);
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]?.text ?? '';
    const c = w.charCodeAt(0);
    if (c >= 48 && c <= 57) return true;
    if (RU_GATE_WORDS.has(w)) return true;
    const prefixes = RU_GATE_BY_HEAD.get(heads[i] ?? '');
    if (prefixes) for (const p of prefixes) if (w.startsWith(p)) return true;
    if (RU_HOUR_WORDS.has(w) && (RU_TIME_PREPOSITIONS.has(tokens[i - 1]?.text ?? '') || RU_MINUTE_WORDS.has(tokens[i + 1]?.text ?? ''))) return true;
  }
  return false;
}

/** Every date/time mention in normalised text, in order of appearance. */
export function detectTimeAnchors(normalized: string, language: string): TimeAnchor[] {
  const out: TimeAnchor[] = [];
  if (!(language === 'en' ? EN_GATE.test(normalized) : ruGate(normalized))) return out;
  const en = language === 'en';
  const digit = !en && hasDigit(normalized);
  const starts: number[] = [];
  const hour = wordStarts(normalized, starts);
  for (const [kind, re, needles] of en ? EN_STICKY : RU_STICKY) {
    if (needles && !(needles.digit && digit) && !(needles.hour && hour) && !(needles.words !== null && needles.words.test(normalized))) continue;
    // the same left-to-right, non-overlapping matches a global search finds, tried only where a match can start
    let from = 0;
    const first = needles?.first ?? null;
    for (const p of starts) {
      if (p < from || (first !== null && !first.includes(normalized[p] ?? ''))) continue;
      re.lastIndex = p;
      const m = re.exec(normalized);
      if (!m) continue;
      if (!overlaps(out, m.index, m[0].length)) out.push({ kind, text: m[0], index: m.index });
      from = m.index + m[0].length;
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Every pattern starts with "no letter or digit before" and then a letter or digit, so a match can
 * only start where a word starts. Sticky copies of the patterns are tried at those positions alone
 * instead of a global search trying every character.
 */
const sticky = (list: [TimeAnchorKind, RegExp, Needles?][]): [TimeAnchorKind, RegExp, Needles?][] =>
  list.map(([kind, re, needles]) => [kind, new RegExp(re.source, 'uy'), needles]);
const RU_STICKY = sticky(RU_PATTERNS);
const EN_STICKY = sticky(EN_PATTERNS);

/** Fills `starts` with where words start; returns whether some whole word is an hour word (RU_HOURS). */
function wordStarts(text: string, starts: number[]): boolean {
  let hour = false;
  let start = -1;
  for (let i = 0; i <= text.length;) {
    const w = i < text.length ? wordCharLength(text, i) : 0;
    if (w > 0) {
      if (start < 0) { starts.push(i); start = i; }
      i += w;
    } else {
      if (start >= 0 && !hour && i - start <= RU_HOUR_MAX && RU_HOUR_WORDS.has(text.slice(start, i))) hour = true;
      start = -1;
      i++;
    }
  }
  return hour;
}

function hasDigit(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
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
