import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';

export function healthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.withTypeProvider<ZodTypeProvider>().get('/healthz', {
    schema: { tags: ['system'], summary: 'Liveness and database check', response: { 200: z.object({ status: z.literal('ok'), database: z.string() }), 503: z.object({ status: z.literal('unavailable'), error: z.string() }) } },
  }, async (_request, reply) => {
    try {
      await ctx.database.ping();
      return { status: 'ok' as const, database: ctx.database.kind };
    } catch (error) {
      return reply.status(503).send({ status: 'unavailable' as const, error: `database does not answer: ${(error as Error).message}` });
    }
  });
}
