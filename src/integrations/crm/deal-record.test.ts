import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crmDealRecordProblems, toDealFact, type CrmDealRecord } from './deal-record.ts';

const good: CrmDealRecord = {
  source: 'csv', idempotencyKey: 'csv:deal:7', externalId: '7', status: 'won', amountMinor: 100, currency: 'RUB', phone: '+79161234567', rawPhone: '89161234567',
  clientName: null, managerName: null, managerExternalId: null, openedAt: null, closedAt: new Date('2026-11-01T00:00:00Z'), paidAt: new Date('2026-11-01T00:00:00Z'),
};

void test('the record contract catches what would corrupt the figures', () => {
  assert.deepEqual(crmDealRecordProblems(good), []);
  assert.deepEqual(crmDealRecordProblems({ ...good, idempotencyKey: 'deal:7', amountMinor: 1.5, currency: 'руб', phone: '89161234567', status: 'lost', paidAt: new Date('x') }), [
    'idempotencyKey must start with the source',
    'amountMinor must be a whole number ≥ 0',
    'currency must be an ISO 4217 code',
    'phone must be E.164 or null',
    'only a won deal has a payment date',
    'paidAt is not a valid date',
  ]);
});

void test('a won deal without a payment date is not a paid deal for conversion', () => {
  assert.equal(toDealFact(good).status, 'paid');
  assert.equal(toDealFact({ ...good, paidAt: null }).status, 'open');
  assert.equal(toDealFact({ ...good, status: 'lost', paidAt: null }).status, 'lost');
  assert.equal(toDealFact(good).dealId, 'csv:7');
});
