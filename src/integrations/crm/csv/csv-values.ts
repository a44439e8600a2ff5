// Cell parsers for deal/payment files exported from Excel, 1C and CRMs by Russian-speaking
// companies: "85 000,50", "85000.50 ₽", "01.11.2026", "2026-11-01 14:30", "руб.", "Оплачено".
// Each returns a value or a reason, never throws, so the import can list every bad line at once.
import { zonedTimeToUtc } from '../../../domain/periods.ts';
import type { CrmDealStatus } from '../deal-record.ts';

export type CellResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const SPACES = /[\s\u00a0\u202f\u2009']/g;
const CURRENCY_DECORATION = /(₽|руб\.?|р\.|rub|rur|\$|€|usd|eur)$/i;

/**
 * Amount in minor units. The separator that comes last is the decimal one when both appear;
 * a lone separator followed by exactly three digits ("85,000" / "85.000") is ambiguous between
 * Russian and English habits, so it is refused instead of guessed — a wrong guess is a 1000× error.
 */
export function parseAmount(raw: string): CellResult<number> {
  let text = raw.trim().replace(SPACES, '');
  text = text.replace(CURRENCY_DECORATION, '');
  if (text === '') return { ok: false, reason: 'empty amount' };
  if (text.startsWith('-') || text.startsWith('−')) return { ok: false, reason: `negative amount "${raw.trim()}"` };
  if (!/^[\d.,]+$/.test(text)) return { ok: false, reason: `"${raw.trim()}" is not a number` };
  const lastComma = text.lastIndexOf(',');
  const lastDot = text.lastIndexOf('.');
  let integerPart: string;
  let fraction = '';
  if (lastComma >= 0 && lastDot >= 0) {
    const decimal = lastComma > lastDot ? ',' : '.';
    const grouping = decimal === ',' ? '.' : ',';
    const [whole = '', frac = '', ...rest] = text.split(decimal);
    if (rest.length > 0 || frac.includes(grouping)) return { ok: false, reason: `"${raw.trim()}" is not a number` };
    integerPart = whole.split(grouping).join('');
    fraction = frac;
  } else if (lastComma >= 0 || lastDot >= 0) {
    const separator = lastComma >= 0 ? ',' : '.';
    const parts = text.split(separator);
    if (parts.length > 2) {
      // "1.234.567" / "1,234,567": only grouping
      if (!parts.slice(1).every((part) => part.length === 3)) return { ok: false, reason: `"${raw.trim()}" is not a number` };
      integerPart = parts.join('');
    } else {
      const [whole = '', frac = ''] = parts;
      if (frac.length === 3) return { ok: false, reason: `"${raw.trim()}" is ambiguous: write 85000, 85 000 or 85 000,00` };
      integerPart = whole;
      fraction = frac;
    }
  } else {
    integerPart = text;
  }
  if (integerPart === '' || !/^\d+$/.test(integerPart) || !/^\d{0,2}$/.test(fraction)) return { ok: false, reason: `"${raw.trim()}" is not an amount with at most 2 decimals` };
  const minor = Number(integerPart) * 100 + Number(fraction.padEnd(2, '0') || '0');
  if (!Number.isSafeInteger(minor)) return { ok: false, reason: `amount "${raw.trim()}" is too large` };
  return { ok: true, value: minor };
}

const DATE_DMY = /^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const DATE_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validCalendar(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  const check = new Date(Date.UTC(year, month - 1, day));
  return check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
}

/** dd.mm.yyyy[ hh:mm[:ss]], dd/mm/yyyy, yyyy-mm-dd[ hh:mm[:ss]] and ISO 8601 with an offset. Wall times are the company's. */
export function parseDate(raw: string, timeZone: string): CellResult<Date> {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'empty date' };
  const dmy = DATE_DMY.exec(text);
  const iso = dmy ? null : DATE_ISO.exec(text);
  const match = dmy ?? iso;
  if (!match) return { ok: false, reason: `"${text}" is not a date; use dd.mm.yyyy or yyyy-mm-dd` };
  const [day, month, year] = dmy ? [Number(match[1]), Number(match[2]), Number(match[3])] : [Number(match[3]), Number(match[2]), Number(match[1])];
  const hour = Number(match[4] ?? 0);
  const minute = Number(match[5] ?? 0);
  const second = Number(match[6] ?? 0);
  if (!validCalendar(year, month, day, hour, minute, second)) return { ok: false, reason: `"${text}" is not a real date` };
  const offset = iso?.[7];
  if (offset) {
    const normalized = offset === 'Z' ? 'Z' : offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset;
    const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}${normalized}`);
    return Number.isNaN(date.getTime()) ? { ok: false, reason: `"${text}" is not a real date` } : { ok: true, value: date };
  }
  return { ok: true, value: zonedTimeToUtc({ year, month, day, hour, minute, second }, timeZone) };
}

const CURRENCY_ALIASES: Record<string, string> = {
  '₽': 'RUB', rub: 'RUB', rur: 'RUB', 'руб': 'RUB', 'руб.': 'RUB', 'р': 'RUB', 'р.': 'RUB', 'рубль': 'RUB', 'рублей': 'RUB', 'рубли': 'RUB',
  $: 'USD', usd: 'USD', 'доллар': 'USD', 'долл.': 'USD', '€': 'EUR', eur: 'EUR', 'евро': 'EUR',
  '₸': 'KZT', kzt: 'KZT', 'тенге': 'KZT', byn: 'BYN', 'бел. руб.': 'BYN', uah: 'UAH', '₴': 'UAH', 'грн': 'UAH',
  uzs: 'UZS', 'сум': 'UZS', amd: 'AMD', gel: 'GEL', kgs: 'KGS', cny: 'CNY', '¥': 'CNY', 'юань': 'CNY', try: 'TRY', aed: 'AED', gbp: 'GBP', '£': 'GBP',
};

/** Currency as ISO 4217; an empty cell means the company's currency. */
export function parseCurrency(raw: string, companyCurrency: string): CellResult<string> {
  const text = raw.trim().toLowerCase();
  if (text === '') return { ok: true, value: companyCurrency };
  const code = CURRENCY_ALIASES[text];
  if (code) return { ok: true, value: code };
  return { ok: false, reason: `unknown currency "${raw.trim()}"; use a code such as ${companyCurrency}` };
}

const STATUS_WORDS: Record<CrmDealStatus, readonly string[]> = {
  won: ['оплачено', 'оплачена', 'оплачен', 'оплата', 'paid', 'won', 'успешно', 'успешно реализовано', 'успех', 'выиграна', 'закрыта успешно', 'продажа', 'success'],
  lost: ['отказ', 'lost', 'проиграна', 'закрыто и не реализовано', 'не реализовано', 'потерян', 'потеряна', 'отменена', 'cancelled', 'canceled'],
  open: ['в работе', 'open', 'новая', 'new', 'in progress', 'ожидает оплаты', 'выставлен счет', 'выставлен счёт'],
};

/** Status of the deal; an empty cell means "paid" because most files are payment lists. */
export function parseStatus(raw: string): CellResult<CrmDealStatus> {
  const text = raw.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
  if (text === '') return { ok: true, value: 'won' };
  for (const status of ['won', 'lost', 'open'] as const) {
    if (STATUS_WORDS[status].some((word) => word.replace(/ё/g, 'е') === text)) return { ok: true, value: status };
  }
  return { ok: false, reason: `unknown status "${raw.trim()}"; use "Оплачено"/"paid", "Отказ"/"lost" or "В работе"/"open"` };
}
