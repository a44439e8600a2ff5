// amoCRM API v4 shapes we read, and their mapping to CrmDealRecord. Only the fields we use are
// typed; everything else amoCRM sends is ignored. Status 142 is amoCRM's fixed "Успешно
// реализовано" (won) and 143 "Закрыто и не реализовано" (lost) in every pipeline; a won lead is
// the CRM's payment fact (the spec: "успешная сделка фиксируется как факт оплаты … CRM"), paid on
// its `closed_at`.
import { normalizePhone } from '../../../domain/phone.ts';
import type { CrmDealRecord, CrmDealStatus } from '../deal-record.ts';

export const AMO_STATUS_WON = 142;
export const AMO_STATUS_LOST = 143;

export interface AmoLink {
  href: string;
}

export interface AmoCustomFieldValue {
  field_id: number;
  field_name?: string;
  field_code: string | null;
  field_type?: string;
  values: { value: string | number | boolean | null; enum_id?: number; enum_code?: string }[];
}

export interface AmoLead {
  id: number;
  name?: string;
  price: number | null;
  responsible_user_id: number | null;
  status_id: number;
  pipeline_id: number;
  created_at: number;
  updated_at: number;
  closed_at: number | null;
  is_deleted?: boolean;
  _embedded?: { contacts?: { id: number; is_main: boolean }[] };
}

export interface AmoContact {
  id: number;
  name?: string;
  custom_fields_values: AmoCustomFieldValue[] | null;
}

export interface AmoPage<K extends string, T> {
  _page?: number;
  _links?: { self?: AmoLink; next?: AmoLink };
  _embedded?: Record<K, T[]>;
}

export function amoStatus(statusId: number): CrmDealStatus {
  if (statusId === AMO_STATUS_WON) return 'won';
  if (statusId === AMO_STATUS_LOST) return 'lost';
  return 'open';
}

/** The contact's phones in the order amoCRM lists them (field_code PHONE, any enum: WORK, MOB…). */
export function contactPhones(contact: AmoContact): string[] {
  return (contact.custom_fields_values ?? [])
    .filter((field) => field.field_code === 'PHONE')
    .flatMap((field) => field.values.map((value) => (value.value === null ? '' : String(value.value))))
    .filter((value) => value.trim() !== '');
}

/** Main contact first, then the others: the first phone that normalizes is the client's. */
export function leadPhone(lead: AmoLead, contacts: ReadonlyMap<number, AmoContact>): { phone: string | null; rawPhone: string | null; clientName: string | null } {
  const links = [...(lead._embedded?.contacts ?? [])].sort((a, b) => Number(b.is_main) - Number(a.is_main));
  let firstRaw: string | null = null;
  for (const link of links) {
    const contact = contacts.get(link.id);
    if (!contact) continue;
    for (const raw of contactPhones(contact)) {
      firstRaw ??= raw;
      const phone = normalizePhone(raw);
      if (phone) return { phone, rawPhone: raw, clientName: contact.name ?? null };
    }
  }
  return { phone: null, rawPhone: firstRaw, clientName: null };
}

const fromUnix = (seconds: number | null | undefined): Date | null => (typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000) : null);

export function mapAmoLead(lead: AmoLead, contacts: ReadonlyMap<number, AmoContact>, options: { subdomain: string; currency: string }): CrmDealRecord {
  const status = amoStatus(lead.status_id);
  // A won lead without closed_at (imported or edited by API) is paid when it was last updated.
  const closedAt = status === 'open' ? null : fromUnix(lead.closed_at) ?? fromUnix(lead.updated_at);
  const { phone, rawPhone, clientName } = leadPhone(lead, contacts);
  return {
    source: 'amocrm',
    // Same key for the REST sync and the webhook: the service upserts, so a lead that moves from
    // "open" to "won" updates its record instead of adding a second one.
    idempotencyKey: `amocrm:${options.subdomain}:${lead.id}`,
    externalId: String(lead.id),
    status,
    amountMinor: Math.round((lead.price ?? 0) * 100),
    currency: options.currency,
    phone,
    rawPhone,
    clientName,
    managerName: null,
    managerExternalId: lead.responsible_user_id === null ? null : String(lead.responsible_user_id),
    openedAt: fromUnix(lead.created_at),
    closedAt,
    paidAt: status === 'won' ? closedAt : null,
  };
}
