import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { deterministicJobId, nextRun } from './company-schedules.ts';

void test('a job id derived from a key is a stable, valid UUID', () => {
  const id = deterministicJobId('call.transcribe\u0000call.transcribe:42');
  assert.equal(id, deterministicJobId('call.transcribe\u0000call.transcribe:42'));
  assert.notEqual(id, deterministicJobId('call.transcribe\u0000call.transcribe:43'));
  assert.ok(z.uuid().safeParse(id).success, id);
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

void test('Monday 09:00 follows the company time zone, across a DST change', () => {
  // Friday 2026-10-23 12:00 UTC; Berlin leaves summer time on Sunday 2026-10-25
  const after = new Date('2026-10-23T12:00:00Z');
  assert.equal(nextRun('0 9 * * 1', 'Europe/Berlin', after).toISOString(), '2026-10-26T08:00:00.000Z');
  assert.equal(nextRun('0 9 * * 1', 'Europe/Moscow', after).toISOString(), '2026-10-26T06:00:00.000Z');
  assert.equal(nextRun('0 9 * * 1', 'Asia/Vladivostok', after).toISOString(), '2026-10-25T23:00:00.000Z');
  // strictly after: at exactly the firing time, the next one is a week later
  assert.equal(nextRun('0 9 * * 1', 'Europe/Moscow', new Date('2026-10-26T06:00:00Z')).toISOString(), '2026-11-02T06:00:00.000Z');
});

void test('an unreadable cron is an AppError a person can act on', () => {
  assert.throws(() => nextRun('every monday', 'Europe/Moscow', new Date()), { code: 'job.invalid_schedule' });
});
