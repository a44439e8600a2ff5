// Notifications, Telegram links, sabotage alerts and trainer sessions.
import { index, jsonb, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companyId, createdAt, id, ts } from './common.ts';

export const notifications = pgTable('notifications', {
  id: id(),
  companyId: companyId(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  readAt: ts('read_at'),
  telegramSentAt: ts('telegram_sent_at'),
  createdAt: createdAt(),
}, (t) => [index('notifications_user_idx').on(t.companyId, t.userId, t.createdAt)]);

export const telegramLinks = pgTable('telegram_links', {
  id: id(),
  companyId: companyId(),
  userId: uuid('user_id').notNull(),
  chatId: text('chat_id'),
  codeHash: text('code_hash'),
  codeExpiresAt: ts('code_expires_at'),
  linkedAt: ts('linked_at'),
  active: text('active').$type<'pending' | 'active' | 'inactive'>().notNull().default('pending'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('telegram_links_user_key').on(t.companyId, t.userId),
  // the bot looks links up by one-time code and by chat before it knows the company
  index('telegram_links_code_idx').on(t.codeHash),
  index('telegram_links_chat_idx').on(t.chatId),
]);

export const sabotageAlerts = pgTable('sabotage_alerts', {
  id: id(),
  companyId: companyId(),
  managerId: uuid('manager_id').notNull(),
  kind: text('kind').$type<'no_sign_in' | 'recommendations_overdue'>().notNull(),
  since: ts('since').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  resolvedAt: ts('resolved_at'),
  createdAt: createdAt(),
}, (t) => [index('sabotage_company_manager_idx').on(t.companyId, t.managerId)]);

export const trainerScenarios = pgTable('trainer_scenarios', {
  id: id(),
  companyId: companyId(),
  key: text('key').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  edited: text('edited').$type<'generated' | 'edited'>().notNull().default('generated'),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('trainer_scenarios_company_key').on(t.companyId, t.key)]);

export const trainerSessions = pgTable('trainer_sessions', {
  id: id(),
  companyId: companyId(),
  managerId: uuid('manager_id').notNull(),
  scenarioId: uuid('scenario_id'),
  personaId: text('persona_id').notNull(),
  mode: text('mode').$type<'voice' | 'text'>().notNull().default('text'),
  status: text('status').$type<'active' | 'finished' | 'abandoned'>().notNull().default('active'),
  turns: jsonb('turns').$type<unknown[]>().notNull().default([]),
  analysis: jsonb('analysis').$type<Record<string, unknown>>(),
  feedback: jsonb('feedback').$type<Record<string, unknown>>(),
  score: real('score'),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
}, (t) => [index('trainer_sessions_manager_idx').on(t.companyId, t.managerId, t.startedAt)]);
