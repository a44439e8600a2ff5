// Locale-aware formatting with Intl: dates, numbers, money in the company currency and durations.
// Kept apart from React so that pages and tests call the same functions.
import type { Locale } from './locale.ts';

export interface Formatters {
  dateTime(value: string | Date): string;
  date(value: string | Date): string;
  number(value: number): string;
  percent(fraction: number): string;
  money(amount: number, currency: string): string;
  minutes(count: number): string;
}

export function createFormatters(locale: Locale): Formatters {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const minutes = new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  return {
    dateTime: (value) => dateTime.format(new Date(value)),
    date: (value) => date.format(new Date(value)),
    number: (value) => number.format(value),
    percent: (fraction) => percent.format(fraction),
    money: (amount, currency) => formatMoney(locale, amount, currency),
    minutes: (count) => minutes.format(count),
  };
}

function formatMoney(locale: Locale, amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 0 }).format(amount);
  } catch {
    // A currency code Intl does not know (typed by hand in settings) still shows the amount.
    return `${new Intl.NumberFormat(locale).format(amount)} ${currency}`;
  }
}
