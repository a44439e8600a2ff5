// Companies (tenants) and the people in them.
import { bigint, boolean, index, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companyId, createdAt, id, ts } from './common.ts';

export const companies = pgTable('companies', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  timezone: text('timezone').notNull().default('Europe/Moscow'),
  language: text('language').notNull().default('ru'),
  currency: text('currency').notNull().default('RUB'),
  averageCheck: numeric('average_check', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
  industry: text('industry'),
  product: text('product'),
  goLiveAt: ts('go_live_at'),
  /** YYYY-MM of the baseline month; null = the month before go-live */
  baselineMonth: text('baseline_month'),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  isDemo: boolean('is_demo').notNull().default(false),
  /**
   * A new value from a sequence whenever anything the analyses read changes (script, objections, expert
   * rules, corrections, reference calls and their transcripts), set by triggers (migration 0006) so
   * every writer keeps it; lets the knowledge loader reuse what it loaded before.
   */
  knowledgeVersion: bigint('knowledge_version', { mode: 'number' }).notNull().default(0),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('companies_slug_key').on(t.slug)]);

export const USER_ROLES = ['head_of_sales', 'manager', 'integrator'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = pgTable('users', {
  id: id(),
  companyId: companyId(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<UserRole>().notNull(),
  passwordHash: text('password_hash').notNull(),
  locale: text('locale').$type<'ru' | 'en'>().notNull().default('ru'),
  lastSignInAt: ts('last_sign_in_at'),
  disabledAt: ts('disabled_at'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('users_email_key').on(t.email), index('users_company_idx').on(t.companyId)]);

export const managerExtensions = pgTable('manager_extensions', {
  id: id(),
  companyId: companyId(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  extension: text('extension').notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('manager_extensions_company_ext_key').on(t.companyId, t.extension)]);

export const sessions = pgTable('sessions', {
  id: id(),
  companyId: companyId(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  userAgent: text('user_agent'),
  ip: text('ip'),
  createdAt: createdAt(),
  lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
}, (t) => [uniqueIndex('sessions_token_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)]);

export const invites = pgTable('invites', {
  id: id(),
  companyId: companyId(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  role: text('role').$type<UserRole>().notNull(),
  email: text('email'),
  tokenHash: text('token_hash').notNull(),
  expiresAt: ts('expires_at').notNull(),
  acceptedAt: ts('accepted_at'),
  acceptedUserId: uuid('accepted_user_id'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('invites_token_key').on(t.tokenHash)]);

export const apiTokens = pgTable('api_tokens', {
  id: id(),
  companyId: companyId(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
}, (t) => [uniqueIndex('api_tokens_token_key').on(t.tokenHash)]);

export const auditLog = pgTable('audit_log', {
  id: id(),
  /** null for events that belong to no company yet (a sign-in with an unknown e-mail) */
  companyId: uuid('company_id'),
  actorUserId: uuid('actor_user_id'),
  actorKind: text('actor_kind').$type<'user' | 'api_token' | 'system' | 'anonymous' | 'webhook'>().notNull(),
  action: text('action').notNull(),
  ip: text('ip'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  at: ts('at').notNull().defaultNow(),
}, (t) => [index('audit_company_at_idx').on(t.companyId, t.at)]);
