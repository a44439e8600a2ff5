// The voice trainer over HTTP: scenarios (integrator edits), personas, sessions in text mode, the
// head of sales' activity view, and the WebSocket voice loop (protocol in
// src/trainer/voice/voice-protocol.ts). Thin: parse, call the trainer service, shape.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createAnalysisEngine } from '../../analysis/engine-registry.ts';
import type { CallAnalysisEngine } from '../../domain/call-analysis.ts';
import { AppError } from '../../domain/errors.ts';
import { STAGES } from '../../domain/stages.ts';
import { ScenarioEditSchema, ScenarioSchema } from '../../trainer/scenarios.ts';
import { createTrainerService } from '../../trainer/trainer.service.ts';
import { trainerClientSettings, trainerSpeechToText, trainerTextToSpeech } from '../../trainer/voice/trainer-speech.ts';
import { createVoiceSession } from '../../trainer/voice/voice-session.ts';
import type { ServerContext } from '../context.ts';
import { userActor } from '../plugins/auth.ts';
import { errors, uuidParam } from '../schemas.ts';

const stage = z.enum(STAGES);
const localized = z.object({ ru: z.string(), en: z.string() });
const personaSchema = z.object({
  id: z.string(), name: localized, role: localized, description: localized, gender: z.enum(['female', 'male']),
  temperament: z.object({ id: z.string(), title: localized }), avatarSvg: z.string(),
});
const turnSchema = z.object({
  speaker: z.enum(['manager', 'client']), text: z.string(), at: z.string(), input: z.enum(['voice', 'text']).optional(),
  pressedStage: stage.optional(), reason: z.string().optional(), done: z.boolean().optional(), outcome: z.enum(['agreed', 'left']).optional(),
});
const feedbackSchema = z.object({
  language: z.enum(['ru', 'en']), outcome: z.string(), summary: z.string(), text: z.string(), strengths: z.array(z.string()),
  stages: z.array(z.object({
    stage, title: z.string(), score: z.number().optional(), managerQuote: z.string().optional(), companyWay: z.string().optional(),
    deductions: z.array(z.string()), advice: z.string(), text: z.string(),
  })),
});
const sessionSchema = z.object({
  id: z.string().uuid(), managerId: z.string().uuid(), scenarioId: z.string().nullable(), personaId: z.string(),
  mode: z.enum(['voice', 'text']), status: z.enum(['active', 'finished', 'abandoned']), language: z.enum(['ru', 'en']),
  weakStages: z.array(stage), turns: z.array(turnSchema), outcome: z.enum(['agreed', 'left']).nullable(), score: z.number().nullable(),
  stageScores: z.record(z.string(), z.number()), feedback: feedbackSchema.nullable(), startedAt: z.date(), finishedAt: z.date().nullable(),
});
const activitySchema = z.object({
  managerId: z.string().uuid(), name: z.string(), sessions: z.number().int(), finished: z.number().int(), lastSessionAt: z.date().nullable(),
  meanScore: z.number().nullable(), scores: z.array(z.object({ at: z.date(), score: z.number() })),
});
const scenarioPatch = ScenarioEditSchema.omit({ id: true, companyId: true }).strict();
const keyParam = z.object({ key: z.string().min(1).max(200).regex(/^[\p{L}\p{N}_-]+$/u, 'letters, digits, "-" and "_"') });

export async function trainerRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  let engine: CallAnalysisEngine | undefined;
  const service = createTrainerService({
    db: ctx.database.db,
    analysisEngine: () => (engine ??= createAnalysisEngine(ctx.config)),
    clientSettings: trainerClientSettings(ctx.config),
  });
  const stt = trainerSpeechToText(ctx.config);
  const tts = trainerTextToSpeech(ctx.config);
  const tags = ['trainer'];

  // Encapsulated: the WebSocket plugin serves only the trainer's socket route.
  await app.register(async (scope) => {
    await scope.register(websocket, { options: { maxPayload: 1024 * 1024 } });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.get('/api/v1/trainer/scenarios', {
      schema: { tags, summary: "The company's trainer scenarios: one per objection, the script and the presentation, with the integrator's edits", response: { 200: z.object({ scenarios: z.array(ScenarioSchema) }), ...errors } },
    }, async (request) => ({ scenarios: await service.listScenarios(userActor(request)) }));

    r.put('/api/v1/trainer/scenarios/:key', {
      schema: { tags, summary: 'Edit a scenario (any fields, enabled, deleted) or add a complete new one', params: keyParam, body: scenarioPatch, response: { 200: z.object({ scenario: ScenarioSchema.nullable() }), ...errors } },
    }, async (request) => ({ scenario: await service.saveScenario(userActor(request), request.params.key, request.body) }));

    r.get('/api/v1/trainer/personas', {
      schema: { tags, summary: 'The client characters: name, picture (SVG), description, temperament', response: { 200: z.object({ personas: z.array(personaSchema) }), ...errors } },
    }, async (request) => {
      userActor(request);
      return { personas: service.listPersonas().map((p) => ({ ...p, temperament: { id: p.temperament.id, title: p.temperament.title } })) };
    });

    r.post('/api/v1/trainer/sessions', {
      schema: { tags, summary: 'Start a session; scenario and persona are chosen for your weak stages when not given', body: z.object({ scenarioId: z.string().min(1).max(200).nullable().optional(), personaId: z.string().min(1).max(100).nullable().optional(), mode: z.enum(['voice', 'text']).default('text') }), response: { 201: sessionSchema, ...errors } },
    }, async (request, reply) => reply.status(201).send(await service.startSession(userActor(request), request.body)));

    r.get('/api/v1/trainer/sessions', {
      schema: { tags, summary: 'Your own training sessions, newest first', response: { 200: z.object({ sessions: z.array(sessionSchema) }), ...errors } },
    }, async (request) => ({ sessions: await service.listOwnSessions(userActor(request)) }));

    r.get('/api/v1/trainer/sessions/:id', {
      schema: { tags, summary: 'One training session: dialogue, score by stage, feedback', params: uuidParam, response: { 200: sessionSchema, ...errors } },
    }, async (request) => service.getSession(userActor(request), request.params.id));

    r.post('/api/v1/trainer/sessions/:id/turns', {
      schema: { tags, summary: 'Text mode: your turn in, the client turn out (stored at once)', params: uuidParam, body: z.object({ text: z.string().trim().min(1).max(5000) }), response: { 200: z.object({ managerTurn: turnSchema, clientTurn: turnSchema, session: sessionSchema }), ...errors } },
    }, async (request) => {
      const result = await service.takeTurn(userActor(request), request.params.id, request.body.text, 'text');
      const { plan: _m, ...managerTurn } = result.managerTurn;
      const { plan: _c, fallback: _f, ...clientTurn } = result.clientTurn;
      return { managerTurn, clientTurn, session: result.session };
    });

    r.post('/api/v1/trainer/sessions/:id/finish', {
      schema: { tags, summary: 'Finish: the session is scored by the 5 stages and gets concrete feedback', params: uuidParam, response: { 200: sessionSchema, ...errors } },
    }, async (request) => service.finishSession(userActor(request), request.params.id));

    r.get('/api/v1/trainer/activity', {
      schema: { tags, summary: 'How each manager trains: sessions, last session, mean score, progress', response: { 200: z.object({ managers: z.array(activitySchema) }), ...errors } },
    }, async (request) => ({ managers: await service.activity(userActor(request)) }));

    scope.get('/api/v1/trainer/sessions/:id/ws', { websocket: true, schema: { hide: true } }, (socket, request) => {
      const id = (request.params as { id?: string }).id ?? '';
      const actor = request.actor;
      const send = (message: object): void => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      if (!actor || actor.kind !== 'user') {
        send({ type: 'error', code: 'auth.required', message: 'Sign in to continue.' });
        socket.close(4401, 'auth.required');
        return;
      }
      if (!uuidParam.safeParse({ id }).success) {
        send({ type: 'error', code: 'not_found', message: 'Training session not found' });
        socket.close(4404, 'not_found');
        return;
      }
      const voice = createVoiceSession({
        service, actor, sessionId: id, stt, tts, send,
        sendAudio: (chunk) => {
          if (socket.readyState === socket.OPEN) socket.send(chunk, { binary: true });
        },
      });
      // Messages that arrive while the session loads wait for it.
      const opened = voice.open().then(() => true, (error: unknown) => {
        const known = error instanceof AppError;
        send({ type: 'error', code: known ? error.code : 'trainer.open_failed', message: known ? error.message : 'The training session could not be opened.' });
        socket.close(known && error.status === 404 ? 4404 : 4500, known ? error.code : 'trainer.open_failed');
        return false;
      });
      socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        void opened.then((ok) => {
          if (!ok) return;
          if (isBinary) voice.onAudio(buffer);
          else voice.onText(buffer.toString('utf8'));
        });
      });
      socket.on('close', () => voice.close());
    });
  });
}
