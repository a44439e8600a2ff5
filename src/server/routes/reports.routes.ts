// The head of sales' report, the managers' comparison and cards, the manager's own quality page,
// and weekly reports (frozen figures, history, printable page). Thin: parse, call, shape.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { withTenant } from '../../db/tenant.ts';
import { buildMainReport } from '../../reports/report.service.ts';
import { getManagerCard, listManagers } from '../../reports/managers.service.ts';
import { freezeWeeklyReport, getWeeklyReport, lastWeekStart, listWeeklyReports } from '../../reports/weekly-report.service.ts';
import { renderWeeklyReportHtml } from '../../reports/weekly-report-print.ts';
import { loadCompanySettings } from '../../reports/report-context.ts';
import { STAGES } from '../../domain/stages.ts';

const HEADS = ['head_of_sales', 'integrator'] as const;
const periodQuery = z.object({
  period: z.enum(['week', 'month']).default('month'),
  at: z.iso.date().optional(),
});
const ru_en = z.object({ ru: z.string(), en: z.string() });
const conversionSchema = z.object({
  kind: z.enum(['week', 'month']), period: z.string(), leads: z.number(), leadsWithoutPhone: z.number(),
  paidDeals: z.number(), paidDealIds: z.array(z.string()), conversion: z.number().nullable(), reason: z.string().optional(),
});
const windowSchema = z.object({ kind: z.enum(['week', 'month']), key: z.string(), start: z.date(), end: z.date(), timeZone: z.string() });
const stageSuccessSchema = z.object({ stage: z.enum(STAGES), scoredCalls: z.number(), successfulCalls: z.number(), share: z.number().nullable() });
const overallSchema = z.object({ scored: z.number(), successful: z.number(), share: z.number().nullable() });

export const reportSchema = z.object({
  companyId: z.string(),
  currency: z.string(),
  period: windowSchema,
  previousPeriod: windowSchema,
  current: conversionSchema,
  previous: conversionSchema,
  growth: z.object({ current: z.number().nullable(), previous: z.number().nullable(), percentagePoints: z.number().nullable(), relativePercent: z.number().nullable(), reasons: z.array(z.string()) }),
  tooltips: z.object({ conversion: ru_en, previous: ru_en, growth: ru_en }),
  recommendations: z.object({ total: z.number(), returned: z.number(), appliedNotReturned: z.number(), notApplied: z.number(), open: z.number(), expired: z.number(), successShare: z.number().nullable() }),
  /** state ok → breakdown with every term of the formula and the tooltip (docs/FORMULAS.md) */
  money: z.looseObject({ state: z.enum(['ok', 'baseline_missing', 'no_leads', 'average_check_missing']) }),
  baseline: z.looseObject({ state: z.enum(['ok', 'baseline_missing']) }),
  trend: z.array(z.object({ period: z.string(), leads: z.number(), paidDeals: z.number(), conversion: z.number().nullable() })),
});

const managerRowSchema = z.object({
  id: z.string(), name: z.string(), calls: z.number(), analysedCalls: z.number(), lostCalls: z.number(),
  overall: overallSchema, stages: z.array(stageSuccessSchema), weakStages: z.array(z.enum(STAGES)), lastSignInAt: z.date().nullable(),
});
const cardSchema = z.object({
  manager: z.object({ id: z.string(), name: z.string(), lastSignInAt: z.date().nullable() }),
  threshold: z.number(),
  window: z.object({ start: z.date(), end: z.date() }),
  analysedCalls: z.number(),
  overall: overallSchema,
  stages: z.array(stageSuccessSchema),
  weakStages: z.array(stageSuccessSchema),
  lowestStage: stageSuccessSchema.nullable(),
  trend: z.array(z.object({ week: z.string(), calls: z.number(), meanScore: z.number().nullable(), stageMeans: z.record(z.string(), z.number().nullable()) })),
  recommendations: z.object({ done: z.number(), notDone: z.number(), byStatus: z.record(z.string(), z.number()) }),
  trainer: z.object({ sessions: z.number(), lastAt: z.date().nullable(), meanScore: z.number().nullable() }),
  sabotage: z.array(z.object({ id: z.string(), kind: z.string(), since: z.date(), resolvedAt: z.date().nullable(), createdAt: z.date(), details: z.record(z.string(), z.unknown()) })),
});
const weeklySchema = z.object({ id: z.string(), weekStart: z.string(), createdAt: z.date(), figures: z.record(z.string(), z.unknown()) });

export function reportsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;

  r.get('/api/v1/report', {
    schema: { tags: ['reports'], summary: "The head of sales' main report: conversion, growth, returned clients, money brought", querystring: periodQuery, response: { 200: reportSchema, ...errors } },
  }, async (request) => buildMainReport(db, userActor(request, HEADS).companyId, { kind: request.query.period, ...(request.query.at ? { at: request.query.at } : {}) }));

  r.get('/api/v1/managers', {
    schema: { tags: ['reports'], summary: 'Managers compared: overall and per-stage success, calls, lost calls', querystring: periodQuery, response: { 200: z.object({ period: windowSchema, threshold: z.number(), managers: z.array(managerRowSchema) }), ...errors } },
  }, async (request) => listManagers(db, userActor(request, HEADS).companyId, { kind: request.query.period, ...(request.query.at ? { at: request.query.at } : {}) }));

  r.get('/api/v1/managers/:id', {
    schema: { tags: ['reports'], summary: "A manager's card (a manager may open only their own)", params: uuidParam, response: { 200: cardSchema, ...errors } },
  }, async (request) => getManagerCard(db, userActor(request), request.params.id));

  r.get('/api/v1/me/quality', {
    schema: { tags: ['reports'], summary: "Manager home: own weak stages and call-quality trend", response: { 200: cardSchema, ...errors } },
  }, async (request) => {
    const actor = userActor(request, ['manager']);
    return getManagerCard(db, actor, actor.userId);
  });

  r.get('/api/v1/reports/weekly', {
    schema: { tags: ['reports'], summary: 'Frozen weekly reports, newest first', response: { 200: z.object({ reports: z.array(z.object({ id: z.string(), weekStart: z.string(), createdAt: z.date(), conversion: z.number().nullable(), leads: z.number(), paidDeals: z.number() })) }), ...errors } },
  }, async (request) => ({ reports: await listWeeklyReports(db, userActor(request, HEADS).companyId) }));

  r.post('/api/v1/reports/weekly/freeze', {
    schema: { tags: ['reports'], summary: 'Freeze a week now (default: last week)', body: z.object({ weekStart: z.iso.date().optional() }).optional(), response: { 200: weeklySchema, ...errors } },
  }, async (request) => {
    const { companyId } = userActor(request, ['head_of_sales']);
    const settings = await withTenant(db, companyId, (tx) => loadCompanySettings(tx, companyId));
    const weekStart = request.body?.weekStart ?? lastWeekStart(new Date(), settings.timeZone);
    const view = await freezeWeeklyReport(db, companyId, weekStart);
    return { ...view, figures: view.figures as unknown as Record<string, unknown> };
  });

  r.get('/api/v1/reports/weekly/:id', {
    schema: { tags: ['reports'], summary: 'One frozen weekly report', params: uuidParam, response: { 200: weeklySchema, ...errors } },
  }, async (request) => {
    const view = await getWeeklyReport(db, userActor(request, HEADS).companyId, request.params.id);
    return { ...view, figures: view.figures as unknown as Record<string, unknown> };
  });

  r.get('/api/v1/reports/weekly/:id/print', {
    schema: { tags: ['reports'], summary: 'Printable HTML page of a weekly report (print to PDF from the browser)', params: uuidParam, querystring: z.object({ lang: z.enum(['ru', 'en']).optional() }), response: { 200: z.string(), ...errors } },
  }, async (request, reply) => {
    const { companyId } = userActor(request, HEADS);
    const view = await getWeeklyReport(db, companyId, request.params.id);
    const settings = await withTenant(db, companyId, (tx) => loadCompanySettings(tx, companyId));
    const html = renderWeeklyReportHtml(view, { locale: request.query.lang ?? settings.language, companyName: settings.name });
    return reply.type('text/html; charset=utf-8').header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'").send(html);
  });
}
