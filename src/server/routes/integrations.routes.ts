// Telephony integrations: list, create (the secret is shown once), and the Asterisk CDR import.
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors.ts';
import { createIntegration, importAsteriskCdr, INTEGRATION_KINDS, listIntegrations } from '../../calls/ingest.service.ts';
import type { ServerContext } from '../context.ts';
import { anyActor, userActor } from '../plugins/auth.ts';
import { errors, errorSchema, uuidParam } from '../schemas.ts';
import { ingestDeps, readMultipart } from './ingest.routes.ts';

const integrationSchema = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  managerChannel: z.enum(['left', 'right']),
  config: z.record(z.string(), z.unknown()),
  enabled: z.boolean(),
  webhookPath: z.string().nullable(),
  createdAt: z.date(),
});

const createBody = z.object({
  kind: z.enum(INTEGRATION_KINDS),
  name: z.string().trim().min(1).max(200),
  manager_channel: z.enum(['left', 'right']).default('left'),
  /** asterisk: recordingsDir, utcOffsetMinutes; zadarma: apiKey; mango: apiKey = the PBX's unique code (both: apiBaseUrl for a proxy) */
  config: z.record(z.string(), z.unknown()).optional(),
  /** zadarma: the API secret from the personal account; mango: the signing key (API salt); generic: generated when omitted */
  secret: z.string().min(8).max(200).optional(),
});

const cdrResultSchema = z.object({
  created: z.number(),
  duplicates: z.number(),
  skipped: z.number(),
  calls: z.array(z.object({ externalId: z.string(), id: z.string(), status: z.string(), hasRecording: z.boolean() })),
  errors: z.array(z.object({ line: z.number(), message: z.string() })),
});

export function integrationsRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = ctx.database.db;
  const tags = ['integrations'];

  r.get('/api/v1/integrations', {
    schema: { tags, summary: 'Telephony integrations of the company (secrets are never shown again)', response: { 200: z.object({ integrations: z.array(integrationSchema) }), ...errors } },
  }, async (request) => ({ integrations: await listIntegrations(db, userActor(request)) }));

  r.post('/api/v1/integrations', {
    schema: { tags, summary: 'Connect a telephony (generic signed webhook, Asterisk, Zadarma, Mango Office); the answer shows the secret once', body: createBody, response: { 201: z.object({ integration: integrationSchema, secret: z.string().nullable() }), ...errors } },
  }, async (request, reply) => {
    const body = request.body;
    const created = await createIntegration(db, userActor(request), {
      kind: body.kind, name: body.name, managerChannel: body.manager_channel,
      ...(body.config ? { config: body.config } : {}), ...(body.secret ? { secret: body.secret } : {}),
    });
    return reply.status(201).send(created);
  });

  r.post('/api/v1/integrations/:id/asterisk/cdr', {
    schema: {
      tags, consumes: ['multipart/form-data'], params: uuidParam,
      summary: 'Import Asterisk Master.csv ("cdr" file) with optional recordings ("recording" files named with the uniqueid); calls are keyed by uniqueid',
      response: { 200: cdrResultSchema, 413: errorSchema, 415: errorSchema, ...errors },
    },
  }, async (request) => {
    const actor = anyActor(request);
    const form = await readMultipart(request, ctx.config);
    try {
      const cdr = form.files.find((file) => file.field === 'cdr');
      const csv = cdr ? await readFile(cdr.path, 'utf8') : form.fields.cdr;
      if (!csv) throw new AppError('cdr.missing', 'Attach the Master.csv file as the "cdr" field.', { status: 400 });
      const recordings = form.files.filter((file) => file.field !== 'cdr');
      return await importAsteriskCdr(ingestDeps(ctx), actor, request.params.id, csv, recordings);
    } finally {
      await form.cleanup();
    }
  });
}
