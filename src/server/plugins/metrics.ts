// Prometheus metrics at /metrics: HTTP latency by route, job counts, failures and queue depth, and
// the group-commit intake's batches.
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ServerContext } from '../context.ts';

export function registerMetrics(app: FastifyInstance, ctx: ServerContext): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mentor_' });
  const latency = new Histogram({
    name: 'mentor_http_request_duration_seconds',
    help: 'HTTP request latency by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const requests = new Counter({ name: 'mentor_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  new Gauge({
    name: 'mentor_jobs',
    help: 'Jobs by queue and state (created and retry = queue depth)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!ctx.jobs) return;
      for (const [queue, counts] of Object.entries(await ctx.jobs.stats())) {
        for (const state of ['created', 'retry', 'active', 'completed', 'failed'] as const) this.set({ queue, state }, counts[state]);
      }
    },
  });
  new Gauge({
    name: 'mentor_job_failures',
    help: 'Failed jobs by queue (kept until retried or purged)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!ctx.jobs) return;
      for (const [queue, counts] of Object.entries(await ctx.jobs.stats())) this.set({ queue }, counts.failed);
    },
  });

  new Gauge({
    name: 'mentor_ingest_calls',
    help: 'Calls taken in by group commit in this process: written, in batches, waiting for a batch',
    labelNames: ['kind'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const stats = ctx.intake?.stats();
      if (!stats) return;
      this.set({ kind: 'written' }, stats.items);
      this.set({ kind: 'batches' }, stats.batches);
      this.set({ kind: 'fallback_batches' }, stats.fallbacks);
      this.set({ kind: 'waiting' }, stats.waiting);
    },
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    latency.observe(labels, reply.elapsedTime / 1000);
    requests.inc(labels);
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}
