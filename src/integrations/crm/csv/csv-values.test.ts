import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAmount, parseCurrency, parseDate, parseStatus } from './csv-values.ts';

const value = <T>(result: { ok: true; value: T } | { ok: false; reason: string }): T | string => (result.ok ? result.value : `ERR ${result.reason}`);

void test('amounts in Excel, Russian and English shapes become kopecks', () => {
  assert.equal(value(parseAmount('85 000,50')), 8_500_050);
  assert.equal(value(parseAmount('85\u00a0000')), 8_500_000);
  assert.equal(value(parseAmount('85000.5')), 8_500_050);
  assert.equal(value(parseAmount('85.000,50')), 8_500_050);
  assert.equal(value(parseAmount('85,000.50')), 8_500_050);
  assert.equal(value(parseAmount('1 234 567')), 123_456_700);
  assert.equal(value(parseAmount('1.234.567')), 123_456_700);
  assert.equal(value(parseAmount('85 000 ₽')), 8_500_000);
  assert.equal(value(parseAmount('12000руб.')), 1_200_000);
  assert.equal(value(parseAmount('0')), 0);
});

void test('ambiguous, negative and garbage amounts are refused with a reason', () => {
  assert.match(String(value(parseAmount('85,000'))), /ambiguous/);
  assert.match(String(value(parseAmount('85.000'))), /ambiguous/);
  assert.match(String(value(parseAmount('-100'))), /negative/);
  assert.match(String(value(parseAmount('сто рублей'))), /not a number/);
  assert.match(String(value(parseAmount('10,123'))), /ambiguous/);
  assert.match(String(value(parseAmount('10.1234'))), /not an amount|not a number/);
  assert.match(String(value(parseAmount(''))), /empty/);
});

void test('dates: dd.mm.yyyy and ISO, wall times in the company zone, impossible dates refused', () => {
  const TZ = 'Europe/Moscow';
  assert.equal((parseDate('01.11.2026', TZ) as { value: Date }).value.toISOString(), '2026-10-31T21:00:00.000Z');
  assert.equal((parseDate('1/11/2026 14:30', TZ) as { value: Date }).value.toISOString(), '2026-11-01T11:30:00.000Z');
  assert.equal((parseDate('2026-11-01', TZ) as { value: Date }).value.toISOString(), '2026-10-31T21:00:00.000Z');
  assert.equal((parseDate('2026-11-01 14:30:15', TZ) as { value: Date }).value.toISOString(), '2026-11-01T11:30:15.000Z');
  assert.equal((parseDate('2026-11-01T14:30:00Z', TZ) as { value: Date }).value.toISOString(), '2026-11-01T14:30:00.000Z');
  assert.equal((parseDate('2026-11-01T14:30:00+0500', TZ) as { value: Date }).value.toISOString(), '2026-11-01T09:30:00.000Z');
  assert.match(String(value(parseDate('31.02.2026', TZ))), /not a real date/);
  assert.match(String(value(parseDate('2026-13-01', TZ))), /not a real date/);
  assert.match(String(value(parseDate('вчера', TZ))), /not a date/);
  assert.match(String(value(parseDate('11/01/26', TZ))), /not a date/);
});

void test('currencies: aliases, empty = company currency, unknown refused', () => {
  assert.equal(value(parseCurrency('руб.', 'RUB')), 'RUB');
  assert.equal(value(parseCurrency('₽', 'RUB')), 'RUB');
  assert.equal(value(parseCurrency('', 'KZT')), 'KZT');
  assert.equal(value(parseCurrency('usd', 'RUB')), 'USD');
  assert.match(String(value(parseCurrency('тугрики', 'RUB'))), /unknown currency "тугрики"/);
});

void test('statuses in Russian and English; empty means paid', () => {
  assert.equal(value(parseStatus('Оплачено')), 'won');
  assert.equal(value(parseStatus('Успешно реализовано')), 'won');
  assert.equal(value(parseStatus('')), 'won');
  assert.equal(value(parseStatus('Отказ')), 'lost');
  assert.equal(value(parseStatus('В работе')), 'open');
  assert.equal(value(parseStatus('выставлен счёт')), 'open');
  assert.match(String(value(parseStatus('может быть'))), /unknown status/);
});
