// The interface languages. Russian is the default (the product's first market).
export type Locale = 'ru' | 'en';
export const locales: readonly Locale[] = ['ru', 'en'];
export const defaultLocale: Locale = 'ru';

export function isLocale(value: unknown): value is Locale {
  return value === 'ru' || value === 'en';
}
