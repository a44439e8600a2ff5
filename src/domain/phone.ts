// Phone numbers from telephony, CRM and people all mean the same client only once normalized to
// E.164: "8 (916) 123-45-67", "+7 916 1234567" and "79161234567" are one person.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const DEFAULT_PHONE_REGION: CountryCode = 'RU';

/**
 * Normalize a phone number to E.164 (`+79161234567`), or null when it is not a valid phone
 * number (an internal extension like "101", an anonymous caller, garbage).
 */
export function normalizePhone(raw: string | null | undefined, region: CountryCode = DEFAULT_PHONE_REGION): string | null {
  if (raw === null || raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const digits = trimmed.replace(/\D/g, '');
  // PBXs and CRMs often drop the "+" of an international number ("79161234567", "0049…" is rarer).
  // Try the number as given first, then as international when it has no plus.
  const candidates = [trimmed];
  if (!trimmed.startsWith('+') && digits.length >= 10) candidates.push(`+${digits}`);
  if (digits.startsWith('00') && digits.length > 8) candidates.push(`+${digits.slice(2)}`);
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, region);
    if (parsed?.isValid()) return parsed.number;
  }
  return null;
}

/** True when the value looks like a PBX extension (2–6 digits), not an external number. */
export function isExtension(raw: string | null | undefined): boolean {
  if (!raw) return false;
  return /^\d{2,6}$/.test(raw.trim());
}
