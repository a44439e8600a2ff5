// Failed jobs are visible to the company's head of sales and integrator, with a retry button.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { AppError, notFound } from '../../domain/errors.ts';

export function jobsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const roles = ['head_of_sales', 'integrator'] as const;
  const requireJobs = () => {
    if (!ctx.jobs) throw new AppError('jobs.unavailable', 'The job queue is not running in this process.', { status: 503 });
    return ctx.jobs;
  };

  r.get('/api/v1/jobs/failed', {
    schema: {
      tags: ['jobs'],
      summary: "The company's failed background jobs (after all retries)",
      response: { 200: z.object({ jobs: z.array(z.object({ id: z.string(), queue: z.string(), error: z.object({ message: z.string(), code: z.string().optional() }), attempts: z.number(), createdAt: z.date(), failedAt: z.date().nullable(), payload: z.unknown() })) }), ...errors },
    },
  }, async (request) => {
    const actor = userActor(request, roles);
    const jobs = await requireJobs().failedJobs(actor.companyId, { limit: 200 });
    return { jobs: jobs.map((j) => ({ id: j.id, queue: j.queue, error: j.error, attempts: j.attempts, createdAt: j.createdAt, failedAt: j.failedAt, payload: j.payload })) };
  });

  r.post('/api/v1/jobs/:id/retry', {
    schema: { tags: ['jobs'], summary: 'Retry a failed job', params: uuidParam, response: { 200: z.object({ retried: z.boolean() }), ...errors } },
  }, async (request) => {
    const actor = userActor(request, roles);
    const queue = requireJobs();
    const job = await queue.findJob(request.params.id);
    // a job of another company is "not found", never "forbidden": ids must not be probeable
    if (!job || job.companyId !== actor.companyId) throw notFound('Job');
    return { retried: await queue.retry(request.params.id) };
  });
}
