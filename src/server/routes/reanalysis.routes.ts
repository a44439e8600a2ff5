// Re-analysing the company's calls after a change of knowledge, with progress.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors } from '../schemas.ts';
import { reanalysisState, requestReanalysis } from '../../knowledge/reanalysis.service.ts';
import { createAnalysisEngine } from '../../analysis/engine-registry.ts';

const progressSchema = z.object({ done: z.number(), total: z.number(), analysed: z.number(), failed: z.number(), unchanged: z.number(), skipped: z.number() });
const stateSchema = z.object({
  status: z.enum(['idle', 'queued', 'running', 'finished', 'failed']),
  jobId: z.string().nullable(),
  requestedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  progress: progressSchema.nullable(),
  error: z.string().nullable(),
});

export function reanalysisRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/api/v1/knowledge/reanalysis', {
    schema: { tags: ['knowledge'], summary: 'Progress of the company-wide re-analysis', response: { 200: stateSchema, ...errors } },
  }, async (request) => reanalysisState(ctx.database.db, userActor(request)));

  r.post('/api/v1/knowledge/reanalysis', {
    schema: { tags: ['knowledge'], summary: "Re-analyse the company's calls with the current knowledge (a background job)", body: z.object({ reason: z.string().max(200).optional() }), response: { 202: stateSchema, ...errors, 503: errors[400] } },
  }, async (request, reply) => reply.status(202).send(await requestReanalysis(ctx.database.db, ctx.jobs, createAnalysisEngine(ctx.config), userActor(request), request.body.reason ?? 'knowledge changed')));
}
