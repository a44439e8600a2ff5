// Companies (each a separate space) and the people in them.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { companies, managerExtensions, users, USER_ROLES, type UserRole } from '../db/schema/companies.ts';
import { asSystem, withTenant, type Tx } from '../db/tenant.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { requireRole, type Actor } from '../auth/actor.ts';
import { normalizeEmail } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/passwords.ts';

export interface CompanyInput {
  name: string;
  slug?: string;
  timezone?: string;
  language?: string;
  currency?: string;
  averageCheck?: number;
  industry?: string | null;
  product?: string | null;
  isDemo?: boolean;
}

export interface CompanyView {
  id: string;
  name: string;
  timezone: string;
  language: string;
  currency: string;
  averageCheck: number;
  industry: string | null;
  product: string | null;
  goLiveAt: Date | null;
  baselineMonth: string | null;
}

export function slugify(name: string): string {
  const translit: Record<string, string> = { а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya' };
  const slug = [...name.toLowerCase()].map((ch) => translit[ch] ?? ch).join('').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'company';
}

export function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw invalid(`Unknown time zone "${timezone}". Use an IANA name such as Europe/Moscow.`, { field: 'timezone' });
  }
}

export async function createCompany(db: AppDb, input: CompanyInput): Promise<CompanyView> {
  if (!input.name.trim()) throw invalid('The company name is required.', { field: 'name' });
  if (input.timezone) assertTimezone(input.timezone);
  return asSystem(db, async (tx) => {
    const base = input.slug ?? slugify(input.name);
    let slug = base;
    for (let n = 2; (await tx.select({ id: companies.id }).from(companies).where(eq(companies.slug, slug)).limit(1)).length > 0; n++) slug = `${base}-${n}`;
    const [row] = await tx
      .insert(companies)
      .values({
        name: input.name.trim(),
        slug,
        timezone: input.timezone ?? 'Europe/Moscow',
        language: input.language ?? 'ru',
        currency: input.currency ?? 'RUB',
        averageCheck: input.averageCheck ?? 0,
        industry: input.industry ?? null,
        product: input.product ?? null,
        isDemo: input.isDemo ?? false,
      })
      .returning();
    if (!row) throw new AppError('internal', 'Could not create the company', { status: 500 });
    await recordAudit(tx, { companyId: row.id, action: 'company.created', actorKind: 'system', details: { name: row.name } });
    return toView(row);
  });
}

function toView(row: typeof companies.$inferSelect): CompanyView {
  return {
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    language: row.language,
    currency: row.currency,
    averageCheck: row.averageCheck,
    industry: row.industry,
    product: row.product,
    goLiveAt: row.goLiveAt,
    baselineMonth: row.baselineMonth,
  };
}

export async function getCompany(db: AppDb, companyId: string): Promise<CompanyView> {
  return withTenant(db, companyId, async (tx) => {
    const row = (await tx.select().from(companies).where(eq(companies.id, companyId)).limit(1))[0];
    if (!row) throw notFound('Company');
    return toView(row);
  });
}

export async function updateCompany(db: AppDb, actor: Actor, patch: Partial<Omit<CompanyInput, 'slug' | 'isDemo'>> & { goLiveAt?: Date | null; baselineMonth?: string | null }): Promise<CompanyView> {
  requireRole(actor, ['head_of_sales', 'integrator']);
  if (patch.timezone) assertTimezone(patch.timezone);
  if (patch.baselineMonth && !/^\d{4}-(0[1-9]|1[0-2])$/.test(patch.baselineMonth)) throw invalid('The baseline month must look like 2026-09.', { field: 'baselineMonth' });
  if (patch.averageCheck !== undefined && !(patch.averageCheck >= 0)) throw invalid('The average check must be zero or more.', { field: 'averageCheck' });
  return withTenant(db, actor.companyId, async (tx) => {
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<typeof companies.$inferInsert>;
    if (set.name !== undefined && !String(set.name).trim()) throw invalid('The company name is required.', { field: 'name' });
    const [row] = Object.keys(set).length
      ? await tx.update(companies).set(set).where(eq(companies.id, actor.companyId)).returning()
      : await tx.select().from(companies).where(eq(companies.id, actor.companyId));
    if (!row) throw notFound('Company');
    await recordAudit(tx, { companyId: actor.companyId, action: 'company.settings_changed', actor, details: { changed: Object.keys(set) } });
    return toView(row);
  });
}

export interface UserInput {
  email: string;
  name: string;
  role: UserRole;
  password: string;
  locale?: 'ru' | 'en';
  extensions?: string[];
}

/** Creates a user inside an open tenant transaction (used by the CLI, the demo and invites). */
export async function insertUser(tx: Tx, companyId: string, input: UserInput): Promise<typeof users.$inferSelect> {
  if (!USER_ROLES.includes(input.role)) throw invalid(`Unknown role "${input.role}". Use one of: ${USER_ROLES.join(', ')}.`, { field: 'role' });
  if (!input.name.trim()) throw invalid('The name is required.', { field: 'name' });
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const taken = await emailVisiblyTaken(tx, email);
  if (taken) throw new AppError('user.email_taken', `A user with the e-mail ${email} already exists.`, { status: 409 });
  const [user] = await tx.insert(users).values({ companyId, email, name: input.name.trim(), role: input.role, passwordHash, locale: input.locale ?? 'ru' }).returning();
  if (!user) throw new AppError('internal', 'Could not create the user', { status: 500 });
  if (input.extensions?.length) await setExtensionsTx(tx, companyId, user.id, input.extensions);
  return user;
}

/**
 * E-mails are unique across companies (sign-in has no company field). Inside a tenant transaction
 * row-level security hides other companies' users, so the unique index is what really answers;
 * this pre-check only gives the friendly message for the common case.
 */
async function emailVisiblyTaken(tx: Tx, email: string): Promise<boolean> {
  return (await tx.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1)).length > 0;
}

export async function createUser(db: AppDb, companyId: string, input: UserInput): Promise<{ id: string; email: string }> {
  try {
    return await withTenant(db, companyId, async (tx) => {
      const user = await insertUser(tx, companyId, input);
      await recordAudit(tx, { companyId, action: 'user.created', actorKind: 'system', details: { userId: user.id, role: user.role } });
      return { id: user.id, email: user.email };
    });
  } catch (error) {
    throw uniqueViolationToConflict(error, `A user with the e-mail ${input.email.trim().toLowerCase()} already exists.`);
  }
}

export function uniqueViolationToConflict(error: unknown, message: string): unknown {
  const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505' ? new AppError('conflict', message, { status: 409, cause: error }) : error;
}

export async function setExtensionsTx(tx: Tx, companyId: string, userId: string, extensions: string[]): Promise<void> {
  const clean = [...new Set(extensions.map((e) => e.trim()).filter(Boolean))];
  for (const ext of clean) if (!/^[0-9+*#]{1,20}$/.test(ext)) throw invalid(`"${ext}" is not a phone extension (digits only).`, { field: 'extensions' });
  await tx.delete(managerExtensions).where(and(eq(managerExtensions.companyId, companyId), eq(managerExtensions.userId, userId)));
  if (clean.length) await tx.insert(managerExtensions).values(clean.map((extension) => ({ companyId, userId, extension })));
}

export interface UserView {
  id: string;
  name: string;
  email: string;
  role: UserRole;
  extensions: string[];
  lastSignInAt: Date | null;
  createdAt: Date;
}

export async function listUsers(db: AppDb, actor: Actor): Promise<UserView[]> {
  requireRole(actor, ['head_of_sales', 'integrator']);
  return withTenant(db, actor.companyId, async (tx) => {
    const rows = await tx.select().from(users).where(eq(users.companyId, actor.companyId)).orderBy(asc(users.role), asc(users.name));
    const ids = rows.map((r) => r.id);
    const exts = ids.length ? await tx.select().from(managerExtensions).where(and(eq(managerExtensions.companyId, actor.companyId), inArray(managerExtensions.userId, ids))) : [];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      role: r.role,
      extensions: exts.filter((e) => e.userId === r.id).map((e) => e.extension),
      lastSignInAt: r.lastSignInAt,
      createdAt: r.createdAt,
    }));
  });
}

export async function setUserExtensions(db: AppDb, actor: Actor, userId: string, extensions: string[]): Promise<string[]> {
  requireRole(actor, ['head_of_sales', 'integrator']);
  try {
    return await withTenant(db, actor.companyId, async (tx) => {
      const user = (await tx.select({ id: users.id }).from(users).where(and(eq(users.id, userId), eq(users.companyId, actor.companyId))).limit(1))[0];
      if (!user) throw notFound('User');
      await setExtensionsTx(tx, actor.companyId, userId, extensions);
      await recordAudit(tx, { companyId: actor.companyId, action: 'user.extensions_changed', actor, details: { userId, extensions } });
      return (await tx.select().from(managerExtensions).where(and(eq(managerExtensions.companyId, actor.companyId), eq(managerExtensions.userId, userId)))).map((e) => e.extension);
    });
  } catch (error) {
    throw uniqueViolationToConflict(error, 'One of these extensions already belongs to another user of the company.');
  }
}
