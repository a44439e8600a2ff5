// Lost clients and their win-back recommendations: the list (head of sales: all, with filters;
// a manager: own), the client card, "I called", "this recommendation is wrong", regenerate, and
// the recommendations list. Another company's ids and a colleague's clients answer 404.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { STAGES } from '../../domain/stages.ts';
import { RECOMMENDATION_STATUSES } from '../../domain/recommendation-lifecycle.ts';
import type { RecommendationWriter } from '../../domain/recommendation.ts';
import { getLostClient, listLostClients, LOST_CLIENT_STATUSES } from '../../recommendations/lost-clients.service.ts';
import { listRecommendations, markCalled, RECOMMENDATION_EDITORS, regenerateRecommendation, rejectRecommendation, type RecommendationDeps } from '../../recommendations/recommendations.service.ts';
import { createRecommendationWriter } from '../../recommendations/writer-registry.ts';

const recommendationStatus = z.enum(RECOMMENDATION_STATUSES);
const evidence = z.object({ turn: z.number(), text: z.string() });
const person = z.object({ id: z.string(), name: z.string() });

const sourceSchema = z.object({ kind: z.string(), refId: z.string().optional(), excerpt: z.string(), callId: z.string().nullable() });
const verdictSchema = z.object({
  callId: z.string(), applied: z.boolean(), clientAgreed: z.boolean(), confidence: z.number(), explanation: z.string(), engine: z.string(), checkedAt: z.string(),
  points: z.array(z.object({ point: z.string(), done: z.boolean(), evidence: z.array(evidence) })),
});
const recommendationSchema = z.object({
  id: z.string(), lostClientId: z.string(), callId: z.string(), clientId: z.string(), managerId: z.string().nullable(),
  text: z.string(), script: z.string(), basis: z.string(), engine: z.string(), sources: z.array(sourceSchema),
  status: recommendationStatus, overdue: z.boolean(), dueAt: z.date(), calledAt: z.date().nullable(),
  verdict: verdictSchema.nullable(), skippedCall: z.object({ callId: z.string(), reason: z.string() }).nullable(),
  rejectedAt: z.date().nullable(), rejectionComment: z.string().nullable(), createdAt: z.date(),
});
const lostClientSchema = z.object({
  id: z.string(), status: z.enum(LOST_CLIENT_STATUSES), lossStage: z.string(), reason: z.string(), clientWords: z.string(), lostAt: z.date(), callId: z.string(), updatedAt: z.date(),
  client: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }),
  manager: person.nullable(),
  recommendation: z.object({ id: z.string(), status: recommendationStatus, dueAt: z.date(), applied: z.boolean().nullable() }).nullable(),
});
const cardSchema = z.object({
  lostClient: lostClientSchema,
  loss: z.object({ explanation: z.string(), clientWords: z.array(evidence) }).nullable(),
  calls: z.array(z.object({ id: z.string(), startedAt: z.date(), direction: z.string(), manager: person.nullable(), outcome: z.string().nullable(), isLostCall: z.boolean() })),
  recommendations: z.array(recommendationSchema),
});

const listQuery = z.object({
  manager: z.string().uuid().optional(),
  stage: z.enum(STAGES).optional(),
  status: z.enum([...LOST_CLIENT_STATUSES, ...RECOMMENDATION_STATUSES.filter((s) => !(LOST_CLIENT_STATUSES as readonly string[]).includes(s))] as [string, ...string[]]).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export function lostClientsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;
  const tags = ['lost clients'];
  // created on first use: a misconfigured LLM answers on the endpoints that write, with the variable to set
  let writer: RecommendationWriter | undefined;
  const deps = (): RecommendationDeps => ({ db, writer: (writer ??= createRecommendationWriter(ctx.config)), jobs: ctx.jobs });

  r.get('/api/v1/lost-clients', {
    schema: { tags, summary: 'Lost clients, newest loss first; a manager sees own only', querystring: listQuery, response: { 200: z.object({ lostClients: z.array(lostClientSchema), total: z.number() }), ...errors } },
  }, async (request) => {
    const q = request.query;
    return listLostClients(db, userActor(request), { managerId: q.manager, stage: q.stage, status: q.status, from: q.from, to: q.to, limit: q.limit, offset: q.offset });
  });

  r.get('/api/v1/lost-clients/:id', {
    schema: { tags, summary: "A lost client's card: reason in the client's words, calls, recommendations with sources and verdicts", params: uuidParam, response: { 200: cardSchema, ...errors } },
  }, async (request) => getLostClient(db, userActor(request), request.params.id));

  r.get('/api/v1/recommendations', {
    schema: { tags, summary: 'Current recommendations (not rejected); a manager sees own only', querystring: z.object({ status: recommendationStatus.optional() }), response: { 200: z.object({ recommendations: z.array(recommendationSchema) }), ...errors } },
  }, async (request) => ({ recommendations: await listRecommendations(db, userActor(request), { status: request.query.status }) }));

  r.post('/api/v1/recommendations/:id/called', {
    schema: { tags, summary: 'The manager called the client back; the next call with the client is checked against the recommendation', params: uuidParam, response: { 200: recommendationSchema, ...errors } },
  }, async (request) => markCalled({ db }, userActor(request), request.params.id));

  r.post('/api/v1/recommendations/:id/reject', {
    schema: {
      tags, summary: 'The head of sales marks the recommendation wrong; the phrasing is never proposed again and a new one is written',
      params: uuidParam, body: z.object({ comment: z.string().min(1).max(5000), phrase: z.string().max(500).nullish() }),
      response: { 200: z.object({ rejected: recommendationSchema, replacement: recommendationSchema.nullable(), note: z.string().nullable() }), ...errors },
    },
  }, async (request) => rejectRecommendation(deps(), userActor(request, RECOMMENDATION_EDITORS), request.params.id, request.body));

  r.post('/api/v1/recommendations/:id/regenerate', {
    schema: { tags, summary: 'Rewrite a recommendation nobody acted on yet with the current knowledge', params: uuidParam, response: { 200: recommendationSchema, ...errors } },
  }, async (request) => regenerateRecommendation(deps(), userActor(request, RECOMMENDATION_EDITORS), request.params.id));
}
