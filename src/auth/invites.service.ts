// Invite links: a head of sales or an integrator invites a person into the company with a role.
// The link carries a random token (stored hashed), expires, and works once.
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { companies, invites, type UserRole, USER_ROLES } from '../db/schema/companies.ts';
import { asSystem, withTenant } from '../db/tenant.ts';
import { AppError, invalid } from '../domain/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireRole, type Actor } from './actor.ts';
import { normalizeEmail } from './auth.service.ts';
import { hashToken, newToken } from './tokens.ts';
import { insertUser, uniqueViolationToConflict } from '../companies/companies.service.ts';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;

export class InvitesService {
  readonly #db: AppDb;
  readonly #publicUrl: string;
  readonly #now: () => Date;

  constructor(db: AppDb, publicUrl: string, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#publicUrl = publicUrl;
    this.#now = now;
  }

  async create(actor: Actor, role: UserRole, email?: string | null): Promise<{ id: string; url: string; expiresAt: Date }> {
    requireRole(actor, ['head_of_sales', 'integrator']);
    if (!USER_ROLES.includes(role)) throw invalid(`Unknown role "${role}".`, { field: 'role' });
    const normalized = email ? normalizeEmail(email) : null;
    const token = newToken();
    const expiresAt = new Date(this.#now().getTime() + INVITE_TTL_MS);
    return withTenant(this.#db, actor.companyId, async (tx) => {
      const [row] = await tx.insert(invites).values({ companyId: actor.companyId, createdBy: actor.kind === 'user' ? actor.userId : null, role, email: normalized, tokenHash: hashToken(token), expiresAt }).returning({ id: invites.id });
      if (!row) throw new AppError('internal', 'Could not create the invite', { status: 500 });
      await recordAudit(tx, { companyId: actor.companyId, action: 'invite.created', actor, details: { inviteId: row.id, role, email: normalized } });
      return { id: row.id, url: `${this.#publicUrl}/invite/${token}`, expiresAt };
    });
  }

  async list(actor: Actor): Promise<{ id: string; role: UserRole; email: string | null; expiresAt: Date; acceptedAt: Date | null }[]> {
    requireRole(actor, ['head_of_sales', 'integrator']);
    return withTenant(this.#db, actor.companyId, (tx) =>
      tx.select({ id: invites.id, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt }).from(invites).where(eq(invites.companyId, actor.companyId)).orderBy(desc(invites.createdAt)).limit(200),
    );
  }

  /** The public view of an invite, for the accept page. */
  async lookup(token: string): Promise<{ role: UserRole; email: string | null; companyName: string; expiresAt: Date }> {
    const invite = await this.#find(token);
    return { role: invite.role, email: invite.email, companyName: invite.companyName, expiresAt: invite.expiresAt };
  }

  async accept(token: string, input: { name: string; email: string; password: string }, ip?: string | null): Promise<{ userId: string; companyId: string; email: string }> {
    const invite = await this.#find(token);
    const email = invite.email ?? normalizeEmail(input.email);
    try {
      return await withTenant(this.#db, invite.companyId, async (tx) => {
        // claim the invite first: two simultaneous accepts cannot both succeed
        const claimed = await tx.update(invites).set({ acceptedAt: this.#now() }).where(and(eq(invites.id, invite.id), eq(invites.companyId, invite.companyId), isNull(invites.acceptedAt))).returning({ acceptedAt: invites.acceptedAt });
        if (claimed.length === 0) throw new AppError('invite.used', 'This invite link has already been used.', { status: 410 });
        const user = await insertUser(tx, invite.companyId, { email, name: input.name, role: invite.role, password: input.password });
        await tx.update(invites).set({ acceptedUserId: user.id }).where(eq(invites.id, invite.id));
        await recordAudit(tx, { companyId: invite.companyId, action: 'invite.accepted', actorKind: 'anonymous', ip: ip ?? null, details: { inviteId: invite.id, userId: user.id, role: invite.role } });
        return { userId: user.id, companyId: invite.companyId, email: user.email };
      });
    } catch (error) {
      throw uniqueViolationToConflict(error, `A user with the e-mail ${email} already exists. Sign in instead.`);
    }
  }

  async #find(token: string): Promise<{ id: string; companyId: string; role: UserRole; email: string | null; expiresAt: Date; companyName: string }> {
    if (!token || token.length > 200) throw new AppError('invite.not_found', 'This invite link is not valid. Ask for a new one.', { status: 404 });
    const row = await asSystem(this.#db, async (tx) =>
      (
        await tx
          .select({ id: invites.id, companyId: invites.companyId, role: invites.role, email: invites.email, expiresAt: invites.expiresAt, acceptedAt: invites.acceptedAt, companyName: companies.name })
          .from(invites)
          .innerJoin(companies, eq(companies.id, invites.companyId))
          .where(eq(invites.tokenHash, hashToken(token)))
          .limit(1)
      )[0],
    );
    if (!row) throw new AppError('invite.not_found', 'This invite link is not valid. Ask for a new one.', { status: 404 });
    if (row.acceptedAt) throw new AppError('invite.used', 'This invite link has already been used. Sign in instead.', { status: 410 });
    if (row.expiresAt.getTime() <= this.#now().getTime()) throw new AppError('invite.expired', 'This invite link has expired. Ask for a new one.', { status: 410 });
    return row;
  }
}
