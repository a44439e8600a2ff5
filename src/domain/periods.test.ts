/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import {
  endOfNthWorkingDay, isoWeekKey, isoWeekOfCalendarDate, localDateKey, monthKey, monthRange, previousIsoWeek, previousMonth, toLocalDateTime, zonedTimeToUtc,
} from './periods.ts';
import { AppError } from './errors.ts';

void test('month and week follow the company time zone, not UTC', () => {
  // 2026-11-30T22:30Z is already 1 December 01:30 in Moscow (UTC+3)
  const instant = new Date('2026-11-30T22:30:00Z');
  assert.equal(monthKey(instant, 'UTC'), '2026-11');
  assert.equal(monthKey(instant, 'Europe/Moscow'), '2026-12');
  assert.equal(localDateKey(instant, 'Europe/Moscow'), '2026-12-01');
  // Sunday 2026-11-29 23:30 in Moscow is Sunday in week 48; in Vladivostok (UTC+10) it is Monday, week 49
  const sundayNight = new Date('2026-11-29T20:30:00Z');
  assert.equal(isoWeekKey(sundayNight, 'Europe/Moscow'), '2026-W48');
  assert.equal(isoWeekKey(sundayNight, 'Asia/Vladivostok'), '2026-W49');
});

void test('ISO weeks at year boundaries', () => {
  assert.equal(isoWeekOfCalendarDate(2021, 1, 3), '2020-W53'); // Sunday belongs to the last week of 2020
  assert.equal(isoWeekOfCalendarDate(2024, 12, 30), '2025-W01'); // Monday belongs to 2025's first week
  assert.equal(isoWeekOfCalendarDate(2026, 1, 1), '2026-W01'); // Thursday
  assert.equal(previousIsoWeek('2025-W01'), '2024-W52');
  assert.equal(previousIsoWeek('2021-W01'), '2020-W53');
  assert.equal(previousIsoWeek('2027-W01'), '2026-W53'); // 2026 starts on a Thursday: 53 weeks
  assert.throws(() => previousIsoWeek('2025-W53'), AppError); // 2025 has 52
});

void test('previous month wraps the year; bad keys are rejected', () => {
  assert.equal(previousMonth('2026-01'), '2025-12');
  assert.equal(previousMonth('2026-11'), '2026-10');
  assert.throws(() => previousMonth('2026-13'), AppError);
  assert.throws(() => monthKey(new Date('x'), 'UTC'), AppError);
  assert.throws(() => monthKey(new Date(), 'Mars/Olympus'), /Unknown time zone/);
});

void test('zonedTimeToUtc handles fixed offsets and DST gaps/overlaps', () => {
  assert.equal(zonedTimeToUtc({ year: 2026, month: 12, day: 1 }, 'Europe/Moscow').toISOString(), '2026-11-30T21:00:00.000Z');
  // Berlin spring forward 2026-03-29 02:00 → 03:00: 02:30 does not exist, shifted forward to 03:30 CEST
  assert.equal(zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(), '2026-03-29T01:30:00.000Z');
  // Berlin fall back 2026-10-25 03:00 → 02:00: 02:30 happens twice; the earlier (CEST) wins
  assert.equal(zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, 'Europe/Berlin').toISOString(), '2026-10-25T00:30:00.000Z');
  const range = monthRange('2026-11', 'Europe/Moscow');
  assert.equal(range.start.toISOString(), '2026-10-31T21:00:00.000Z');
  assert.equal(range.end.toISOString(), '2026-11-30T21:00:00.000Z');
});

void test('end of the Nth working day skips weekends and holidays and never counts the creation day', () => {
  // Friday 2026-11-20 18:00 Moscow + 3 working days → Mon 23, Tue 24, Wed 25 → due at Thu 26 00:00 MSK
  const friday = new Date('2026-11-20T15:00:00Z');
  assert.equal(endOfNthWorkingDay(friday, 3, 'Europe/Moscow').toISOString(), '2026-11-25T21:00:00.000Z');
  // Saturday creation: Mon, Tue, Wed as well
  assert.equal(endOfNthWorkingDay(new Date('2026-11-21T09:00:00Z'), 3, 'Europe/Moscow').toISOString(), '2026-11-25T21:00:00.000Z');
  // Monday + 1 with Tuesday a holiday → Wednesday
  assert.equal(endOfNthWorkingDay(new Date('2026-11-23T09:00:00Z'), 1, 'Europe/Moscow', ['2026-11-24']).toISOString(), '2026-11-25T21:00:00.000Z');
  // 23:30 Moscow on Monday is still Monday locally even though it is Monday 20:30 UTC; in UTC it would be the same day too,
  // but 01:00 Tuesday Moscow is Monday 22:00 UTC: the local date decides
  assert.equal(endOfNthWorkingDay(new Date('2026-11-23T22:00:00Z'), 1, 'Europe/Moscow').toISOString(), '2026-11-25T21:00:00.000Z');
  assert.throws(() => endOfNthWorkingDay(friday, 0, 'UTC'), AppError);
});

void test('local time around DST transitions and quarter-hour offsets (cached offsets stay exact)', () => {
  const local = (iso: string, zone: string) => {
    const t = toLocalDateTime(new Date(iso), zone);
    return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}:${t.second} w${t.weekday}`;
  };
  // New York springs forward at 07:00Z on 2026-03-08 (Sunday)
  assert.equal(local('2026-03-08T06:59:59Z', 'America/New_York'), '2026-3-8 1:59:59 w7');
  assert.equal(local('2026-03-08T07:00:00Z', 'America/New_York'), '2026-3-8 3:0:0 w7');
  // Kathmandu is UTC+5:45: 18:14Z is 23:59 on 30 Nov, 18:15Z is midnight on 1 Dec
  assert.equal(monthKey(new Date('2026-11-30T18:14:59Z'), 'Asia/Kathmandu'), '2026-11');
  assert.equal(monthKey(new Date('2026-11-30T18:15:00Z'), 'Asia/Kathmandu'), '2026-12');
  // Lord Howe moves by 30 minutes (+10:30 → +11) at 02:00 local on 2026-10-04 = 15:30Z on 3 Oct
  assert.equal(local('2026-10-03T15:29:59Z', 'Australia/Lord_Howe'), '2026-10-4 1:59:59 w7');
  assert.equal(local('2026-10-03T15:30:00Z', 'Australia/Lord_Howe'), '2026-10-4 2:30:0 w7');
});
