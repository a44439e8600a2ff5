// What the integrator and the head of sales teach the engine: the script per stage, objections with
// the company's handling, expert rules. Reference calls and corrections are marked on the call
// (calls.routes.ts).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { STAGES } from '../../domain/stages.ts';
import {
  createExpertRule, createObjection, deleteExpertRule, deleteObjection, getScript, KNOWLEDGE_EDITORS, listExpertRules, listObjections,
  saveScript, updateExpertRule, updateObjection,
} from '../../knowledge/knowledge.service.ts';

const stageSchema = z.enum(STAGES);
const scriptText = z.string().max(20_000);
const scriptSchema = z.object({
  greeting: scriptText.optional(),
  needs: scriptText.optional(),
  presentation: scriptText.optional(),
  objections: scriptText.optional(),
  closing: scriptText.optional(),
});
const scriptBody = z.object({ stages: scriptSchema.strict() });

const objectionSchema = z.object({ id: z.string(), text: z.string(), handling: z.string(), position: z.number().int() });
const objectionText = z.string().min(1).max(2_000);
const handlingText = z.string().min(1).max(10_000);
const position = z.number().int().min(0).max(100_000);

const ruleSchema = z.object({ id: z.string(), stage: stageSchema.nullable(), text: z.string(), createdAt: z.date() });
const ruleText = z.string().min(1).max(5_000);

export function knowledgeRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;
  const editors = KNOWLEDGE_EDITORS;
  const tags = ['knowledge'];

  r.get('/api/v1/knowledge/script', {
    schema: { tags, summary: 'The sales script per stage', response: { 200: z.object({ stages: scriptSchema }), ...errors } },
  }, async (request) => ({ stages: await getScript(db, userActor(request, editors)) }));

  r.put('/api/v1/knowledge/script', {
    schema: { tags, summary: 'Set the script of the given stages (an empty text removes a stage); other stages keep theirs', body: scriptBody, response: { 200: z.object({ stages: scriptSchema }), ...errors } },
  }, async (request) => ({ stages: await saveScript(db, userActor(request, editors), request.body.stages) }));

  r.get('/api/v1/knowledge/objections', {
    schema: { tags, summary: 'Objections and how the company handles them, in order', response: { 200: z.object({ objections: z.array(objectionSchema) }), ...errors } },
  }, async (request) => ({ objections: await listObjections(db, userActor(request, editors)) }));

  r.post('/api/v1/knowledge/objections', {
    schema: { tags, summary: 'Add an objection (last unless a position is given)', body: z.object({ text: objectionText, handling: handlingText, position: position.optional() }), response: { 201: objectionSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await createObjection(db, userActor(request, editors), request.body)));

  r.patch('/api/v1/knowledge/objections/:id', {
    schema: { tags, summary: 'Change an objection, its handling or its position', params: uuidParam, body: z.object({ text: objectionText.optional(), handling: handlingText.optional(), position: position.optional() }), response: { 200: objectionSchema, ...errors } },
  }, async (request) => updateObjection(db, userActor(request, editors), request.params.id, request.body));

  r.delete('/api/v1/knowledge/objections/:id', {
    schema: { tags, summary: 'Delete an objection', params: uuidParam, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteObjection(db, userActor(request, editors), request.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api/v1/knowledge/rules', {
    schema: { tags, summary: "The expert's rules, per stage or general (stage null)", response: { 200: z.object({ rules: z.array(ruleSchema) }), ...errors } },
  }, async (request) => ({ rules: await listExpertRules(db, userActor(request, editors)) }));

  r.post('/api/v1/knowledge/rules', {
    schema: { tags, summary: 'Add an expert rule', body: z.object({ stage: stageSchema.nullable().default(null), text: ruleText }), response: { 201: ruleSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await createExpertRule(db, userActor(request, editors), request.body)));

  r.patch('/api/v1/knowledge/rules/:id', {
    schema: { tags, summary: 'Change an expert rule', params: uuidParam, body: z.object({ stage: stageSchema.nullable().optional(), text: ruleText.optional() }), response: { 200: ruleSchema, ...errors } },
  }, async (request) => updateExpertRule(db, userActor(request, editors), request.params.id, request.body));

  r.delete('/api/v1/knowledge/rules/:id', {
    schema: { tags, summary: 'Delete an expert rule', params: uuidParam, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteExpertRule(db, userActor(request, editors), request.params.id);
    return reply.status(204).send(null);
  });
}
