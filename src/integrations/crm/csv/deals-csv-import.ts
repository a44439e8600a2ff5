// CSV import of deals and payments (an export from Excel, 1C or any CRM). The integrator uploads a
// file, sees a preview with every bad line explained, and confirms; the service stores the valid
// records keyed by `idempotencyKey`, so importing the same file twice adds nothing.
//
// Idempotency key: `csv:deal:<deal id>` when the file has a deal id column and the cell is filled,
// otherwise `csv:h:<sha256(phone | amount | currency | local payment date)>` — the date at day
// precision so that a re-export that adds times does not duplicate payments.
//
// Partial payments: one deal = one row, unless the file has a payment id column. Then each row is
// one payment of its deal (`csv:deal:<deal id>:payment:<payment id>`), several rows may share a
// deal id, and they must agree on the phone and be paid. Without that column a second row with
// the same deal id is refused: it could as well be a correction of the first as an instalment.
import { createHash } from 'node:crypto';
import { parse, CsvError } from 'csv-parse/sync';
import { AppError } from '../../../domain/errors.ts';
import { localDateKey } from '../../../domain/periods.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import type { CrmDealRecord } from '../deal-record.ts';
import { parseAmount, parseCurrency, parseDate, parseStatus } from './csv-values.ts';

export const CSV_FIELDS = ['phone', 'amount', 'paid_at', 'status', 'deal_id', 'payment_id', 'manager', 'currency', 'client'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];
export const REQUIRED_CSV_FIELDS: readonly CsvField[] = ['phone', 'amount', 'paid_at'];

/** Header spellings, compared after lower-casing, ё→е and collapsing spaces/underscores. */
const HEADER_ALIASES: Record<CsvField, readonly string[]> = {
  phone: ['телефон', 'phone', 'номер телефона', 'телефон клиента', 'тел', 'тел.', 'phone number', 'мобильный'],
  amount: ['сумма', 'amount', 'сумма оплаты', 'сумма платежа', 'sum', 'бюджет', 'price', 'payment amount'],
  paid_at: ['дата оплаты', 'paid at', 'paid_at', 'payment date', 'дата платежа', 'date', 'дата'],
  status: ['статус', 'status', 'этап', 'стадия', 'stage'],
  deal_id: ['id сделки', 'deal id', 'deal_id', 'номер сделки', 'id', 'сделка', 'deal'],
  payment_id: ['id платежа', 'номер платежа', '№ платежа', 'payment id', 'payment_id', 'payment number', 'платеж', 'платёж'],
  manager: ['менеджер', 'manager', 'ответственный', 'responsible'],
  currency: ['валюта', 'currency'],
  client: ['клиент', 'client', 'имя клиента', 'контакт', 'client name', 'name'],
};

/** How the expected headers are shown to a person when the columns are wrong. */
export const EXPECTED_HEADERS: Record<CsvField, string> = {
  phone: 'Телефон / phone',
  amount: 'Сумма / amount',
  paid_at: 'Дата оплаты / paid_at',
  status: 'Статус / status',
  deal_id: 'ID сделки / deal_id',
  payment_id: 'Номер платежа / payment_id',
  manager: 'Менеджер / manager',
  currency: 'Валюта / currency',
  client: 'Клиент / client',
};

const normalizeHeader = (header: string): string => header.trim().toLowerCase().replace(/ё/g, 'е').replace(/[\s_]+/g, ' ').replace(/^"|"$/g, '');

export type CsvLineErrorCode =
  | 'wrong_column_count' | 'missing_phone' | 'bad_phone' | 'bad_amount' | 'missing_date' | 'bad_date'
  | 'unknown_currency' | 'currency_mismatch' | 'unknown_status' | 'duplicate_row' | 'duplicate_deal_id';

export interface CsvLineError {
  /** 1-based line in the file, the header being line 1 */
  line: number;
  field?: CsvField;
  code: CsvLineErrorCode;
  message: string;
  value?: string;
}

export interface CsvImportOptions {
  /** ISO 4217 currency of the company: rows in another currency are refused, not converted */
  companyCurrency: string;
  timeZone: string;
  /** how many parsed rows the preview shows (default 20) */
  previewRows?: number;
}

export interface CsvImportResult {
  delimiter: ';' | ',' | '\t';
  encoding: 'utf-8' | 'windows-1251';
  /** which header of the file feeds which field */
  columns: Partial<Record<CsvField, string>>;
  ignoredHeaders: string[];
  totalRows: number;
  records: CrmDealRecord[];
  preview: { line: number; record: CrmDealRecord }[];
  errors: CsvLineError[];
}

/** UTF-8 (with or without BOM) or, when the bytes are not valid UTF-8, Windows-1251 as Excel saves it. */
export function decodeCsv(input: string | Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  if (typeof input === 'string') return { text: input.replace(/^\ufeff/, ''), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(input), encoding: 'windows-1251' };
  }
}

/** The delimiter that splits the header line most often, outside quotes; `,` when none does. */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  const firstLine = text.split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === ';' || char === ',' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  if (counts['\t'] > counts[',']) return '\t';
  return ',';
}

function mapHeaders(headers: string[]): { index: Partial<Record<CsvField, number>>; ignored: string[] } {
  const index: Partial<Record<CsvField, number>> = {};
  const ignored: string[] = [];
  headers.forEach((header, position) => {
    const normalized = normalizeHeader(header);
    const field = CSV_FIELDS.find((candidate) => HEADER_ALIASES[candidate].some((alias) => normalizeHeader(alias) === normalized));
    if (!field) {
      if (header.trim() !== '') ignored.push(header);
      return;
    }
    if (index[field] !== undefined) {
      throw new AppError('csv_wrong_columns', `Columns "${headers[index[field]] ?? ''}" and "${header}" both mean ${EXPECTED_HEADERS[field]}; keep one.`, {
        status: 422,
        details: { field, headers },
      });
    }
    index[field] = position;
  });
  const missing = REQUIRED_CSV_FIELDS.filter((field) => index[field] === undefined);
  if (missing.length > 0) {
    const expected = CSV_FIELDS.map((field) => `${EXPECTED_HEADERS[field]}${REQUIRED_CSV_FIELDS.includes(field) ? ' (обязательно / required)' : ''}`);
    throw new AppError(
      'csv_wrong_columns',
      `The file has no column for ${missing.map((field) => EXPECTED_HEADERS[field]).join(', ')}. Found: ${headers.map((h) => `"${h}"`).join(', ')}. Expected headers: ${expected.join('; ')}.`,
      { status: 422, details: { missing, found: headers, expected: CSV_FIELDS.map((field) => EXPECTED_HEADERS[field]) } },
    );
  }
  return { index, ignored };
}

const hashKey = (parts: string[]): string => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);

interface ParsedRow {
  record: CrmDealRecord;
  /** the payment's content, to tell an exact duplicate from two different rows with one deal id */
  fingerprint: string;
}

function parseRow(cells: string[], index: Partial<Record<CsvField, number>>, line: number, options: CsvImportOptions): { row?: ParsedRow; errors: CsvLineError[] } {
  const errors: CsvLineError[] = [];
  const cell = (field: CsvField): string => {
    const position = index[field];
    return position === undefined ? '' : (cells[position] ?? '').trim();
  };
  const fail = (field: CsvField, code: CsvLineErrorCode, message: string): void => {
    errors.push({ line, field, code, message, value: cell(field) });
  };

  const rawPhone = cell('phone');
  const phone = rawPhone === '' ? null : normalizePhone(rawPhone);
  if (rawPhone === '') fail('phone', 'missing_phone', 'the phone is empty: a payment must be tied to a client');
  else if (!phone) fail('phone', 'bad_phone', `"${rawPhone}" is not a phone number`);

  const status = parseStatus(cell('status'));
  if (!status.ok) fail('status', 'unknown_status', status.reason);

  const amount = parseAmount(cell('amount'));
  if (!amount.ok) fail('amount', 'bad_amount', amount.reason);
  else if (amount.value === 0 && status.ok && status.value === 'won') fail('amount', 'bad_amount', 'a paid deal with a zero amount');

  const currency = parseCurrency(cell('currency'), options.companyCurrency);
  if (!currency.ok) fail('currency', 'unknown_currency', currency.reason);
  else if (currency.value !== options.companyCurrency) {
    fail('currency', 'currency_mismatch', `the amount is in ${currency.value} but the company counts money in ${options.companyCurrency}; convert it or remove the row`);
  }

  const rawDate = cell('paid_at');
  const paidWon = status.ok && status.value === 'won';
  let paidAt: Date | null = null;
  if (rawDate === '') {
    if (paidWon) fail('paid_at', 'missing_date', 'a paid deal needs its payment date');
  } else {
    const date = parseDate(rawDate, options.timeZone);
    if (date.ok) paidAt = date.value;
    else fail('paid_at', 'bad_date', date.reason);
  }

  if (errors.length > 0 || !status.ok || !amount.ok || !currency.ok) return { errors };
  const dealId = cell('deal_id');
  const dateKey = paidAt ? localDateKey(paidAt, options.timeZone) : '';
  const fingerprint = [phone ?? '', String(amount.value), currency.value, dateKey, status.value].join('|');
  const paymentId = cell('payment_id');
  const idempotencyKey = paymentId !== '' && status.value === 'won'
    ? (dealId !== '' ? `csv:deal:${dealId}:payment:${paymentId}` : `csv:payment:${paymentId}`)
    : dealId !== '' ? `csv:deal:${dealId}` : `csv:h:${hashKey([phone ?? '', String(amount.value), currency.value, dateKey])}`;
  const record: CrmDealRecord = {
    source: 'csv',
    idempotencyKey,
    externalId: dealId !== '' ? dealId : idempotencyKey,
    ...(paymentId !== '' && status.value === 'won' ? { partOfDeal: true } : {}),
    status: status.value,
    amountMinor: amount.value,
    currency: currency.value,
    phone,
    rawPhone,
    clientName: cell('client') || null,
    managerName: cell('manager') || null,
    managerExternalId: null,
    openedAt: null,
    closedAt: status.value === 'open' ? null : paidAt,
    paidAt: status.value === 'won' ? paidAt : null,
  };
  return { row: { record, fingerprint }, errors };
}

/** Parse a whole file: every valid record, a preview of the first ones and every bad line. */
export function importDealsCsv(input: string | Uint8Array, options: CsvImportOptions): CsvImportResult {
  const { text, encoding } = decodeCsv(input);
  const delimiter = detectDelimiter(text);
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { delimiter, bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, trim: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = error instanceof CsvError ? (error as CsvError & { lines?: number }).lines : undefined;
    throw new AppError('csv_malformed', `The file is not valid CSV${line ? ` near line ${line}` : ''}: ${(error as Error).message}. Check for an unclosed quote.`, {
      status: 422,
      cause: error,
      ...(line ? { details: { line } } : {}),
    });
  }
  const [header, ...body] = rows;
  if (!header) throw new AppError('csv_empty', 'The file is empty: expected a header line and at least one row.', { status: 422 });
  const { index, ignored } = mapHeaders(header.record);

  const result: CsvImportResult = {
    delimiter,
    encoding,
    columns: Object.fromEntries(Object.entries(index).map(([field, position]) => [field, header.record[position] ?? ''])),
    ignoredHeaders: ignored,
    totalRows: body.length,
    records: [],
    preview: [],
    errors: [],
  };
  const seen = new Map<string, { line: number; fingerprint: string }>();
  const dealRows = new Map<string, { line: number; phone: string | null; partOfDeal: boolean }>();
  const previewRows = options.previewRows ?? 20;
  for (const { record: rawCells, info } of body) {
    // Excel pads rows with empty cells ("a;b;c;;"): extra cells that are all empty are harmless.
    const padded = rawCells.length > header.record.length && rawCells.slice(header.record.length).every((value) => value.trim() === '');
    const cells = padded ? rawCells.slice(0, header.record.length) : rawCells;
    // info.lines is where the record ends; a quoted cell with line breaks started earlier.
    const line = info.lines - rawCells.reduce((sum, value) => sum + (value.match(/\n/g)?.length ?? 0), 0);
    if (cells.length !== header.record.length) {
      result.errors.push({ line, code: 'wrong_column_count', message: `${cells.length} columns instead of ${header.record.length}; check the delimiter "${delimiter}" inside unquoted cells` });
      continue;
    }
    const { row, errors } = parseRow(cells, index, line, options);
    result.errors.push(...errors);
    if (!row) continue;
    const previous = seen.get(row.record.idempotencyKey);
    if (previous) {
      const same = previous.fingerprint === row.fingerprint;
      result.errors.push({
        line,
        code: same ? 'duplicate_row' : 'duplicate_deal_id',
        ...(same ? {} : { field: row.record.partOfDeal ? 'payment_id' as const : 'deal_id' as const, value: row.record.partOfDeal ? row.record.idempotencyKey.split(':payment:')[1] ?? '' : row.record.externalId }),
        message: same ? `duplicate of line ${previous.line}`
          : row.record.partOfDeal ? `payment ${row.record.idempotencyKey.split(':payment:')[1]} of deal ${row.record.externalId} is already on line ${previous.line} with other values`
            : `deal ${row.record.externalId} is already on line ${previous.line} with another payment; one deal = one row (add a payment number column for partial payments)`,
      });
      continue;
    }
    const deal = dealRows.get(row.record.externalId);
    if (deal && (!deal.partOfDeal || !row.record.partOfDeal || deal.phone !== row.record.phone)) {
      result.errors.push({
        line, code: 'duplicate_deal_id', field: 'deal_id', value: row.record.externalId,
        message: deal.partOfDeal && row.record.partOfDeal
          ? `deal ${row.record.externalId} is on line ${deal.line} with another phone; the payments of one deal must belong to one client`
          : `deal ${row.record.externalId} is already on line ${deal.line} with another payment; one deal = one row (add a payment number column for partial payments)`,
      });
      continue;
    }
    dealRows.set(row.record.externalId, { line, phone: row.record.phone, partOfDeal: row.record.partOfDeal === true });
    seen.set(row.record.idempotencyKey, { line, fingerprint: row.fingerprint });
    result.records.push(row.record);
    if (result.preview.length < previewRows) result.preview.push({ line, record: row.record });
  }
  return result;
}
