// Every tenant query runs inside withTenant: one transaction that switches to the non-superuser
// role mentor_app and pins the company id, so row-level security is a real second wall behind the
// company_id filters the repositories write. System work (sign-in lookups, company creation,
// migrations) uses asSystem and stays small and explicit.
import { sql } from 'drizzle-orm';
import type { AppDb } from './database.ts';

export type Tx = AppDb;

export async function withTenant<T>(db: AppDb, companyId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('mentor.company_id', ${companyId}, true), set_config('role', 'mentor_app', true)`);
    return work(tx as unknown as Tx);
  });
}

/** Runs as the connecting role, bypassing row-level security. Use only for cross-company lookups. */
export async function asSystem<T>(db: AppDb, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => work(tx as unknown as Tx));
}
