// The one shape every CRM source (CSV import, amoCRM webhook and REST sync) produces, so the
// service stores deals and payments the same way whatever they came from. Money is in minor units
// (kopecks) to keep sums exact; the database keeps numeric(14,2) and the service divides by 100.
import type { DealFact } from '../../domain/conversion.ts';

export type CrmSource = 'csv' | 'amocrm';
export type CrmDealStatus = 'open' | 'won' | 'lost';

export interface CrmDealRecord {
  source: CrmSource;
  /** unique per company and source: the import skips a record whose key is already stored */
  idempotencyKey: string;
  /** the deal's id in the CRM, or the idempotency key when the file has no deal id */
  externalId: string;
  /** one of several payments of the deal (a partial payment), not the whole deal */
  partOfDeal?: boolean;
  status: CrmDealStatus;
  amountMinor: number;
  /** ISO 4217, upper case */
  currency: string;
  /** E.164 (src/domain/phone.ts), null when missing or not a phone */
  phone: string | null;
  rawPhone: string | null;
  clientName: string | null;
  managerName: string | null;
  managerExternalId: string | null;
  openedAt: Date | null;
  closedAt: Date | null;
  /** the payment fact: set when the deal is won and paid; conversion counts deals by this date */
  paidAt: Date | null;
}

/** What the conversion figures need from a record: a payment is a "paid deal". */
export function toDealFact(record: CrmDealRecord): DealFact {
  const status = record.status === 'won' && record.paidAt ? 'paid' : record.status === 'lost' ? 'lost' : 'open';
  return { dealId: `${record.source}:${record.externalId}`, status, paidAt: record.paidAt, amountMinor: record.amountMinor, phone: record.phone };
}

/**
 * The contract every source must keep; the service can call it before storing, and each adapter's
 * tests run it over everything the adapter produced. Returns the broken rules (empty = valid).
 */
export function crmDealRecordProblems(record: CrmDealRecord): string[] {
  const problems: string[] = [];
  if (!record.idempotencyKey.startsWith(`${record.source}:`)) problems.push('idempotencyKey must start with the source');
  if (record.externalId.trim() === '') problems.push('externalId is empty');
  if (!Number.isSafeInteger(record.amountMinor) || record.amountMinor < 0) problems.push('amountMinor must be a whole number ≥ 0');
  if (!/^[A-Z]{3}$/.test(record.currency)) problems.push('currency must be an ISO 4217 code');
  if (record.phone !== null && !/^\+[1-9]\d{6,14}$/.test(record.phone)) problems.push('phone must be E.164 or null');
  if (record.paidAt !== null && record.status !== 'won') problems.push('only a won deal has a payment date');
  for (const [name, value] of [['openedAt', record.openedAt], ['closedAt', record.closedAt], ['paidAt', record.paidAt]] as const) {
    if (value !== null && Number.isNaN(value.getTime())) problems.push(`${name} is not a valid date`);
  }
  return problems;
}
