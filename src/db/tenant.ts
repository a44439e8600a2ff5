// Every tenant query runs inside withTenant: one transaction that switches to the non-superuser
// role mentor_app and pins the company id, so row-level security is a real second wall behind the
// company_id filters the repositories write. System work (sign-in lookups, company creation,
// migrations) uses asSystem and stays small and explicit.
//
// Both keep a list of after-commit hooks per transaction (afterCommit): a job sent inside the
// transaction is invisible until the commit, so the queue wakes its workers from such a hook.
import { sql } from 'drizzle-orm';
import type { AppDb } from './database.ts';

export type Tx = AppDb;

const commitHooks = new WeakMap<object, Array<() => void>>();

async function inTransaction<T>(db: AppDb, work: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: Array<() => void> = [];
  const result = await db.transaction(async (tx) => {
    commitHooks.set(tx, hooks);
    return work(tx as unknown as Tx);
  });
  // reached only after COMMIT: a rolled-back transaction threw above and runs no hook
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // a hook is a nudge (wake a worker); the data is committed whatever it does
    }
  }
  return result;
}

export async function withTenant<T>(db: AppDb, companyId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, async (tx) => {
    await tx.execute(sql`select set_config('mentor.company_id', ${companyId}, true), set_config('role', 'mentor_app', true)`);
    return work(tx);
  });
}

/** Runs as the connecting role, bypassing row-level security. Use only for cross-company lookups. */
export async function asSystem<T>(db: AppDb, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(db, work);
}

/**
 * Runs `hook` once the transaction `tx` (from withTenant or asSystem) has committed. Returns false
 * when `tx` is not such a transaction, so the caller knows no hook will run.
 */
export function afterCommit(tx: object, hook: () => void): boolean {
  const hooks = commitHooks.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}
