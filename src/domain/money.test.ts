/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import type { PeriodConversion } from './conversion.ts';
import { formatMoney, formatPercent, moneyBrought, resolveBaseline, type ReturnedClientPayment } from './money.ts';
import { AppError } from './errors.ts';

const TZ = 'Europe/Moscow';
const month = (period: string, leads: number, paidDealIds: string[]): PeriodConversion => ({
  kind: 'month', period, leads, leadsWithoutPhone: 0, paidDeals: paidDealIds.length, paidDealIds,
  ...(leads === 0 ? { conversion: null, reason: 'no_leads' as const } : { conversion: paidDealIds.length / leads }),
});
const ids = (prefix: string, count: number): string[] => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
const october = month('2026-10', 400, ids('o', 8)); // 8 / 400 = 2.00 %
const november = month('2026-11', 420, ids('n', 13)); // 13 / 420 = 3.10 %
const returned = (clientId: string, dealId: string | null, rub: number, confirmed = true, at = '2026-11-20T10:00:00Z'): ReturnedClientPayment =>
  ({ clientId, dealId, amountMinor: rub * 100, paidAt: new Date(at), confirmed });
const AVG = 85_000_00;

void test('baseline = conversion of the month before go-live, in the company time zone', () => {
  const lookup = (key: string) => (key === '2026-10' ? october : undefined);
  // 2026-10-31T22:00Z is 1 November in Moscow → the month before is October
  const baseline = resolveBaseline({ kind: 'month_before_go_live', goLiveAt: new Date('2026-10-31T22:00:00Z') }, lookup, TZ);
  assert.deepEqual(baseline, { state: 'ok', rate: 0.02, source: 'month', month: '2026-10', leads: 400, paidDeals: 8 });
  assert.deepEqual(resolveBaseline({ kind: 'rate', rate: 0.025 }, lookup, TZ), { state: 'ok', rate: 0.025, source: 'rate' });
  assert.throws(() => resolveBaseline({ kind: 'rate', rate: 2.5 }, lookup, TZ), AppError);
});

void test('no baseline month → baseline_missing, and money keeps the returned payments visible', () => {
  const missing = resolveBaseline({ kind: 'month_before_go_live', goLiveAt: new Date('2026-11-10T10:00:00Z') }, () => undefined, TZ);
  assert.equal(missing.state, 'baseline_missing');
  assert.equal(missing.state === 'baseline_missing' && missing.month, '2026-10');
  const empty = resolveBaseline({ kind: 'month', month: '2026-09' }, () => month('2026-09', 0, []), TZ);
  assert.equal(empty.state, 'baseline_missing');
  const result = moneyBrought({ current: november, baseline: missing, averageCheckMinor: AVG, currency: 'RUB', returnedPayments: [returned('c1', 'n1', 90_000)], timeZone: TZ });
  assert.equal(result.state, 'baseline_missing');
  assert.equal(result.state === 'baseline_missing' && result.returnedPaymentsMinor, 90_000_00);
});

void test('worked example: a returned client deal is counted once', () => {
  const baseline = resolveBaseline({ kind: 'month', month: '2026-10' }, () => october, TZ);
  const result = moneyBrought({
    current: november,
    baseline,
    averageCheckMinor: AVG,
    currency: 'RUB',
    returnedPayments: [
      returned('c1', 'n1', 90_000), // both returned clients' deals are among the 13 paid deals
      returned('c2', 'n2', 80_000),
      returned('c3', 'n3', 50_000, false), // no receipt yet: not counted
      returned('c4', 'x9', 40_000, true, '2026-10-20T10:00:00Z'), // October: another month
    ],
    timeZone: TZ,
  });
  assert.equal(result.state, 'ok');
  if (result.state !== 'ok') return;
  const b = result.breakdown;
  // ((13 − 2) − 0.02 × 420) × 85 000 = 2.6 × 85 000 = 221 000 ₽; + 170 000 ₽ = 391 000 ₽
  assert.equal(b.returnedDealsInPaidDeals, 2);
  assert.ok(Math.abs(b.extraDeals - 2.6) < 1e-9);
  assert.equal(b.conversionTermMinor, 221_000_00);
  assert.equal(b.returnedPaymentsMinor, 170_000_00);
  assert.equal(b.totalMinor, 391_000_00);
  assert.equal(b.returnedClients, 2);
  assert.equal(b.unconfirmedReturnedPayments, 1);
  assert.equal(b.negativeGrowth, false);
  assert.ok(b.tooltip.ru.startsWith('(2,62% − 2,00%) × 420 × 85\u00a0000\u00a0₽ + 170\u00a0000\u00a0₽ = 391\u00a0000\u00a0₽.'), b.tooltip.ru);
  assert.ok(b.tooltip.en.startsWith('(2.62% − 2.00%) × 420 × 85,000\u00a0₽ + 170,000\u00a0₽ = 391,000\u00a0₽.'), b.tooltip.en);
});

void test('a returned payment without a deal in paid deals (receipt only) is added but nothing is removed', () => {
  const baseline = resolveBaseline({ kind: 'rate', rate: 0.02 }, () => undefined, TZ);
  const result = moneyBrought({ current: november, baseline, averageCheckMinor: AVG, currency: 'RUB', returnedPayments: [returned('c1', null, 100_000)], timeZone: TZ });
  assert.equal(result.state, 'ok');
  if (result.state !== 'ok') return;
  // (13 − 8.4) × 85 000 = 391 000 ₽; + 100 000 ₽
  assert.equal(result.breakdown.conversionTermMinor, 391_000_00);
  assert.equal(result.breakdown.totalMinor, 491_000_00);
});

void test('conversion below the baseline gives an honest negative conversion term', () => {
  const baseline = resolveBaseline({ kind: 'rate', rate: 0.02 }, () => undefined, TZ);
  const result = moneyBrought({ current: month('2026-11', 420, ids('n', 6)), baseline, averageCheckMinor: AVG, currency: 'RUB', returnedPayments: [], timeZone: TZ });
  assert.equal(result.state, 'ok');
  if (result.state !== 'ok') return;
  // (6 − 8.4) × 85 000 = −204 000 ₽
  assert.equal(result.breakdown.conversionTermMinor, -204_000_00);
  assert.equal(result.breakdown.totalMinor, -204_000_00);
  assert.equal(result.breakdown.negativeGrowth, true);
  assert.match(result.breakdown.tooltip.ru, /= −204\u00a0000\u00a0₽\./);
  assert.match(result.breakdown.tooltip.ru, /первое слагаемое отрицательное/);
});

void test('no leads this month and bad configuration', () => {
  const baseline = resolveBaseline({ kind: 'rate', rate: 0.02 }, () => undefined, TZ);
  const empty = moneyBrought({ current: month('2026-11', 0, []), baseline, averageCheckMinor: AVG, currency: 'RUB', returnedPayments: [], timeZone: TZ });
  assert.equal(empty.state, 'no_leads');
  assert.throws(() => moneyBrought({ current: november, baseline, averageCheckMinor: 0, currency: 'RUB', returnedPayments: [], timeZone: TZ }), /average check/);
  assert.throws(() => moneyBrought({ current: { ...november, kind: 'week', period: '2026-W47' }, baseline, averageCheckMinor: AVG, currency: 'RUB', returnedPayments: [], timeZone: TZ }), AppError);
});

void test('money and percent formatting', () => {
  assert.equal(formatMoney(8_500_050, 'RUB'), '85\u00a0000,50\u00a0₽');
  assert.equal(formatMoney(-12_345_600, 'RUB'), '−123\u00a0456\u00a0₽');
  assert.equal(formatMoney(100_000, 'USD', 'en'), '1,000\u00a0USD');
  assert.equal(formatPercent(0.031), '3,10%');
  assert.equal(formatPercent(0.031, 'en'), '3.10%');
});
