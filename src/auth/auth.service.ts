// Sign-in, sessions, password change and API tokens. Sessions are opaque random tokens in an
// httpOnly cookie; only their hash is stored. Lookups by token run as system (the company is not
// known yet); everything after runs in the company's tenant transaction.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { apiTokens, companies, sessions, users } from '../db/schema/companies.ts';
import { asSystem, withTenant } from '../db/tenant.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from './actor.ts';
import { LoginRateLimiter } from './login-rate-limiter.ts';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

export const SESSION_TTL_MS = 14 * 24 * 3600_000;

export interface Me {
  id: string;
  email: string;
  name: string;
  role: 'head_of_sales' | 'manager' | 'integrator';
  locale: 'ru' | 'en';
  company: { id: string; name: string };
}

export interface RequestInfo {
  ip?: string | null;
  userAgent?: string | null;
}

export class AuthService {
  readonly #db: AppDb;
  readonly #emailLimiter: LoginRateLimiter;
  readonly #ipLimiter: LoginRateLimiter;
  readonly #now: () => Date;

  constructor(db: AppDb, options: { emailLimiter?: LoginRateLimiter; ipLimiter?: LoginRateLimiter; now?: () => Date } = {}) {
    this.#db = db;
    // 10 failures per e-mail stop password guessing; an office behind one IP needs more room
    this.#emailLimiter = options.emailLimiter ?? new LoginRateLimiter({ max: 10 });
    this.#ipLimiter = options.ipLimiter ?? new LoginRateLimiter({ max: 100 });
    this.#now = options.now ?? (() => new Date());
  }

  async login(emailInput: string, password: string, info: RequestInfo = {}): Promise<{ token: string; me: Me; expiresAt: Date }> {
    const email = normalizeEmail(emailInput);
    const emailKey = [`email:${email}`];
    const ipKey = [`ip:${info.ip ?? 'unknown'}`];
    const byEmail = this.#emailLimiter.check(emailKey);
    const byIp = this.#ipLimiter.check(ipKey);
    const decision = { allowed: byEmail.allowed && byIp.allowed, retryAfterSeconds: Math.max(byEmail.retryAfterSeconds, byIp.retryAfterSeconds) };
    if (!decision.allowed) {
      throw new AppError('auth.rate_limited', `Too many sign-in attempts. Try again in ${Math.ceil(decision.retryAfterSeconds / 60)} min.`, {
        status: 429,
        retryable: true,
        details: { retryAfterSeconds: decision.retryAfterSeconds },
      });
    }
    const user = await asSystem(this.#db, async (tx) => (await tx.select().from(users).where(eq(users.email, email)).limit(1))[0]);
    const ok = user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await dummyPasswordHash(), password).then(() => false);
    if (!user || !ok || user.disabledAt) {
      this.#emailLimiter.fail(emailKey);
      this.#ipLimiter.fail(ipKey);
      await asSystem(this.#db, (tx) =>
        recordAudit(tx, { companyId: user?.companyId ?? null, action: 'auth.sign_in_failed', actorKind: 'anonymous', ip: info.ip ?? null, details: { email } }),
      );
      throw new AppError('auth.invalid_credentials', 'Wrong e-mail or password.', { status: 401 });
    }
    this.#emailLimiter.succeed(`email:${email}`);
    const token = newToken();
    const expiresAt = new Date(this.#now().getTime() + SESSION_TTL_MS);
    await withTenant(this.#db, user.companyId, async (tx) => {
      const [session] = await tx
        .insert(sessions)
        .values({ companyId: user.companyId, userId: user.id, tokenHash: hashToken(token), expiresAt, ip: info.ip ?? null, userAgent: info.userAgent?.slice(0, 300) ?? null })
        .returning({ id: sessions.id });
      await tx.update(users).set({ lastSignInAt: this.#now() }).where(eq(users.id, user.id));
      await recordAudit(tx, {
        companyId: user.companyId,
        action: 'auth.sign_in',
        actor: { kind: 'user', userId: user.id, companyId: user.companyId, role: user.role, sessionId: session?.id ?? '' },
        ip: info.ip ?? null,
      });
    });
    return { token, me: await this.me(user.companyId, user.id), expiresAt };
  }

  /** Resolves a session cookie to an actor; null when missing, unknown or expired. */
  async authenticateSession(token: string | undefined): Promise<Actor | null> {
    if (!token || token.length > 200) return null;
    const now = this.#now();
    const row = await asSystem(this.#db, async (tx) =>
      (
        await tx
          .select({ id: sessions.id, userId: sessions.userId, companyId: sessions.companyId, role: users.role, lastSeenAt: sessions.lastSeenAt })
          .from(sessions)
          .innerJoin(users, eq(users.id, sessions.userId))
          .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now), isNull(users.disabledAt)))
          .limit(1)
      )[0],
    );
    if (!row) return null;
    if (now.getTime() - row.lastSeenAt.getTime() > 5 * 60_000) {
      // touch at most every 5 minutes: "last seen" feeds the sabotage scan without a write per request
      await withTenant(this.#db, row.companyId, (tx) => tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.id)));
    }
    return { kind: 'user', userId: row.userId, companyId: row.companyId, role: row.role, sessionId: row.id };
  }

  async logout(actor: Actor, info: RequestInfo = {}): Promise<void> {
    if (actor.kind !== 'user') return;
    await withTenant(this.#db, actor.companyId, async (tx) => {
      await tx.delete(sessions).where(and(eq(sessions.id, actor.sessionId), eq(sessions.companyId, actor.companyId)));
      await recordAudit(tx, { companyId: actor.companyId, action: 'auth.sign_out', actor, ip: info.ip ?? null });
    });
  }

  async me(companyId: string, userId: string): Promise<Me> {
    return withTenant(this.#db, companyId, async (tx) => {
      const row = (
        await tx
          .select({ id: users.id, email: users.email, name: users.name, role: users.role, locale: users.locale, companyName: companies.name })
          .from(users)
          .innerJoin(companies, eq(companies.id, users.companyId))
          .where(and(eq(users.id, userId), eq(users.companyId, companyId)))
          .limit(1)
      )[0];
      if (!row) throw notFound('User');
      return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, company: { id: companyId, name: row.companyName } };
    });
  }

  async updateMe(actor: Actor, patch: { locale?: 'ru' | 'en' | undefined; name?: string | undefined }): Promise<Me> {
    if (actor.kind !== 'user') throw invalid('Only people have a profile.');
    await withTenant(this.#db, actor.companyId, async (tx) => {
      const set: Partial<typeof users.$inferInsert> = {};
      if (patch.locale) set.locale = patch.locale;
      if (patch.name?.trim()) set.name = patch.name.trim();
      if (Object.keys(set).length > 0) await tx.update(users).set(set).where(and(eq(users.id, actor.userId), eq(users.companyId, actor.companyId)));
    });
    return this.me(actor.companyId, actor.userId);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string, info: RequestInfo = {}): Promise<void> {
    if (actor.kind !== 'user') throw invalid('Only people have a password.');
    const newHash = await hashPassword(newPassword);
    await withTenant(this.#db, actor.companyId, async (tx) => {
      const user = (await tx.select().from(users).where(and(eq(users.id, actor.userId), eq(users.companyId, actor.companyId))).limit(1))[0];
      if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
        throw new AppError('auth.wrong_password', 'The current password is wrong.', { status: 400 });
      }
      await tx.update(users).set({ passwordHash: newHash }).where(eq(users.id, user.id));
      // other devices are signed out: a password change is often a reaction to a leak
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), eq(sessions.companyId, actor.companyId)));
      await recordAudit(tx, { companyId: actor.companyId, action: 'auth.password_changed', actor, ip: info.ip ?? null });
    });
  }

  async createApiToken(actor: Actor, name: string): Promise<{ id: string; name: string; token: string; createdAt: Date }> {
    const token = newToken('mtr_');
    return withTenant(this.#db, actor.companyId, async (tx) => {
      const [row] = await tx
        .insert(apiTokens)
        .values({ companyId: actor.companyId, name: name.trim(), tokenHash: hashToken(token), createdBy: actor.kind === 'user' ? actor.userId : null })
        .returning();
      if (!row) throw new AppError('internal', 'Could not create the token', { status: 500 });
      await recordAudit(tx, { companyId: actor.companyId, action: 'api_token.created', actor, details: { tokenId: row.id, name: row.name } });
      return { id: row.id, name: row.name, token, createdAt: row.createdAt };
    });
  }

  async listApiTokens(actor: Actor): Promise<{ id: string; name: string; createdAt: Date; lastUsedAt: Date | null }[]> {
    return withTenant(this.#db, actor.companyId, (tx) =>
      tx
        .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt })
        .from(apiTokens)
        .where(and(eq(apiTokens.companyId, actor.companyId), isNull(apiTokens.revokedAt)))
        .orderBy(desc(apiTokens.createdAt)),
    );
  }

  async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
    await withTenant(this.#db, actor.companyId, async (tx) => {
      const updated = await tx
        .update(apiTokens)
        .set({ revokedAt: this.#now() })
        .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.companyId, actor.companyId), isNull(apiTokens.revokedAt)))
        .returning({ id: apiTokens.id });
      if (updated.length === 0) throw notFound('API token');
      await recordAudit(tx, { companyId: actor.companyId, action: 'api_token.revoked', actor, details: { tokenId } });
    });
  }

  async authenticateApiToken(token: string | undefined): Promise<Actor | null> {
    if (!token || !token.startsWith('mtr_') || token.length > 200) return null;
    const row = await asSystem(this.#db, async (tx) =>
      (await tx.select({ id: apiTokens.id, companyId: apiTokens.companyId, lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt))).limit(1))[0],
    );
    if (!row) return null;
    const now = this.#now();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
      await withTenant(this.#db, row.companyId, (tx) => tx.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id)));
    }
    return { kind: 'api_token', tokenId: row.id, companyId: row.companyId };
  }
}

export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed) || trimmed.length > 254) throw invalid('Enter a valid e-mail address.', { field: 'email' });
  return trimmed;
}
