// The audit log: every sign-in and every change of settings, with who did it and from where.
// Secrets never go into details.
import { and, desc, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { auditLog, users } from '../db/schema/companies.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';

export interface AuditEntry {
  companyId: string | null;
  action: string;
  actor?: Actor | null;
  actorKind?: 'system' | 'anonymous' | 'webhook';
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const actor = entry.actor ?? null;
  await tx.insert(auditLog).values({
    companyId: entry.companyId,
    action: entry.action,
    actorKind: actor ? actor.kind : (entry.actorKind ?? 'system'),
    actorUserId: actor?.kind === 'user' ? actor.userId : null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  });
}

export interface AuditView {
  id: string;
  at: Date;
  actor: string;
  action: string;
  ip: string | null;
  details: Record<string, unknown>;
}

export async function listAudit(db: AppDb, actor: Actor, limit: number): Promise<AuditView[]> {
  const rows = await withTenant(db, actor.companyId, (tx) =>
    tx
      .select({ id: auditLog.id, at: auditLog.at, actorKind: auditLog.actorKind, actorName: users.name, action: auditLog.action, ip: auditLog.ip, details: auditLog.details })
      .from(auditLog)
      .leftJoin(users, and(eq(users.id, auditLog.actorUserId), eq(users.companyId, actor.companyId)))
      .where(eq(auditLog.companyId, actor.companyId))
      .orderBy(desc(auditLog.at))
      .limit(limit),
  );
  return rows.map((row) => ({ id: row.id, at: row.at, actor: row.actorName ?? row.actorKind, action: row.action, ip: row.ip, details: row.details }));
}
