// Clients (leads), telephony integrations, calls, transcripts and analyses.
import { boolean, index, integer, jsonb, numeric, pgTable, real, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Turn } from '../../domain/transcript.ts';
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import { companyId, createdAt, id, ts, updatedAt } from './common.ts';
import { users } from './companies.ts';

export const clients = pgTable('clients', {
  id: id(),
  companyId: companyId(),
  phoneE164: text('phone_e164'),
  name: text('name'),
  /** the manager who owns the client; managers see only their own clients */
  managerId: uuid('manager_id').references(() => users.id, { onDelete: 'set null' }),
  source: text('source').notNull().default('call'),
  firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('clients_company_phone_key').on(t.companyId, t.phoneE164), index('clients_manager_idx').on(t.companyId, t.managerId)]);

export const integrations = pgTable('integrations', {
  id: id(),
  companyId: companyId(),
  kind: text('kind').$type<'generic' | 'asterisk' | 'zadarma' | 'mango' | 'amocrm' | 'telegram' | 'upload'>().notNull(),
  name: text('name').notNull(),
  /** HMAC secret or API secret; never logged, never returned after creation */
  secret: text('secret'),
  config: jsonb('config').$type<Record<string, unknown>>().notNull().default({}),
  /** which stereo channel carries the manager */
  managerChannel: text('manager_channel').$type<'left' | 'right'>().notNull().default('left'),
  enabled: boolean('enabled').notNull().default(true),
  createdAt: createdAt(),
});

export const CALL_STATUSES = ['received', 'transcribing', 'transcribed', 'analysing', 'analysed', 'failed', 'unassigned'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

export const calls = pgTable('calls', {
  id: id(),
  companyId: companyId(),
  managerId: uuid('manager_id').references(() => users.id, { onDelete: 'set null' }),
  clientId: uuid('client_id').references(() => clients.id, { onDelete: 'set null' }),
  integrationId: uuid('integration_id'),
  externalId: text('external_id'),
  source: text('source').notNull().default('upload'),
  direction: text('direction').$type<'inbound' | 'outbound' | 'unknown'>().notNull().default('unknown'),
  managerExtension: text('manager_extension'),
  clientPhone: text('client_phone'),
  startedAt: ts('started_at').notNull().defaultNow(),
  durationSeconds: integer('duration_seconds'),
  status: text('status').$type<CallStatus>().notNull().default('received'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  recordingSha256: text('recording_sha256'),
  recordingMime: text('recording_mime'),
  recordingBytes: integer('recording_bytes'),
  recordingEncrypted: boolean('recording_encrypted').notNull().default(false),
  isReference: boolean('is_reference').notNull().default(false),
  rawMetadata: jsonb('raw_metadata').$type<Record<string, unknown>>().notNull().default({}),
  // The current analysis' outcome and stage scores, copied by a database trigger on analyses
  // (drizzle/0004_call_current_analysis.sql) so the managers' comparison reads one row per call
  // instead of joining analyses and parsing jsonb. Never written by the application.
  analysisOutcome: text('analysis_outcome').$type<'success' | 'lost'>(),
  scoreGreeting: numeric('score_greeting'),
  scoreNeeds: numeric('score_needs'),
  scorePresentation: numeric('score_presentation'),
  scoreObjections: numeric('score_objections'),
  scoreClosing: numeric('score_closing'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('calls_company_integration_external_key').on(t.companyId, t.integrationId, t.externalId),
  // by period: (company, time) lists and counts, and unique leads per period read from the index
  // alone; a separate (company, time) index would be its prefix, written with every call for nothing
  index('calls_company_started_client_idx').on(t.companyId, t.startedAt, t.clientId),
  index('calls_company_manager_idx').on(t.companyId, t.managerId, t.startedAt),
  index('calls_company_client_idx').on(t.companyId, t.clientId),
]);

export const transcripts = pgTable('transcripts', {
  callId: uuid('call_id').primaryKey().references(() => calls.id, { onDelete: 'cascade' }),
  companyId: companyId(),
  language: text('language').notNull().default('ru'),
  turns: jsonb('turns').$type<Turn[]>().notNull(),
  source: text('source').$type<'stt' | 'import'>().notNull(),
  sttProvider: text('stt_provider'),
  createdAt: createdAt(),
});

export const analyses = pgTable('analyses', {
  id: id(),
  companyId: companyId(),
  callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
  engine: text('engine').notNull(),
  engineVersion: text('engine_version').notNull(),
  knowledgeHash: text('knowledge_hash').notNull(),
  outcome: text('outcome').$type<'success' | 'lost'>().notNull(),
  confidence: real('confidence').notNull(),
  lossStage: text('loss_stage'),
  lossReason: text('loss_reason'),
  /** per-stage scores copied out of result for fast reports */
  scores: jsonb('scores').$type<Partial<Record<string, number>>>().notNull().default({}),
  result: jsonb('result').$type<CallAnalysis>().notNull(),
  isCurrent: boolean('is_current').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [index('analyses_company_call_idx').on(t.companyId, t.callId), index('analyses_company_current_idx').on(t.companyId, t.isCurrent, t.createdAt)]);
