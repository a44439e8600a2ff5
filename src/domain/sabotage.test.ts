/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import { scanForSabotage, type ManagerActivity, type OpenSabotageAlert, type RecommendationDue } from './sabotage.ts';
import { AppError } from './errors.ts';

const now = new Date('2026-11-23T09:00:00Z');
const thresholds = { noSignInDays: 3, overdueCount: 2, overdueDays: 1 };
const manager = (managerId: string, lastSignInAt: string | null, extra: Partial<ManagerActivity> = {}): ManagerActivity =>
  ({ managerId, name: managerId, lastSignInAt: lastSignInAt ? new Date(lastSignInAt) : null, activeSince: new Date('2026-11-01T00:00:00Z'), ...extra });
const rec = (id: string, managerId: string, dueAt: string, status: RecommendationDue['status'] = 'open'): RecommendationDue => ({ id, managerId, status, dueAt: new Date(dueAt) });

void test('no sign-in for N days raises one alert with since = last sign-in', () => {
  const scan = scanForSabotage({
    managers: [
      manager('anna', '2026-11-19T09:00:00Z'), // exactly 4 days → alert
      manager('boris', '2026-11-20T09:00:01Z'), // 2 days 23:59:59 → no alert
      manager('vera', null), // never signed in since 1 Nov → alert since account start
      manager('gleb', '2026-10-01T00:00:00Z', { active: false }), // deactivated: ignored
    ],
    recommendations: [],
    openAlerts: [],
    now,
    thresholds,
  });
  assert.deepEqual(scan.raise.map((a) => [a.managerId, a.kind, a.since.toISOString()]), [
    ['anna', 'no_sign_in', '2026-11-19T09:00:00.000Z'],
    ['vera', 'no_sign_in', '2026-11-01T00:00:00.000Z'],
  ]);
  assert.deepEqual(scan.raise[0]?.details, { kind: 'no_sign_in', lastSignInAt: new Date('2026-11-19T09:00:00Z'), daysWithoutSignIn: 4 });
  assert.equal(scan.raise[0]?.message.ru, 'anna не заходит в систему 4 дн.');
  assert.match(scan.raise[1]?.message.ru ?? '', /ни разу не зашёл/);
});

void test('K recommendations overdue by M days: only open ones, only past M days', () => {
  const recommendations = [
    rec('r1', 'anna', '2026-11-20T21:00:00Z'), // overdue 2.5 days
    rec('r2', 'anna', '2026-11-21T21:00:00Z'), // overdue 1.5 days
    rec('r3', 'anna', '2026-11-22T21:00:00Z'), // overdue 12 h: under M = 1 day
    rec('r4', 'anna', '2026-11-10T21:00:00Z', 'called'), // called: not overdue
    rec('r5', 'boris', '2026-11-19T21:00:00Z'), // boris has only one
  ];
  const scan = scanForSabotage({ managers: [manager('anna', '2026-11-23T08:00:00Z'), manager('boris', '2026-11-23T08:00:00Z')], recommendations, openAlerts: [], now, thresholds });
  assert.equal(scan.raise.length, 1);
  const alert = scan.raise[0];
  assert.equal(alert?.kind, 'overdue_recommendations');
  // the 2nd oldest (r2, due 21 Nov 21:00) became 1 day overdue on 22 Nov 21:00
  assert.equal(alert?.since.toISOString(), '2026-11-22T21:00:00.000Z');
  assert.deepEqual(alert?.details, { kind: 'overdue_recommendations', recommendationIds: ['r1', 'r2'], count: 2, oldestDueAt: new Date('2026-11-20T21:00:00Z') });
});

void test('the same ongoing condition is not alerted again; a gone one is resolved; a new episode is raised', () => {
  const managers = [manager('anna', '2026-11-19T09:00:00Z'), manager('boris', '2026-11-15T09:00:00Z')];
  const recommendations = [rec('r1', 'anna', '2026-11-20T21:00:00Z'), rec('r2', 'anna', '2026-11-21T21:00:00Z')];
  const openAlerts: OpenSabotageAlert[] = [
    { id: 'a1', managerId: 'anna', kind: 'no_sign_in', since: new Date('2026-11-19T09:00:00Z') }, // same episode
    { id: 'a2', managerId: 'anna', kind: 'overdue_recommendations', since: new Date('2026-11-22T00:00:00Z') },
    { id: 'a3', managerId: 'boris', kind: 'no_sign_in', since: new Date('2026-11-10T09:00:00Z') }, // boris signed in on the 15th since
    { id: 'a4', managerId: 'vera', kind: 'no_sign_in', since: new Date('2026-11-01T00:00:00Z') }, // vera is gone from the list
  ];
  const scan = scanForSabotage({ managers, recommendations, openAlerts, now, thresholds });
  assert.deepEqual(scan.ongoing.map((o) => o.alertId), ['a1', 'a2']);
  assert.deepEqual(scan.raise.map((a) => `${a.managerId}:${a.kind}:${a.since.toISOString()}`), ['boris:no_sign_in:2026-11-15T09:00:00.000Z']);
  assert.deepEqual(scan.resolve.map((a) => a.id), ['a3', 'a4']);

  // Anna signs in and calls her clients: both alerts resolve, nothing new is raised.
  const later = scanForSabotage({
    managers: [manager('anna', '2026-11-23T08:30:00Z')],
    recommendations: recommendations.map((r) => ({ ...r, status: 'called' as const })),
    openAlerts: openAlerts.slice(0, 2),
    now,
    thresholds,
  });
  assert.deepEqual(later, { raise: [], ongoing: [], resolve: openAlerts.slice(0, 2) });
});

void test('thresholds are validated', () => {
  assert.throws(() => scanForSabotage({ managers: [], recommendations: [], openAlerts: [], now, thresholds: { noSignInDays: 0, overdueCount: 1, overdueDays: 1 } }), AppError);
  assert.throws(() => scanForSabotage({ managers: [], recommendations: [], openAlerts: [], now, thresholds: { noSignInDays: 3, overdueCount: 1.5, overdueDays: 1 } }), AppError);
});
