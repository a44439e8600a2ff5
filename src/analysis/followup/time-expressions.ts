// Concrete dates, times and numbers in speech. A recommendation that says "назначьте конкретную
// дату и время" is only carried out when the manager names a day or an hour the client can say
// yes to; "когда вам удобно" or "как-нибудь" is not that. Our own cue list is joined with the
// shared ../language/datetime.ts recogniser (which knows more spoken hours); either one suffices.
import { compileFast } from './concepts.ts';
import { normalizeText } from '../language/text.ts';
import { detectTimeAnchors, isConcrete } from '../language/datetime.ts';

const HOURS_RU = 'час|два|двух|три|трех|четыре|четырех|пять|пяти|шесть|шести|семь|семи|восемь|восьми|девять|девяти|десять|десяти|' +
  'одиннадцать|одиннадцати|двенадцать|двенадцати|тринадцать|четырнадцать|пятнадцать|шестнадцать|семнадцать|восемнадцать|девятнадцать|двадцать*|полдень|полдня|обед*';

const DAY_CUES = compileFast([
  'понедельник*', 'вторник*', 'среду|среда|среды', 'четверг*', 'пятниц*', 'суббот*', 'воскресень*', 'завтра', 'послезавтра', 'выходны*', 'weekend',
  'первого|второго|третьего|четвертого|пятого|шестого|седьмого|восьмого|девятого|десятого|' +
    'одиннадцатого|двенадцатого|пятнадцатого|двадцат*|тридцат* январ*|феврал*|март*|апрел*|мая|июн*|июл*|август*|сентябр*|октябр*|ноябр*|декабр*',
  // "на пятнадцатое", "к двадцатому": a day of the month said without the month ("до тридцатого" is a deadline, not a slot)
  'на|к первое|второе|третье|четвертое|пятое|шестое|седьмое|восьмое|девятое|десятое|одиннадцат*|двенадцат*|тринадцат*|' +
    'четырнадцат*|пятнадцат*|шестнадцат*|семнадцат*|восемнадцат*|девятнадцат*|двадцат*|тридцат*',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow',
]);

const TIME_CUES = compileFast([
  `в|к|на|до|после|около|с ${HOURS_RU}`, 'ноль-ноль', 'ноль ноль', 'полвторого|полтретьего|полчетвертого|полпятого|полшестого|полседьмого|полвосьмого|полдесятого|полодиннадцатого|полдвенадцатого',
  'в ~ утра|вечера|дня', 'at noon', 'o\'clock', 'am|pm',
]);

const CLOCK_RE = /(?:^|[^\d])(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d)|(?:^|\s)(?:в|к|с|до|после|at|by)\s+(?:[01]?\d|2[0-3])(?!\s*(?:%|процент|руб|тыс|₽|\d))(?![\d:.]*\s*(?:человек|сотрудник|дн|недел|месяц))/u;
const DATE_DIGITS_RE = /(?:^|\s)\d{1,2}(?:-?го)?\s+(?:январ|феврал|март|апрел|мая|мае|июн|июл|август|сентябр|октябр|ноябр|декабр)|\b\d{1,2}[./]\d{1,2}\b/u;

export interface TimeMention {
  day: boolean;
  hour: boolean;
}

export function timeMention(text: string): TimeMention {
  const n = normalizeText(text);
  const day = DAY_CUES.test(n) || DATE_DIGITS_RE.test(n);
  const hour = TIME_CUES.test(n) || CLOCK_RE.test(n);
  return { day, hour };
}

/** A day or an hour the listener can accept: "в четверг", "завтра в семь", "в 15:00". */
export function hasConcreteTime(text: string): boolean {
  const t = timeMention(text);
  if (t.day || t.hour) return true;
  // the shared recogniser knows more spoken forms ("к десяти", "девять тридцать")
  const n = normalizeText(text);
  const languages = [/[а-я]/u.test(n) ? 'ru' : null, /[a-z]/u.test(n) ? 'en' : null].filter((l): l is string => l !== null);
  return languages.some((l) => detectTimeAnchors(n, l).some(isConcrete));
}

const NUMBER_WORDS = compileFast([
  'ноль|два|две|три|четыре|пять|шесть|семь|восемь|девять|десять|двадцать*|тридцать*|сорок*|пятьдесят*|шестьдесят*|' +
    'семьдесят*|восемьдесят*|девяносто*|сто|двести|триста|четыреста|пятьсот|шестьсот|семьсот|восемьсот|девятьсот|тысяч*|полтор*|' +
    'одиннадцат*|двенадцат*|тринадцат*|четырнадцат*|пятнадцат*|шестнадцат*|семнадцат*|восемнадцат*|девятнадцат*|половин*|процент*',
  'треть|трети|третью|четверть|четверти|вдвое|втрое|пополам|десятую|десятой|пятую|пятой|пару|пара|пары|парой',
  'полмесяц*|полгод*|полчас*|полнедел*|полдня', 'на|за|в квартал|полугодие',
  // "за месяц", "на неделю": one unit of time is a quantity too
  'за|на|через|течение месяц|месяца|неделю|недели|год|года|сутки',
  // "one" is an article more often than a figure ("a pilot with one team"), so it does not count
  'two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|half|percent|third|quarter|tenth',
]);

/** Does the text state a quantity (digits or a spelled-out number)? */
export function hasNumber(text: string): boolean {
  const n = normalizeText(text);
  return /\d/.test(n) || NUMBER_WORDS.test(n);
}
