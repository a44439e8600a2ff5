// Deals and payments: the facts the conversion and the money brought are computed from.
// - CSV import: preview (dryRun) then commit. Re-importing a file changes nothing: deals upsert by
//   (source, external id) and payments by their idempotency key; bad lines come back one by one.
//   A deal paid in parts (a file with payment numbers) gets one payment per part and is worth their sum.
// - amoCRM webhooks: the same CrmDealRecord path; a won lead becomes a payment fact.
// - Manual payments with a receipt (stored by content hash), optionally closing a win-back
//   recommendation as "returned". A payment for an unknown client is REFUSED with instructions
//   (nothing is written, the receipt is not kept): a payment that belongs to nobody cannot be
//   counted anywhere, and silently creating a client would invent a lead.
// Leads: clients are created or found by E.164 phone (src/domain/phone.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { clients, integrations } from '../db/schema/calls.ts';
import { companies } from '../db/schema/companies.ts';
import { deals, payments, recommendations } from '../db/schema/outcomes.ts';
import { asSystem, withTenant, type Tx } from '../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import { managerScope } from '../auth/actor.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { normalizePhone } from '../domain/phone.ts';
import { allowedTransitions, canTransition } from '../domain/recommendation-lifecycle.ts';
import type { CrmDealRecord } from '../integrations/crm/deal-record.ts';
import { importDealsCsv, type CsvLineError } from '../integrations/crm/csv/deals-csv-import.ts';
import { parseAmoWebhook } from '../integrations/crm/amocrm/amocrm-webhook.ts';
import { loadCompanySettings } from '../reports/report-context.ts';

export interface StoreCounts {
  dealsCreated: number;
  dealsUpdated: number;
  paymentsCreated: number;
  /** payments already stored by an earlier import (same idempotency key): skipped */
  paymentsAlreadyImported: number;
  clientsCreated: number;
}

const minorToAmount = (minor: number): number => minor / 100;

/** Find or create the client (lead) with this E.164 phone. */
export async function upsertClientByPhone(tx: Tx, companyId: string, phone: string, name: string | null, seenAt: Date, source: string): Promise<{ id: string; created: boolean }> {
  const [row] = await tx.insert(clients).values({ companyId, phoneE164: phone, name, source, firstSeenAt: seenAt })
    .onConflictDoUpdate({ target: [clients.companyId, clients.phoneE164], set: { name: sql`coalesce(${clients.name}, excluded.name)`, firstSeenAt: sql`least(${clients.firstSeenAt}, excluded.first_seen_at)` } })
    .returning({ id: clients.id, created: sql<boolean>`(xmax = 0)` });
  return { id: row!.id, created: Boolean(row!.created) };
}

/** Store CRM records (CSV rows or amoCRM leads) inside one tenant transaction. */
export async function storeDealRecords(tx: Tx, companyId: string, records: readonly CrmDealRecord[], now: Date = new Date()): Promise<StoreCounts> {
  const counts: StoreCounts = { dealsCreated: 0, dealsUpdated: 0, paymentsCreated: 0, paymentsAlreadyImported: 0, clientsCreated: 0 };
  for (const record of records) {
    const openedAt = record.openedAt ?? record.paidAt ?? record.closedAt ?? now;
    let clientId: string | null = null;
    if (record.phone) {
      const client = await upsertClientByPhone(tx, companyId, record.phone, record.clientName, openedAt, 'crm');
      clientId = client.id;
      if (client.created) counts.clientsCreated += 1;
    }
    const values = {
      companyId, clientId, source: record.source, externalId: record.externalId, amount: minorToAmount(record.amountMinor),
      currency: record.currency, status: record.status, openedAt, closedAt: record.closedAt ?? record.paidAt,
    };
    const [deal] = await tx.insert(deals).values(values)
      .onConflictDoUpdate({
        target: [deals.companyId, deals.source, deals.externalId],
        set: { status: values.status, amount: values.amount, closedAt: values.closedAt, clientId: sql`coalesce(excluded.client_id, ${deals.clientId})`, openedAt: sql`least(${deals.openedAt}, excluded.opened_at)` },
      })
      .returning({ id: deals.id, created: sql<boolean>`(xmax = 0)` });
    if (deal!.created) counts.dealsCreated += 1;
    else counts.dealsUpdated += 1;
    if (record.status === 'won' && record.paidAt && record.partOfDeal && (await wholeDealPaymentStored(tx, companyId, deal!.id, record))) {
      counts.paymentsAlreadyImported += 1;
    } else if (record.status === 'won' && record.paidAt) {
      const inserted = await tx.insert(payments).values({
        companyId, dealId: deal!.id, clientId, amount: minorToAmount(record.amountMinor), currency: record.currency, paidAt: record.paidAt,
        source: record.source, externalKey: record.idempotencyKey, confirmed: true,
      }).onConflictDoNothing({ target: [payments.companyId, payments.source, payments.externalKey] }).returning({ id: payments.id });
      if (inserted.length > 0) counts.paymentsCreated += 1;
      else counts.paymentsAlreadyImported += 1;
    }
    if (record.partOfDeal) {
      // a deal paid in parts is worth the sum of its parts, whichever file brought which part
      await tx.update(deals).set({ amount: sql`(select coalesce(sum(${payments.amount}), 0) from ${payments} where ${payments.companyId} = ${companyId} and ${payments.dealId} = ${deal!.id} and ${payments.source} = ${record.source})` })
        .where(and(eq(deals.companyId, companyId), eq(deals.id, deal!.id)));
    }
  }
  return counts;
}

/**
 * A file with payment numbers may repeat, as one of its parts, a payment an earlier file without
 * them stored for the whole deal (key `<source>:deal:<id>`): the same amount on the same local day
 * of the company is that payment, not a second one.
 */
async function wholeDealPaymentStored(tx: Tx, companyId: string, dealId: string, record: CrmDealRecord): Promise<boolean> {
  const rows = await tx.select({ id: payments.id }).from(payments).innerJoin(companies, eq(companies.id, payments.companyId)).where(and(
    eq(payments.companyId, companyId), eq(payments.dealId, dealId), eq(payments.source, record.source), eq(payments.externalKey, `${record.source}:deal:${record.externalId}`),
    eq(payments.amount, minorToAmount(record.amountMinor)),
    sql`(${payments.paidAt} at time zone ${companies.timezone})::date = (${record.paidAt!.toISOString()}::timestamptz at time zone ${companies.timezone})::date`,
  )).limit(1);
  return rows.length > 0;
}

export interface CsvImportOutcome {
  dryRun: boolean;
  delimiter: string;
  encoding: string;
  columns: Record<string, string>;
  ignoredHeaders: string[];
  totalRows: number;
  validRows: number;
  errors: CsvLineError[];
  preview: { line: number; phone: string | null; amountMinor: number; currency: string; status: string; paidAt: Date | null; externalId: string }[];
  stored: StoreCounts | null;
}

export async function importDealsFromCsv(db: AppDb, companyId: string, file: string | Uint8Array, options: { dryRun: boolean }): Promise<CsvImportOutcome> {
  return withTenant(db, companyId, async (tx) => {
    const settings = await loadCompanySettings(tx, companyId);
    const parsed = importDealsCsv(file, { companyCurrency: settings.currency, timeZone: settings.timeZone });
    const stored = options.dryRun ? null : await storeDealRecords(tx, companyId, parsed.records);
    return {
      dryRun: options.dryRun,
      delimiter: parsed.delimiter,
      encoding: parsed.encoding,
      columns: Object.fromEntries(Object.entries(parsed.columns).map(([k, v]) => [k, v ?? ''])),
      ignoredHeaders: parsed.ignoredHeaders,
      totalRows: parsed.totalRows,
      validRows: parsed.records.length,
      errors: parsed.errors,
      preview: parsed.preview.map(({ line, record }) => ({ line, phone: record.phone, amountMinor: record.amountMinor, currency: record.currency, status: record.status, paidAt: record.paidAt, externalId: record.externalId })),
      stored,
    };
  });
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** amoCRM does not sign webhooks: the URL carries the integration's secret, compared in constant time. */
export async function ingestAmoWebhook(db: AppDb, integrationId: string, secret: string, body: string, now: Date = new Date()): Promise<{ events: number; stored: StoreCounts }> {
  // Looking up the integration precedes knowing the company (like a session lookup).
  const [integration] = await asSystem(db, (tx) => tx.select().from(integrations).where(and(eq(integrations.id, integrationId), eq(integrations.kind, 'amocrm'))));
  const known = integration?.secret ?? '';
  const matches = timingSafeEqual(digest(known), digest(secret));
  if (!integration || !integration.enabled || !known || !matches) {
    throw new AppError('webhook.unknown', 'Unknown integration or wrong secret: copy the webhook URL again from the integration settings.', { status: 404 });
  }
  const webhook = parseAmoWebhook(body);
  const companyId = integration.companyId;
  return withTenant(db, companyId, async (tx) => {
    const settings = await loadCompanySettings(tx, companyId);
    const records: CrmDealRecord[] = webhook.events.filter((e) => e.kind !== 'delete' && e.status !== null).map((event) => {
      const at = event.modifiedAt ?? now;
      const status = event.status ?? 'open';
      return {
        source: 'amocrm', idempotencyKey: `amocrm:${webhook.subdomain}:${event.leadId}`, externalId: String(event.leadId), status,
        amountMinor: Math.round((event.price ?? 0) * 100), currency: settings.currency, phone: null, rawPhone: null, clientName: null,
        managerName: null, managerExternalId: event.responsibleUserId === null ? null : String(event.responsibleUserId),
        openedAt: null, closedAt: status === 'open' ? null : at, paidAt: status === 'won' ? at : null,
      };
    });
    return { events: webhook.events.length, stored: await storeDealRecords(tx, companyId, records, now) };
  });
}

export interface ManualPaymentInput {
  amount: number;
  paidAt: Date;
  clientId?: string | undefined;
  clientPhone?: string | undefined;
  recommendationId?: string | undefined;
  dealId?: string | undefined;
  receipt: { bytes: Buffer; mime: string; filename: string };
}

/** A payment confirmed by hand with its receipt; the receipt file lives under <data>/receipts/<sha256>. */
export async function confirmManualPayment(db: AppDb, dataDir: string, actor: Actor & { kind: 'user' }, input: ManualPaymentInput) {
  if (!(input.amount > 0) || !Number.isFinite(input.amount)) throw invalid('The amount must be a positive number, e.g. 85000 or 85000.50');
  if (Number.isNaN(input.paidAt.getTime())) throw invalid('paidAt must be a date (YYYY-MM-DD or ISO 8601)');
  if (input.receipt.bytes.length === 0) throw invalid('Attach the receipt (a photo or PDF of the payment document).');
  const { companyId } = actor;
  const sha256 = createHash('sha256').update(input.receipt.bytes).digest('hex');
  const payment = await withTenant(db, companyId, async (tx) => {
    const settings = await loadCompanySettings(tx, companyId);
    const phone = input.clientPhone ? normalizePhone(input.clientPhone) : null;
    if (input.clientPhone && !phone) throw invalid(`"${input.clientPhone}" is not a phone number; use the client's full number, e.g. +7 916 123-45-67`);
    if (!input.clientId && !phone) throw invalid('Give clientId or clientPhone: a payment must belong to a client.');
    const [client] = await tx.select({ id: clients.id, managerId: clients.managerId }).from(clients)
      .where(and(eq(clients.companyId, companyId), input.clientId ? eq(clients.id, input.clientId) : eq(clients.phoneE164, phone!)));
    if (!client) {
      throw new AppError('payment.unknown_client', `No client ${input.clientPhone ?? input.clientId} in Mentor. Nothing was saved. Import the client's calls or CRM deal first (Deals → Import CSV), or check the number, then attach the receipt again.`, { status: 422, details: { clientPhone: phone, clientId: input.clientId ?? null } });
    }
    const scope = managerScope(actor);
    if (scope !== null && client.managerId !== scope) throw notFound('Client');
    if (input.dealId) {
      const [deal] = await tx.select({ id: deals.id }).from(deals).where(and(eq(deals.companyId, companyId), eq(deals.id, input.dealId)));
      if (!deal) throw notFound('Deal');
    }
    if (input.recommendationId) {
      const [rec] = await tx.select({ id: recommendations.id, status: recommendations.status, clientId: recommendations.clientId }).from(recommendations)
        .where(and(eq(recommendations.companyId, companyId), eq(recommendations.id, input.recommendationId)));
      if (!rec) throw notFound('Recommendation');
      if (rec.clientId !== client.id) throw invalid('The recommendation was written for another client.');
      if (rec.status !== 'returned') {
        if (!canTransition(rec.status, 'returned')) {
          throw new AppError('invalid_transition', `The recommendation is "${rec.status}"; a client can be marked returned only after the recommendation was applied (allowed next: ${allowedTransitions(rec.status).join(', ') || 'none'}).`, { status: 409 });
        }
        await tx.update(recommendations).set({ status: 'returned', updatedAt: new Date() }).where(and(eq(recommendations.companyId, companyId), eq(recommendations.id, rec.id)));
      }
    }
    const [row] = await tx.insert(payments).values({
      companyId, clientId: client.id, dealId: input.dealId ?? null, amount: input.amount, currency: settings.currency, paidAt: input.paidAt,
      source: 'manual', externalKey: `manual:${sha256}`, confirmed: true, receiptSha256: sha256, recommendationId: input.recommendationId ?? null, confirmedBy: actor.userId,
    }).onConflictDoNothing({ target: [payments.companyId, payments.source, payments.externalKey] }).returning();
    if (!row) throw new AppError('payment.duplicate_receipt', 'This receipt is already attached to a payment.', { status: 409 });
    return row;
  });
  // The file is written after the row: a refused payment leaves no orphan file behind.
  const folder = join(dataDir, 'receipts', companyId);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, sha256), input.receipt.bytes);
  return payment;
}
