// What the integrator and the head of sales teach the engine: script, objections, expert rules,
// and corrections of earlier verdicts.
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Turn } from '../../domain/transcript.ts';
import { companyId, createdAt, id, updatedAt } from './common.ts';

export const scriptStages = pgTable('script_stages', {
  id: id(),
  companyId: companyId(),
  stage: text('stage').notNull(),
  text: text('text').notNull(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('script_stages_company_stage_key').on(t.companyId, t.stage)]);

export const objections = pgTable('objections', {
  id: id(),
  companyId: companyId(),
  text: text('text').notNull(),
  handling: text('handling').notNull(),
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const expertRules = pgTable('expert_rules', {
  id: id(),
  companyId: companyId(),
  stage: text('stage'),
  text: text('text').notNull(),
  createdAt: createdAt(),
});

export const corrections = pgTable('corrections', {
  id: id(),
  companyId: companyId(),
  callId: uuid('call_id'),
  analysisId: uuid('analysis_id'),
  recommendationId: uuid('recommendation_id'),
  kind: text('kind').$type<'outcome' | 'stage_score' | 'deduction' | 'recommendation'>().notNull(),
  stage: text('stage'),
  outcome: text('outcome'),
  score: integer('score'),
  target: text('target'),
  comment: text('comment').notNull(),
  context: jsonb('context').$type<Turn[]>(),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
}, (t) => [index('corrections_company_idx').on(t.companyId, t.createdAt)]);
