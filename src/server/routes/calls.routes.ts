// Calls (read side): the list with filters and full-text search, one call with its transcript,
// analysis and corrections; marking a reference call, correcting a verdict, re-analysing now.
// Ingestion (POST /api/v1/calls) belongs to the ingestion routes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';
import { CALL_STATUSES } from '../../db/schema/calls.ts';
import type { CallAnalysisEngine } from '../../domain/call-analysis.ts';
import { STAGES } from '../../domain/stages.ts';
import { createAnalysisEngine } from '../../analysis/engine-registry.ts';
import { analyseCall } from '../../calls/analyse-call.ts';
import { getCall, listCalls, MAX_PAGE } from '../../calls/calls.service.ts';
import { addCorrection, CORRECTION_KINDS, CORRECTORS, deleteCorrection } from '../../knowledge/corrections.service.ts';
import { KNOWLEDGE_EDITORS, setReferenceCall } from '../../knowledge/knowledge.service.ts';

const stageSchema = z.enum(STAGES);
const outcomeSchema = z.enum(['success', 'lost']);
const turnSchema = z.object({
  speaker: z.enum(['manager', 'client']),
  text: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
  lowConfidence: z.boolean().optional(),
});
const evidenceSchema = z.object({ turn: z.number(), text: z.string() });

/** The engine's result as stored (fields a client may rely on). */
const analysisResultSchema = z.object({
  engine: z.string(),
  engineVersion: z.string(),
  knowledgeHash: z.string(),
  language: z.string(),
  outcome: outcomeSchema,
  confidence: z.number(),
  stages: z.array(z.object({
    stage: stageSchema,
    score: z.number(),
    evidence: z.array(evidenceSchema),
    deductions: z.array(z.object({ points: z.number(), reason: z.string(), code: z.string(), turn: z.number().optional() })),
    span: z.object({ from: z.number(), to: z.number() }).optional(),
  })),
  weakStages: z.array(stageSchema),
  loss: z.object({ stage: stageSchema, reason: z.string(), clientWords: z.array(evidenceSchema), explanation: z.string() }).nullable(),
  nextStep: z.object({ text: z.string(), turn: z.number(), when: z.string().optional() }).nullable(),
  warnings: z.array(z.string()),
});

const callItemSchema = z.object({
  id: z.string(),
  startedAt: z.date(),
  durationSeconds: z.number().nullable(),
  direction: z.string(),
  source: z.string(),
  status: z.enum(CALL_STATUSES),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  isReference: z.boolean(),
  clientPhone: z.string().nullable(),
  manager: z.object({ id: z.string(), name: z.string() }).nullable(),
  client: z.object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  analysis: z.object({ outcome: outcomeSchema, confidence: z.number(), lossStage: z.string().nullable(), lossReason: z.string().nullable(), scores: z.record(z.string(), z.number()) }).nullable(),
});

const correctionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  stage: z.string().nullable(),
  outcome: z.string().nullable(),
  score: z.number().nullable(),
  target: z.string().nullable(),
  comment: z.string(),
  analysisId: z.string().nullable(),
  context: z.array(turnSchema),
  createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.date(),
});

const callDetailSchema = z.object({
  call: callItemSchema,
  transcript: z.object({ language: z.string(), source: z.string(), turns: z.array(turnSchema) }).nullable(),
  analysis: z.object({ id: z.string(), engine: z.string(), engineVersion: z.string(), knowledgeHash: z.string(), createdAt: z.date(), result: analysisResultSchema }).nullable(),
  corrections: z.array(correctionSchema),
});

const listQuery = z.object({
  managerId: z.string().uuid().optional(),
  clientId: z.string().uuid().optional(),
  status: z.enum(CALL_STATUSES).optional(),
  outcome: outcomeSchema.optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  q: z.string().max(200).optional(),
  reference: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const correctionBody = z.object({
  kind: z.enum(CORRECTION_KINDS),
  stage: stageSchema.nullish(),
  outcome: outcomeSchema.nullish(),
  score: z.number().int().min(0).max(10).nullish(),
  target: z.string().max(500).nullish(),
  comment: z.string().min(1).max(5_000),
});

const analyseResultSchema = z.object({
  status: z.enum(['analysed', 'failed']),
  analysisId: z.string().nullable(),
  outcome: outcomeSchema.nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
});

export function callsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;
  const tags = ['calls'];
  // created on first use: a misconfigured engine then answers on the analyse endpoint with the
  // variable to set, instead of keeping every other endpoint down
  let engine: CallAnalysisEngine | undefined;
  const analysisEngine = (): CallAnalysisEngine => (engine ??= createAnalysisEngine(ctx.config));

  r.get('/api/v1/calls', {
    schema: { tags, summary: 'Calls, newest first; q searches the transcripts in any word form', querystring: listQuery, response: { 200: z.object({ calls: z.array(callItemSchema), total: z.number() }), ...errors } },
  }, async (request) => listCalls(db, userActor(request), request.query));

  r.get('/api/v1/calls/:id', {
    schema: { tags, summary: 'One call with its transcript, current analysis and corrections', params: uuidParam, response: { 200: callDetailSchema, ...errors } },
  }, async (request) => getCall(db, userActor(request), request.params.id));

  r.post('/api/v1/calls/:id/reference', {
    schema: { tags, summary: 'Mark the call as a reference ("golden") call, or remove the mark', params: uuidParam, body: z.object({ reference: z.boolean() }), response: { 200: z.object({ id: z.string(), isReference: z.boolean() }), ...errors } },
  }, async (request) => setReferenceCall(db, userActor(request, KNOWLEDGE_EDITORS), request.params.id, request.body.reference));

  r.post('/api/v1/calls/:id/corrections', {
    schema: { tags, summary: "The head of sales corrects the call's verdict, a stage score or a deduction; later analyses respect it", params: uuidParam, body: correctionBody, response: { 201: correctionSchema, ...errors } },
  }, async (request, reply) => reply.status(201).send(await addCorrection(db, userActor(request, CORRECTORS), request.params.id, request.body)));

  r.delete('/api/v1/calls/:id/corrections/:correctionId', {
    schema: { tags, summary: 'Withdraw a correction made by mistake', params: z.object({ id: z.string().uuid(), correctionId: z.string().uuid() }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await deleteCorrection(db, userActor(request, CORRECTORS), request.params.id, request.params.correctionId);
    return reply.status(204).send(null);
  });

  r.post('/api/v1/calls/:id/analyse', {
    schema: { tags, summary: 'Analyse the call again now, with the current knowledge', params: uuidParam, response: { 200: analyseResultSchema, ...errors } },
  }, async (request) => {
    const actor = userActor(request, KNOWLEDGE_EDITORS);
    const result = await analyseCall(db, analysisEngine(), actor.companyId, request.params.id);
    return result.status === 'analysed'
      ? { status: result.status, analysisId: result.analysisId, outcome: result.analysis.outcome, errorCode: null, errorMessage: null }
      : { status: result.status, analysisId: null, outcome: null, errorCode: result.errorCode, errorMessage: result.errorMessage };
  });
}
