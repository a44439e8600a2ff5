// Who is on the call: the manager (by PBX extension, or by user id when the integrator sends it)
// and the client (by E.164 phone; a new phone becomes a new client/lead). Runs inside the ingest
// transaction so a call and the client it creates commit together. Batched: a group of calls
// costs the same few statements as one call.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { clients } from '../db/schema/calls.ts';
import { managerExtensions, users } from '../db/schema/companies.ts';
import type { Tx } from '../db/tenant.ts';
import { normalizePhone } from '../domain/phone.ts';

export interface ManagerMatch {
  managerId: string | null;
  /** why no manager was found, for the integrator's "unassigned" list */
  reason: string | null;
}

export interface ManagerQuery {
  managerId?: string | null;
  managerExtension?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const distinct = (values: (string | null | undefined)[]): string[] => [...new Set(values.filter((value): value is string => Boolean(value)))];

/** One manager match per query, in order: two lookups for the whole group. */
export async function matchManagers(tx: Tx, companyId: string, queries: readonly ManagerQuery[]): Promise<ManagerMatch[]> {
  const ids = distinct(queries.map((query) => (query.managerId && UUID.test(query.managerId) ? query.managerId : null)));
  const extensions = distinct(queries.map((query) => query.managerExtension?.trim()));
  const active = new Set(ids.length === 0 ? [] : (await tx.select({ id: users.id }).from(users)
    .where(and(eq(users.companyId, companyId), inArray(users.id, ids), isNull(users.disabledAt)))).map((row) => row.id));
  const byExtension = new Map(extensions.length === 0 ? [] : (await tx.select({ extension: managerExtensions.extension, userId: managerExtensions.userId }).from(managerExtensions)
    .where(and(eq(managerExtensions.companyId, companyId), inArray(managerExtensions.extension, extensions)))).map((row) => [row.extension, row.userId]));
  return queries.map((query) => {
    if (query.managerId) {
      if (active.has(query.managerId)) return { managerId: query.managerId, reason: null };
      if (!query.managerExtension) return { managerId: null, reason: `No active person with id "${query.managerId}" in this company.` };
    }
    const extension = query.managerExtension?.trim();
    if (!extension) return { managerId: null, reason: 'The call names no manager (no extension and no manager id).' };
    const userId = byExtension.get(extension);
    if (userId) return { managerId: userId, reason: null };
    return { managerId: null, reason: `Extension ${extension} belongs to nobody; add it to a manager in Settings → People, then assign the call.` };
  });
}

export async function matchManager(tx: Tx, companyId: string, query: ManagerQuery): Promise<ManagerMatch> {
  return (await matchManagers(tx, companyId, [query]))[0]!;
}

export interface ClientMatch {
  clientId: string | null;
  phone: string | null;
  note: string | null;
}

export interface ClientQuery {
  phone: string | null | undefined;
  /** owner of a client this call creates */
  managerId: string | null;
}

/**
 * Finds or creates the clients by E.164 phone (unique per company). A phone new to the company
 * becomes a client owned by the manager of its first call in the group.
 */
export async function matchClients(tx: Tx, companyId: string, queries: readonly ClientQuery[]): Promise<ClientMatch[]> {
  const phones = queries.map((query) => (query.phone ? normalizePhone(query.phone) : null));
  const owners = new Map<string, string | null>();
  phones.forEach((phone, index) => {
    if (phone && !owners.has(phone)) owners.set(phone, queries[index]!.managerId);
  });
  const ids = new Map<string, string>();
  if (owners.size > 0) {
    // sorted: concurrent groups take the unique index's row locks in one order, so they never deadlock
    const wanted = [...owners.keys()].sort();
    const find = async (list: string[]) => {
      for (const row of await tx.select({ id: clients.id, phone: clients.phoneE164 }).from(clients).where(and(eq(clients.companyId, companyId), inArray(clients.phoneE164, list)))) {
        if (row.phone) ids.set(row.phone, row.id);
      }
    };
    await find(wanted);
    const missing = wanted.filter((phone) => !ids.has(phone));
    if (missing.length > 0) {
      // onConflictDoNothing: two calls of a new client arriving at once create one client
      await tx.insert(clients).values(missing.map((phone) => ({ companyId, phoneE164: phone, managerId: owners.get(phone) ?? null, source: 'call' }))).onConflictDoNothing();
      await find(missing);
    }
  }
  return queries.map((query, index) => {
    const phone = phones[index] ?? null;
    if (!query.phone) return { clientId: null, phone: null, note: null };
    if (!phone) return { clientId: null, phone: null, note: `"${query.phone}" is not a phone number; the call has no client.` };
    return { clientId: ids.get(phone) ?? null, phone, note: null };
  });
}
