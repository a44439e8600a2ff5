/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import {
  RECOMMENDATION_STATUSES, allowedTransitions, canTransition, isOverdue, isRecommendationStatus, isTerminal, newRecommendationState,
  overdueForMs, recommendationDueAt, transition, type RecommendationStatus,
} from './recommendation-lifecycle.ts';
import { AppError } from './errors.ts';

const TZ = 'Europe/Moscow';

void test('due date: 3 working days after creation by default, Mon–Fri, company time zone', () => {
  // Wednesday 2026-11-18 12:00 MSK → Thu, Fri, Mon → due at Tue 24 00:00 MSK
  assert.equal(recommendationDueAt(new Date('2026-11-18T09:00:00Z'), { timeZone: TZ }).toISOString(), '2026-11-23T21:00:00.000Z');
  // Friday 23:30 MSK is Friday 20:30 UTC: Mon, Tue, Wed → Thu 00:00 MSK
  assert.equal(recommendationDueAt(new Date('2026-11-20T20:30:00Z'), { timeZone: TZ }).toISOString(), '2026-11-25T21:00:00.000Z');
  // Saturday 00:30 MSK is still Friday in UTC — the company calendar decides: same due date
  assert.equal(recommendationDueAt(new Date('2026-11-20T21:30:00Z'), { timeZone: TZ }).toISOString(), '2026-11-25T21:00:00.000Z');
  assert.equal(recommendationDueAt(new Date('2026-11-18T09:00:00Z'), { timeZone: TZ, workingDays: 1 }).toISOString(), '2026-11-19T21:00:00.000Z');
});

void test('the happy path to returned, with history', () => {
  let rec = newRecommendationState('r1', new Date('2026-11-18T09:00:00Z'), { timeZone: TZ });
  assert.equal(rec.status, 'open');
  const steps: RecommendationStatus[] = ['called', 'verifying', 'applied', 'returned'];
  steps.forEach((status, i) => {
    rec = transition(rec, status, new Date(Date.UTC(2026, 10, 19, 10 + i)));
  });
  assert.equal(rec.status, 'returned');
  assert.deepEqual(rec.history.map((h) => `${h.from}>${h.to}`), ['open>called', 'called>verifying', 'verifying>applied', 'applied>returned']);
  assert.ok(isTerminal('returned') && isTerminal('expired') && !isTerminal('not_applied'));
});

void test('not applied: the manager may call again, or it expires; it cannot be "returned" directly', () => {
  let rec = newRecommendationState('r2', new Date('2026-11-18T09:00:00Z'), { timeZone: TZ });
  for (const status of ['called', 'verifying', 'not_applied'] as const) rec = transition(rec, status, new Date('2026-11-19T10:00:00Z'));
  assert.ok(canTransition('not_applied', 'called'));
  assert.ok(canTransition('not_applied', 'expired'));
  assert.throws(() => transition(rec, 'returned', new Date()), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'invalid_transition');
    assert.equal(error.status, 409);
    assert.match(error.message, /cannot go from "not_applied" to "returned": from "not_applied" it can go to: called, expired/);
    return true;
  });
});

void test('every invalid transition is rejected, final states accept nothing', () => {
  const valid = new Set(['open>called', 'open>expired', 'called>verifying', 'verifying>applied', 'verifying>not_applied', 'applied>returned', 'applied>expired', 'not_applied>called', 'not_applied>expired']);
  for (const from of RECOMMENDATION_STATUSES) {
    for (const to of RECOMMENDATION_STATUSES) assert.equal(canTransition(from, to), valid.has(`${from}>${to}`), `${from}>${to}`);
  }
  const expired = { ...newRecommendationState('r3', new Date('2026-11-18T09:00:00Z'), { timeZone: TZ }), status: 'expired' as const };
  assert.throws(() => transition(expired, 'open', new Date()), /"expired" is final/);
  assert.deepEqual(allowedTransitions('returned'), []);
  assert.ok(isRecommendationStatus('verifying'));
  assert.ok(!isRecommendationStatus('done'));
});

void test('overdue only while open, from the due instant on', () => {
  const rec = newRecommendationState('r4', new Date('2026-11-18T09:00:00Z'), { timeZone: TZ }); // due 2026-11-23T21:00Z
  assert.equal(isOverdue(rec, new Date('2026-11-23T20:59:59Z')), false);
  assert.equal(isOverdue(rec, new Date('2026-11-23T21:00:00Z')), true);
  assert.equal(overdueForMs(rec, new Date('2026-11-25T21:00:00Z')), 2 * 86_400_000);
  assert.equal(isOverdue({ ...rec, status: 'called' }, new Date('2026-12-01T00:00:00Z')), false);
  assert.equal(overdueForMs({ ...rec, status: 'called' }, new Date('2026-12-01T00:00:00Z')), 0);
});
