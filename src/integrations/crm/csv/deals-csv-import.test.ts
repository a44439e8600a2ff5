import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../../domain/errors.ts';
import { crmDealRecordProblems, toDealFact } from '../deal-record.ts';
import { detectDelimiter, importDealsCsv } from './deals-csv-import.ts';

const options = { companyCurrency: 'RUB', timeZone: 'Europe/Moscow' };

const russianFile = [
  '\ufeffID сделки;Телефон;Сумма;Дата оплаты;Статус;Менеджер;Валюта;Комментарий',
  '1001;8 (916) 123-45-67;85 000,50;01.11.2026;Оплачено;Анна;руб.;первый',
  '1002;+7 903 765-43-21;"120 000";15.11.2026 14:30;Оплачено;Борис;;',
  '1003;+7 903 111-22-33;50 000;;Отказ;Анна;RUB;передумал',
  '',
].join('\r\n');

void test('a Russian Excel file: BOM, ";", decimal commas, spaces in numbers, dd.mm.yyyy', () => {
  const result = importDealsCsv(russianFile, options);
  assert.equal(result.delimiter, ';');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.columns, { deal_id: 'ID сделки', phone: 'Телефон', amount: 'Сумма', paid_at: 'Дата оплаты', status: 'Статус', manager: 'Менеджер', currency: 'Валюта' });
  assert.deepEqual(result.ignoredHeaders, ['Комментарий']);
  assert.equal(result.totalRows, 3);
  const [first, second, third] = result.records;
  assert.deepEqual(first, {
    source: 'csv', idempotencyKey: 'csv:deal:1001', externalId: '1001', status: 'won', amountMinor: 8_500_050, currency: 'RUB',
    phone: '+79161234567', rawPhone: '8 (916) 123-45-67', clientName: null, managerName: 'Анна', managerExternalId: null,
    openedAt: null, closedAt: new Date('2026-10-31T21:00:00Z'), paidAt: new Date('2026-10-31T21:00:00Z'),
  });
  assert.equal(second?.paidAt?.toISOString(), '2026-11-15T11:30:00.000Z');
  assert.equal(third?.status, 'lost');
  assert.equal(third?.paidAt, null);
  assert.deepEqual(result.preview.map((p) => p.line), [2, 3, 4]);
  assert.deepEqual(toDealFact(first!), { dealId: 'csv:1001', status: 'paid', paidAt: first?.paidAt, amountMinor: 8_500_050, phone: '+79161234567' });
  assert.equal(toDealFact(third!).status, 'lost');
  assert.deepEqual(result.records.flatMap(crmDealRecordProblems), []);
});

void test('an English file with "," and quotes; no deal id → a stable hash key; re-import gives the same keys', () => {
  const file = 'phone,amount,paid_at,currency\n"+7 916 123-45-67","85,000.00",2026-11-01,RUB\n"+7 916 123 45 67","85000",2026-11-01T15:00:00+03:00,\n';
  const result = importDealsCsv(file, options);
  assert.equal(result.delimiter, ',');
  // the second row is the same payment written differently (same phone, amount, local date): a duplicate
  assert.equal(result.records.length, 1);
  assert.deepEqual(result.errors, [{ line: 3, code: 'duplicate_row', message: 'duplicate of line 2' }]);
  assert.match(result.records[0]?.idempotencyKey ?? '', /^csv:h:[0-9a-f]{32}$/);
  assert.equal(importDealsCsv(file, options).records[0]?.idempotencyKey, result.records[0]?.idempotencyKey);
});

void test('wrong columns → a clear error listing the expected headers', () => {
  assert.throws(() => importDealsCsv('Имя;Почта;Сумма\nИван;a@b.ru;100\n', options), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'csv_wrong_columns');
    assert.equal(error.status, 422);
    assert.match(error.message, /no column for Телефон \/ phone, Дата оплаты \/ paid_at/);
    assert.match(error.message, /Found: "Имя", "Почта", "Сумма"/);
    assert.match(error.message, /Expected headers: Телефон \/ phone \(обязательно \/ required\); Сумма \/ amount/);
    assert.deepEqual(error.details?.missing, ['phone', 'paid_at']);
    return true;
  });
  assert.throws(() => importDealsCsv('Телефон;Phone;Сумма;Дата\n', options), /both mean Телефон \/ phone/);
  assert.throws(() => importDealsCsv('', options), (error: unknown) => error instanceof AppError && error.code === 'csv_empty');
  assert.throws(() => importDealsCsv('phone,amount,paid_at\n"+79161234567,100,2026-11-01\n', options), (error: unknown) => error instanceof AppError && error.code === 'csv_malformed');
});

void test('every bad line is reported with its line number and what is wrong; good lines still import', () => {
  const file = [
    'Телефон;Сумма;Дата оплаты;Валюта;ID сделки;Статус',
    ';1000;01.11.2026;;d1;', // 2: missing phone
    '+79161234567;1000;31.02.2026;;d2;', // 3: bad date
    '+79161234568;1000;01.11.2026;USD;d3;', // 4: currency differs from the company's
    '+79161234569;1000;01.11.2026;тугрики;d4;', // 5: unknown currency
    '+79161234570;10,000;01.11.2026;;d5;', // 6: ambiguous amount
    '+79161234571;1000;;;d6;Оплачено', // 7: paid without a date
    '+79161234572;1000;01.11.2026;;d7;Может быть', // 8: unknown status
    '+79161234573;1000;01.11.2026;;d8', // 9: a column short
    '+79161234574;1000;01.11.2026;;d9;', // 10: good
    '+79161234574;1000;01.11.2026;;d9;', // 11: duplicate of 10
    '+79161234575;2000;02.11.2026;;d9;', // 12: same deal id, another payment
    '12;1000;01.11.2026;;d10;', // 13: not a phone
    '"+7 916 123-45-76";"1 500";"03.11.2026";;"d11";', // 14: good
  ].join('\n');
  const result = importDealsCsv(file, { ...options, previewRows: 1 });
  assert.deepEqual(result.errors.map((e) => [e.line, e.code, e.field ?? null]), [
    [2, 'missing_phone', 'phone'],
    [3, 'bad_date', 'paid_at'],
    [4, 'currency_mismatch', 'currency'],
    [5, 'unknown_currency', 'currency'],
    [6, 'bad_amount', 'amount'],
    [7, 'missing_date', 'paid_at'],
    [8, 'unknown_status', 'status'],
    [9, 'wrong_column_count', null],
    [11, 'duplicate_row', null],
    [12, 'duplicate_deal_id', 'deal_id'],
    [13, 'bad_phone', 'phone'],
  ]);
  assert.equal(result.errors[1]?.message, '"31.02.2026" is not a real date');
  assert.equal(result.errors[1]?.value, '31.02.2026');
  assert.match(result.errors[2]?.message ?? '', /in USD but the company counts money in RUB/);
  assert.match(result.errors[9]?.message ?? '', /deal d9 is already on line 10/);
  assert.deepEqual(result.records.map((r) => r.externalId), ['d9', 'd11']);
  assert.equal(result.records[1]?.amountMinor, 150_000);
  assert.equal(result.preview.length, 1);
  assert.equal(result.totalRows, 13);
  assert.deepEqual(result.records.flatMap(crmDealRecordProblems), []);
});

void test('a quoted cell with a line break keeps the line numbers of the following rows right', () => {
  const file = 'Клиент;Телефон;Сумма;Дата оплаты\n"ООО\nРога";+79161234567;100;01.11.2026\nИван;;100;01.11.2026\n';
  const result = importDealsCsv(file, options);
  assert.equal(result.records[0]?.clientName, 'ООО\nРога');
  assert.deepEqual(result.preview.map((p) => p.line), [2]);
  assert.deepEqual(result.errors.map((e) => [e.line, e.code]), [[4, 'missing_phone']]);
});

void test('Windows-1251 bytes as Excel saves them and delimiter detection', () => {
  const utf8 = 'Телефон;Сумма;Дата оплаты\n+79161234567;100;01.11.2026\n';
  // encode to cp1251 by hand: Cyrillic А..я are 0xC0..0xFF
  const bytes = Uint8Array.from([...utf8].map((char) => {
    const code = char.codePointAt(0) ?? 0;
    return code >= 0x410 && code <= 0x44f ? code - 0x410 + 0xc0 : code;
  }));
  const result = importDealsCsv(bytes, options);
  assert.equal(result.encoding, 'windows-1251');
  assert.equal(result.records.length, 1);
  assert.equal(detectDelimiter('a\tb\tc\n'), '\t');
  assert.equal(detectDelimiter('"a;b",c,d\n'), ',');
  assert.equal(detectDelimiter('single\n'), ',');
});

void test('Excel padding: empty trailing columns and rows of bare delimiters are skipped', () => {
  const file = 'Телефон;Сумма;Дата оплаты;;\n+79161234567;100;01.11.2026;;\n;;;;\n+79161234568;200;02.11.2026;;;\n';
  const result = importDealsCsv(file, options);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.ignoredHeaders, []);
  assert.deepEqual(result.records.map((r) => r.amountMinor), [10_000, 20_000]);
  assert.deepEqual(result.preview.map((p) => p.line), [2, 4]);
});

void test('a payment number column makes each paid row one part of its deal, with a key of its own', () => {
  const file = 'ID сделки;Номер платежа;Телефон;Сумма;Дата оплаты;Статус\nP-1;1;+79161234567;100;01.11.2026;\nP-1;2;+79161234567;50;05.11.2026;\n;7;+79161234568;10;02.11.2026;\nP-2;1;+79161234569;10;;Отказ\n';
  const result = importDealsCsv(file, options);
  assert.deepEqual(result.errors, []);
  assert.equal(result.columns.payment_id, 'Номер платежа');
  assert.deepEqual(result.records.map((r) => [r.idempotencyKey, r.externalId, r.partOfDeal ?? false]), [
    ['csv:deal:P-1:payment:1', 'P-1', true],
    ['csv:deal:P-1:payment:2', 'P-1', true],
    ['csv:payment:7', 'csv:payment:7', true],
    ['csv:deal:P-2', 'P-2', false], // a lost deal is a deal, not a payment
  ]);
  assert.deepEqual(result.records.flatMap(crmDealRecordProblems), []);
});
