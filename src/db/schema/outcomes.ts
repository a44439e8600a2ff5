// Lost clients, recommendations, deals and payments: the loop from a lost call to money.
import { boolean, date, index, jsonb, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { companyId, createdAt, id, ts, updatedAt } from './common.ts';

export const lostClients = pgTable('lost_clients', {
  id: id(),
  companyId: companyId(),
  clientId: uuid('client_id').notNull(),
  managerId: uuid('manager_id'),
  callId: uuid('call_id').notNull(),
  lossStage: text('loss_stage').notNull(),
  reason: text('reason').notNull(),
  clientWords: text('client_words').notNull().default(''),
  status: text('status').$type<'lost' | 'in_progress' | 'returned' | 'expired'>().notNull().default('lost'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('lost_clients_company_call_key').on(t.companyId, t.callId), index('lost_clients_company_manager_idx').on(t.companyId, t.managerId)]);

export const RECOMMENDATION_STATUSES = ['open', 'called', 'verifying', 'applied', 'not_applied', 'returned', 'expired'] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const recommendations = pgTable('recommendations', {
  id: id(),
  companyId: companyId(),
  lostClientId: uuid('lost_client_id').notNull(),
  callId: uuid('call_id').notNull(),
  clientId: uuid('client_id').notNull(),
  managerId: uuid('manager_id'),
  text: text('text').notNull(),
  script: text('script').notNull().default(''),
  sources: jsonb('sources').$type<unknown[]>().notNull().default([]),
  basis: text('basis').notNull().default(''),
  engine: text('engine').notNull(),
  status: text('status').$type<RecommendationStatus>().notNull().default('open'),
  dueAt: ts('due_at').notNull(),
  calledAt: ts('called_at'),
  verifiedCallId: uuid('verified_call_id'),
  verdict: jsonb('verdict').$type<Record<string, unknown>>(),
  rejectedAt: ts('rejected_at'),
  rejectionComment: text('rejection_comment'),
  remindedAt: ts('reminded_at'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('recommendations_company_manager_idx').on(t.companyId, t.managerId, t.status),
  index('recommendations_company_client_idx').on(t.companyId, t.clientId),
  // the report's win-back breakdown: recommendations written in a period
  index('recommendations_company_created_idx').on(t.companyId, t.createdAt),
]);

export const deals = pgTable('deals', {
  id: id(),
  companyId: companyId(),
  clientId: uuid('client_id'),
  managerId: uuid('manager_id'),
  source: text('source').$type<'csv' | 'amocrm' | 'manual' | 'demo'>().notNull(),
  externalId: text('external_id').notNull(),
  amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull().default(0),
  currency: text('currency').notNull().default('RUB'),
  status: text('status').$type<'open' | 'won' | 'lost'>().notNull().default('open'),
  openedAt: ts('opened_at').notNull().defaultNow(),
  closedAt: ts('closed_at'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('deals_company_source_external_key').on(t.companyId, t.source, t.externalId),
  // CRM leads of a period (unique leads) and won deals by close date (paid deals)
  index('deals_company_opened_idx').on(t.companyId, t.openedAt),
  index('deals_company_closed_idx').on(t.companyId, t.closedAt),
]);

export const payments = pgTable('payments', {
  id: id(),
  companyId: companyId(),
  dealId: uuid('deal_id'),
  clientId: uuid('client_id'),
  amount: numeric('amount', { precision: 14, scale: 2, mode: 'number' }).notNull(),
  currency: text('currency').notNull().default('RUB'),
  paidAt: ts('paid_at').notNull(),
  source: text('source').$type<'csv' | 'amocrm' | 'manual' | 'demo'>().notNull(),
  /** idempotency key of the import row or webhook */
  externalKey: text('external_key').notNull(),
  confirmed: boolean('confirmed').notNull().default(true),
  receiptSha256: text('receipt_sha256'),
  recommendationId: uuid('recommendation_id'),
  confirmedBy: uuid('confirmed_by'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('payments_company_external_key').on(t.companyId, t.source, t.externalKey),
  index('payments_company_paid_idx').on(t.companyId, t.paidAt),
  // earliest payment per deal (a deal counts once, at its first payment)
  index('payments_company_deal_idx').on(t.companyId, t.dealId),
]);

export const weeklyReports = pgTable('weekly_reports', {
  id: id(),
  companyId: companyId(),
  weekStart: date('week_start').notNull(),
  figures: jsonb('figures').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('weekly_reports_company_week_key').on(t.companyId, t.weekStart)]);
