// Calendar periods in the company's time zone. Every figure on the report is grouped by ISO week or
// calendar month *as the company's head of sales sees the calendar*, not UTC: a payment at
// 01:30 Moscow time on the 1st belongs to the new month even though it is still the 31st in UTC.
// Only `Intl.DateTimeFormat` is used, so the domain stays dependency-free and pure.
import { invalid } from './errors.ts';

/** 'YYYY-MM', e.g. '2026-11' */
export type MonthKey = string;
/** 'YYYY-Www', ISO 8601 week, e.g. '2026-W48' */
export type IsoWeekKey = string;
/** 'YYYY-MM-DD' in the company's time zone */
export type LocalDateKey = string;

export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw invalid(`Unknown time zone "${timeZone}". Use an IANA name such as "Europe/Moscow".`, { timeZone });
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function assertValidDate(date: Date): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw invalid('Expected a valid date', { date: String(date) });
}

function formattedParts(instant: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: parts.hour ?? 0, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

// Intl formatting costs ~10 µs a call; reports group hundreds of thousands of calls. UTC offsets
// change only at transitions that fall on quarter-hour boundaries, so the offset found for the
// start of a 15-minute slot holds for the whole slot and is cached.
const SLOT_MS = 15 * 60 * 1000;
const offsetCache = new Map<string, Map<number, number>>();

function offsetOfSlot(instant: number, timeZone: string): number {
  const slot = Math.floor(instant / SLOT_MS);
  let zoneCache = offsetCache.get(timeZone);
  if (!zoneCache) {
    zoneCache = new Map();
    offsetCache.set(timeZone, zoneCache);
  }
  let offset = zoneCache.get(slot);
  if (offset === undefined) {
    const start = slot * SLOT_MS;
    const local = formattedParts(start, timeZone);
    offset = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) - start;
    if (zoneCache.size > 200_000) zoneCache.clear();
    zoneCache.set(slot, offset);
  }
  return offset;
}

/** The wall-clock date and time of an instant in a time zone. */
export function toLocalDateTime(date: Date, timeZone: string): LocalDateTime {
  assertValidDate(date);
  const shifted = new Date(date.getTime() + offsetOfSlot(date.getTime(), timeZone));
  const weekdayJs = shifted.getUTCDay();
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: weekdayJs === 0 ? 7 : weekdayJs,
  };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

export function localDateKey(date: Date, timeZone: string): LocalDateKey {
  const local = toLocalDateTime(date, timeZone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

export function monthKey(date: Date, timeZone: string): MonthKey {
  const local = toLocalDateTime(date, timeZone);
  return `${pad(local.year, 4)}-${pad(local.month)}`;
}

/** ISO week of a calendar date: the week belongs to the year that holds its Thursday. */
export function isoWeekOfCalendarDate(year: number, month: number, day: number): IsoWeekKey {
  const utc = new Date(Date.UTC(year, month - 1, day));
  const weekday = utc.getUTCDay() === 0 ? 7 : utc.getUTCDay();
  utc.setUTCDate(utc.getUTCDate() + 4 - weekday); // the Thursday of this week
  const weekYear = utc.getUTCFullYear();
  const firstDay = Date.UTC(weekYear, 0, 1);
  const week = Math.floor((utc.getTime() - firstDay) / 86_400_000 / 7) + 1;
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

export function isoWeekKey(date: Date, timeZone: string): IsoWeekKey {
  const local = toLocalDateTime(date, timeZone);
  return isoWeekOfCalendarDate(local.year, local.month, local.day);
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;
const WEEK_RE = /^(\d{4})-W(\d{2})$/;

export function isMonthKey(value: string): boolean {
  const match = MONTH_RE.exec(value);
  return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

export function previousMonth(key: MonthKey): MonthKey {
  const match = MONTH_RE.exec(key);
  if (!match || !isMonthKey(key)) throw invalid(`"${key}" is not a month; expected YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  return month === 1 ? `${pad(year - 1, 4)}-12` : `${pad(year, 4)}-${pad(month - 1)}`;
}

/** Monday (as a UTC-midnight Date used only as a calendar day) of an ISO week. */
function mondayOfIsoWeek(key: IsoWeekKey): Date {
  const match = WEEK_RE.exec(key);
  if (!match) throw invalid(`"${key}" is not an ISO week; expected YYYY-Www`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const jan4Weekday = jan4.getUTCDay() === 0 ? 7 : jan4.getUTCDay();
  const monday = new Date(Date.UTC(year, 0, 4 - jan4Weekday + 1 + (week - 1) * 7));
  if (isoWeekOfCalendarDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate()) !== key) {
    throw invalid(`"${key}" does not exist: ${year} has fewer weeks`);
  }
  return monday;
}

export function previousIsoWeek(key: IsoWeekKey): IsoWeekKey {
  const monday = mondayOfIsoWeek(key);
  monday.setUTCDate(monday.getUTCDate() - 7);
  return isoWeekOfCalendarDate(monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate());
}

function offsetMs(instant: number, timeZone: string): number {
  return offsetOfSlot(instant, timeZone);
}

/**
 * The instant at which the wall clock in `timeZone` shows the given date and time. In a DST gap the
 * result is shifted forward by the gap; in an overlap the earlier instant wins (RFC 5545 behaviour).
 */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number; millisecond?: number },
  timeZone: string,
): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0, local.millisecond ?? 0);
  // The offsets a day before and a day after bracket any transition near this wall time.
  const offsetBefore = offsetMs(wall - 86_400_000, timeZone);
  const offsetAfter = offsetMs(wall + 86_400_000, timeZone);
  const candidates = [...new Set([wall - offsetBefore, wall - offsetAfter])].sort((a, b) => a - b);
  const valid = candidates.find((instant) => localMatches(instant, local, timeZone));
  return new Date(valid ?? wall - offsetBefore);
}

function localMatches(instant: number, local: { year: number; month: number; day: number; hour?: number; minute?: number }, timeZone: string): boolean {
  const actual = toLocalDateTime(new Date(instant), timeZone);
  return actual.year === local.year && actual.month === local.month && actual.day === local.day && actual.hour === (local.hour ?? 0) && actual.minute === (local.minute ?? 0);
}

/** Start (inclusive) and end (exclusive) instants of a calendar month in the time zone. */
export function monthRange(key: MonthKey, timeZone: string): { start: Date; end: Date } {
  const match = MONTH_RE.exec(key);
  if (!match || !isMonthKey(key)) throw invalid(`"${key}" is not a month; expected YYYY-MM`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return { start: zonedTimeToUtc({ year, month, day: 1 }, timeZone), end: zonedTimeToUtc({ ...next, day: 1 }, timeZone) };
}

/** Add whole calendar days to a local date key (no time zone involved: it is a calendar). */
export function addCalendarDays(key: LocalDateKey, days: number): LocalDateKey {
  const [year, month, day] = key.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (day ?? 1) + days));
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

export function weekdayOfDateKey(key: LocalDateKey): number {
  const [year, month, day] = key.split('-').map(Number);
  const weekday = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/**
 * The end of the Nth working day (Mon–Fri, minus `holidays`) after the local date of `from`:
 * the instant of local midnight that starts the following day. The creation day itself never
 * counts, so a recommendation written on Friday evening with N = 3 is due by the end of Wednesday.
 */
export function endOfNthWorkingDay(from: Date, workingDays: number, timeZone: string, holidays: readonly LocalDateKey[] = []): Date {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw invalid('Working days must be a whole number of at least 1', { workingDays });
  const holidaySet = new Set(holidays);
  let key = localDateKey(from, timeZone);
  let counted = 0;
  while (counted < workingDays) {
    key = addCalendarDays(key, 1);
    if (weekdayOfDateKey(key) <= 5 && !holidaySet.has(key)) counted += 1;
  }
  const [year, month, day] = addCalendarDays(key, 1).split('-').map(Number);
  return zonedTimeToUtc({ year: year ?? 0, month: month ?? 1, day: day ?? 1 }, timeZone);
}
