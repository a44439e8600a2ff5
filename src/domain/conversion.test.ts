/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import {
  compareWithPreviousPeriod, conversionByPeriod, conversionGrowth, conversionRate, conversionTooltip, growthTooltip, paidDealsByPeriod, uniqueLeadsByPeriod,
  type DealFact, type LeadContact,
} from './conversion.ts';

const TZ = 'Europe/Moscow';
const call = (id: string, phone: string | null, at: string): LeadContact => ({ id, source: 'call', phone, occurredAt: new Date(at) });
const crm = (id: string, phone: string | null, at: string): LeadContact => ({ id, source: 'crm', phone, occurredAt: new Date(at) });
const paid = (dealId: string, at: string): DealFact => ({ dealId, status: 'paid', paidAt: new Date(at) });

void test('unique leads are deduplicated by normalized phone across calls and CRM leads', () => {
  const contacts = [
    call('c1', '8 (916) 123-45-67', '2026-11-02T10:00:00Z'),
    call('c2', '+7 916 1234567', '2026-11-03T10:00:00Z'), // same person
    crm('l1', '79161234567', '2026-11-04T10:00:00Z'), // same person, from the CRM
    crm('l2', '+7 903 765-43-21', '2026-11-05T10:00:00Z'),
    call('c3', null, '2026-11-06T10:00:00Z'), // hidden number: its own lead
    call('c4', '101', '2026-11-06T11:00:00Z'), // not a phone: its own lead
  ];
  const byMonth = uniqueLeadsByPeriod(contacts, { kind: 'month', timeZone: TZ });
  assert.deepEqual(byMonth.get('2026-11'), { leads: 4, leadsWithoutPhone: 2 });
  // by week: W45 = 2–8 Nov holds all of them
  assert.deepEqual(uniqueLeadsByPeriod(contacts, { kind: 'week', timeZone: TZ }).get('2026-W45'), { leads: 4, leadsWithoutPhone: 2 });
});

void test('a phone active in two weeks is a lead in each week but once in the month', () => {
  const contacts = [call('a', '+79161234567', '2026-11-02T10:00:00Z'), call('b', '+79161234567', '2026-11-10T10:00:00Z')];
  const weeks = uniqueLeadsByPeriod(contacts, { kind: 'week', timeZone: TZ });
  assert.equal(weeks.get('2026-W45')?.leads, 1);
  assert.equal(weeks.get('2026-W46')?.leads, 1);
  assert.equal(uniqueLeadsByPeriod(contacts, { kind: 'month', timeZone: TZ }).get('2026-11')?.leads, 1);
});

void test('a deal counts once, in the period of its payment date in the company time zone', () => {
  const deals: DealFact[] = [
    paid('d1', '2026-10-31T22:00:00Z'), // 1 Nov 01:00 Moscow → November
    paid('d2', '2026-11-15T10:00:00Z'),
    paid('d2', '2026-11-20T10:00:00Z'), // imported twice: the earliest payment date wins
    { dealId: 'd3', status: 'lost', paidAt: null },
    { dealId: 'd4', status: 'open', paidAt: new Date('2026-11-16T10:00:00Z') }, // not paid: ignored
  ];
  const months = paidDealsByPeriod(deals, { kind: 'month', timeZone: TZ });
  assert.deepEqual(months.get('2026-11'), ['d1', 'd2']);
  assert.equal(months.get('2026-10'), undefined);
  assert.deepEqual(paidDealsByPeriod(deals, { kind: 'month', timeZone: 'UTC' }).get('2026-10'), ['d1']);
});

void test('conversion per month: 3 paid / 4 unique leads = 0.75; empty period → null with a reason', () => {
  const contacts = [
    call('1', '+79161111111', '2026-11-02T10:00:00Z'),
    call('2', '+79162222222', '2026-11-02T10:00:00Z'),
    crm('3', '+79163333333', '2026-11-02T10:00:00Z'),
    crm('4', '+79164444444', '2026-11-02T10:00:00Z'),
    crm('5', '8 916 444-44-44', '2026-11-12T10:00:00Z'),
  ];
  const deals = [paid('a', '2026-11-05T10:00:00Z'), paid('b', '2026-11-06T10:00:00Z'), paid('c', '2026-11-07T10:00:00Z')];
  const result = conversionByPeriod({ contacts, deals, kind: 'month', timeZone: TZ, periods: ['2026-10', '2026-11'] });
  assert.deepEqual(result, [
    { kind: 'month', period: '2026-10', leads: 0, leadsWithoutPhone: 0, paidDeals: 0, paidDealIds: [], conversion: null, reason: 'no_leads' },
    { kind: 'month', period: '2026-11', leads: 4, leadsWithoutPhone: 0, paidDeals: 3, paidDealIds: ['a', 'b', 'c'], conversion: 0.75 },
  ]);
  assert.deepEqual(conversionRate(0, 0), { conversion: null, reason: 'no_leads' });
  assert.deepEqual(conversionRate(0, 10), { conversion: 0 });
});

void test('growth: percentage points and relative percent, with reasons when unavailable', () => {
  // 2.0 % → 3.1 %: +1.1 pp, +55 %
  const growth = conversionGrowth(0.031, 0.02);
  assert.ok(Math.abs((growth.percentagePoints ?? 0) - 1.1) < 1e-9);
  assert.ok(Math.abs((growth.relativePercent ?? 0) - 55) < 1e-9);
  assert.deepEqual(growth.reasons, []);
  // fall: 4 % → 3 % = −1 pp, −25 %
  const fall = conversionGrowth(0.03, 0.04);
  assert.ok(Math.abs((fall.percentagePoints ?? 0) + 1) < 1e-9);
  assert.ok(Math.abs((fall.relativePercent ?? 0) + 25) < 1e-9);
  assert.deepEqual(conversionGrowth(0.05, 0), { current: 0.05, previous: 0, percentagePoints: 5, relativePercent: null, reasons: ['previous_zero_conversion'] });
  assert.deepEqual(conversionGrowth(null, 0.02), { current: null, previous: 0.02, percentagePoints: null, relativePercent: null, reasons: ['current_no_leads'] });
  assert.deepEqual(conversionGrowth(0.02, null).reasons, ['previous_no_leads']);
});

void test('week over week comparison across a year boundary', () => {
  const contacts = [
    call('1', '+79161111111', '2026-12-29T10:00:00Z'), // 2026-W53
    call('2', '+79162222222', '2026-12-30T10:00:00Z'),
    call('3', '+79163333333', '2027-01-05T10:00:00Z'), // 2027-W01
  ];
  const deals = [paid('a', '2026-12-30T12:00:00Z'), paid('b', '2027-01-06T12:00:00Z')];
  const comparison = compareWithPreviousPeriod({ contacts, deals, kind: 'week', timeZone: TZ, period: '2027-W01' });
  assert.equal(comparison.previous.period, '2026-W53');
  assert.equal(comparison.previous.conversion, 0.5);
  assert.equal(comparison.current.conversion, 1);
  assert.equal(comparison.growth.percentagePoints, 50);
  assert.equal(comparison.growth.relativePercent, 100);
});

void test('tooltips show the counts and the formula in Russian and English', () => {
  const figure = { kind: 'month' as const, period: '2026-11', leads: 420, leadsWithoutPhone: 3, paidDeals: 13, paidDealIds: [], conversion: 13 / 420 };
  assert.equal(conversionTooltip(figure).ru, 'Конверсия = оплаченные сделки / уникальные лиды = 13 / 420 = 3,10%. Лид — уникальный номер телефона из звонков и CRM за период; сделка считается в периоде даты оплаты. 3 лидов без номера телефона посчитаны по одному.');
  assert.match(conversionTooltip({ ...figure, leads: 0, conversion: null }).ru, /нет лидов/);
  assert.equal(growthTooltip(conversionGrowth(0.031, 0.02)).ru, 'Рост = 3,10% − 2,00% = +1,10 п.п. Относительно прошлого периода: +55,0%.');
  assert.equal(growthTooltip(conversionGrowth(0.03, 0.04)).en, 'Growth = 3.00% − 4.00% = −1.00 pp. Relative to the previous period: −25.0%.');
  assert.match(growthTooltip(conversionGrowth(0.05, 0)).ru, /Относительный рост не определён/);
  assert.match(growthTooltip(conversionGrowth(null, 0.02)).ru, /нет лидов/);
});
