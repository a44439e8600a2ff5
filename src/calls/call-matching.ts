// Who is on the call: the manager (by PBX extension, or by user id when the integrator sends it)
// and the client (by E.164 phone; a new phone becomes a new client/lead). Runs inside the ingest
// transaction so a call and the client it creates commit together.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { clients } from '../db/schema/calls.ts';
import { managerExtensions, users } from '../db/schema/companies.ts';
import type { Tx } from '../db/tenant.ts';
import { normalizePhone } from '../domain/phone.ts';

export interface ManagerMatch {
  managerId: string | null;
  /** why no manager was found, for the integrator's "unassigned" list */
  reason: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function matchManager(tx: Tx, companyId: string, input: { managerId?: string | null; managerExtension?: string | null }): Promise<ManagerMatch> {
  if (input.managerId) {
    if (UUID.test(input.managerId)) {
      const row = (await tx.select({ id: users.id }).from(users)
        .where(and(eq(users.id, input.managerId), eq(users.companyId, companyId), isNull(users.disabledAt))).limit(1))[0];
      if (row) return { managerId: row.id, reason: null };
    }
    if (!input.managerExtension) return { managerId: null, reason: `No active person with id "${input.managerId}" in this company.` };
  }
  const extension = input.managerExtension?.trim();
  if (!extension) return { managerId: null, reason: 'The call names no manager (no extension and no manager id).' };
  const row = (await tx.select({ userId: managerExtensions.userId }).from(managerExtensions)
    .where(and(eq(managerExtensions.companyId, companyId), eq(managerExtensions.extension, extension))).limit(1))[0];
  if (row) return { managerId: row.userId, reason: null };
  return { managerId: null, reason: `Extension ${extension} belongs to nobody; add it to a manager in Settings → People, then assign the call.` };
}

export interface ClientMatch {
  clientId: string | null;
  phone: string | null;
  created: boolean;
  note: string | null;
}

/**
 * Finds or creates the client by E.164 phone. Phones are unique per company in the schema, but
 * older rows may predate normalization: when several match, the oldest wins (deterministic) and
 * the call notes it.
 */
export async function matchClient(tx: Tx, companyId: string, rawPhone: string | null | undefined, managerId: string | null): Promise<ClientMatch> {
  if (!rawPhone) return { clientId: null, phone: null, created: false, note: null };
  const phone = normalizePhone(rawPhone);
  if (!phone) return { clientId: null, phone: null, created: false, note: `"${rawPhone}" is not a phone number; the call has no client.` };
  const find = () => tx.select({ id: clients.id }).from(clients)
    .where(and(eq(clients.companyId, companyId), eq(clients.phoneE164, phone)))
    .orderBy(asc(clients.createdAt), asc(clients.id)).limit(2);
  let rows = await find();
  if (rows.length === 0) {
    // onConflictDoNothing: two calls of a new client arriving at once create one client
    await tx.insert(clients).values({ companyId, phoneE164: phone, managerId, source: 'call' }).onConflictDoNothing();
    rows = await find();
    const first = rows[0];
    return { clientId: first?.id ?? null, phone, created: true, note: null };
  }
  const note = rows.length > 1 ? `Several clients have the phone ${phone}; the call was linked to the oldest one.` : null;
  return { clientId: rows[0]?.id ?? null, phone, created: false, note };
}
