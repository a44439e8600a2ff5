// Telephony webhooks. Signatures are computed over the body exactly as received, so these routes
// live in an encapsulated scope whose JSON and form parsers keep the raw bytes; multipart requests
// are hashed while they stream to disk (a recording is never buffered in memory) and verified
// before anything is stored.
// A bad or missing signature answers 401 and leaves a summary of the raw request in the audit log.
import { createHash, createHmac, timingSafeEqual, type Hmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDb } from '../../db/database.ts';
import { calls, type integrations } from '../../db/schema/calls.ts';
import { withTenant } from '../../db/tenant.ts';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/audit.service.ts';
import { AppError } from '../../domain/errors.ts';
import { findIntegration, ingestCall, sendStep, type IngestDeps } from '../../calls/ingest.service.ts';
import { parseGenericWebhookPayload } from '../../integrations/telephony/generic/generic-webhook-schema.ts';
import { DEFAULT_TOLERANCE_SEC, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyGenericWebhook } from '../../integrations/telephony/generic/generic-webhook-signature.ts';
import { parseZadarmaNotification, zadarmaEcho } from '../../integrations/telephony/zadarma/zadarma-webhook.ts';
import { parseMangoEvent, type MangoEvent } from '../../integrations/telephony/mango/mango-webhook.ts';
import { receiveMangoEvent } from '../../calls/mango-calls.service.ts';
import type { ServerContext } from '../context.ts';
import { errorSchema } from '../schemas.ts';
import { acceptedSchema, ingestDeps, readMultipart } from './ingest.routes.ts';

type Integration = typeof integrations.$inferSelect;
const integrationParam = z.object({ integrationId: z.string().uuid() });

/** Integrations change rarely and every webhook needs one: a short cache spares a query per call. */
function integrationCache(db: AppDb, ttlMs = 10_000): (id: string) => Promise<Integration> {
  const cache = new Map<string, { row: Integration; until: number }>();
  return async (id) => {
    const hit = cache.get(id);
    if (hit && hit.until > Date.now()) return hit.row;
    const row = await findIntegration(db, id);
    if (cache.size > 1000) cache.clear();
    cache.set(id, { row, until: Date.now() + ttlMs });
    return row;
  };
}

async function auditRejected(db: AppDb, integration: Integration, request: FastifyRequest, error: AppError, raw: { bytes: number; sha256: string; preview?: string }): Promise<void> {
  const headers = request.headers;
  await withTenant(db, integration.companyId, (tx) => recordAudit(tx, {
    companyId: integration.companyId, action: 'webhook.rejected', actorKind: 'webhook', ip: request.ip,
    details: {
      integrationId: integration.id, kind: integration.kind, code: error.code, reason: error.message, method: request.method, url: request.url.split('?')[0],
      userAgent: headers['user-agent'] ?? null, contentType: headers['content-type'] ?? null,
      timestamp: headers[TIMESTAMP_HEADER] ?? null,
      // enough of the signature to tell senders apart, not enough to reuse it
      signature: typeof headers[SIGNATURE_HEADER] === 'string' ? `${(headers[SIGNATURE_HEADER] as string).slice(0, 15)}…` : typeof headers.signature === 'string' ? `${headers.signature.slice(0, 8)}…` : null,
      bodyBytes: raw.bytes, bodySha256: raw.sha256, ...(raw.preview !== undefined ? { bodyPreview: raw.preview } : {}),
    },
  }));
}

/** What the audit log keeps of a refused body: its size, hash and first 2,000 bytes. */
function rawSummary(raw: Buffer): { bytes: number; sha256: string; preview: string } {
  return { bytes: raw.length, sha256: createHash('sha256').update(raw).digest('hex'), preview: raw.subarray(0, 2000).toString('utf8') };
}

interface StreamedMac { timestamp: number | null; macs: Hmac; sha256: ReturnType<typeof createHash>; bytes: number }

/** The generic webhook's signature check for a multipart body hashed while it streamed. */
function verifyStreamed(request: FastifyRequest, mac: StreamedMac): void {
  const signature = request.headers[SIGNATURE_HEADER];
  if (typeof signature !== 'string' || signature === '') throw new AppError('webhook.signature_missing', 'The request has no X-Mentor-Signature header; sign the raw body as described in the generic telephony webhook docs.', { status: 401 });
  if (mac.timestamp === null) throw new AppError('webhook.timestamp_invalid', 'The X-Mentor-Timestamp header is missing or is not unix seconds.', { status: 401 });
  if (Math.abs(Date.now() / 1000 - mac.timestamp) > DEFAULT_TOLERANCE_SEC) throw new AppError('webhook.timestamp_expired', 'The request timestamp is more than 5 minutes away from the server clock; resend it now and check the sender clock (NTP).', { status: 401 });
  const given = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim())?.[1];
  const expected = mac.macs.digest();
  if (!given || !timingSafeEqual(expected, Buffer.from(given.toLowerCase(), 'hex'))) {
    throw new AppError('webhook.signature_invalid', 'The webhook signature does not match; check the integration secret and that the raw request body is signed unchanged.', { status: 401 });
  }
}

export async function webhooksRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const deps: IngestDeps = ingestDeps(ctx);
  const integrationOf = integrationCache(ctx.database.db);

  await app.register(async (scope) => {
    scope.removeContentTypeParser(['application/json', 'application/x-www-form-urlencoded']);
    scope.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post('/api/v1/webhooks/telephony/:integrationId', {
      schema: {
        tags: ['webhooks'], params: integrationParam, security: [],
        summary: 'Generic telephony webhook, signed: X-Mentor-Timestamp + X-Mentor-Signature = sha256=HMAC(secret, "<timestamp>.<raw body>"). JSON with recording_url or transcript, or multipart with a "payload" JSON field and a "recording" file',
        response: { 202: acceptedSchema, 401: errorSchema, 404: errorSchema, 413: errorSchema, 422: errorSchema },
      },
    }, async (request, reply) => {
      const integration = await integrationOf(request.params.integrationId);
      if (integration.kind !== 'generic') throw new AppError('integration.wrong_kind', `This URL belongs to a ${integration.kind} integration, not the generic webhook.`, { status: 404 });
      if (request.isMultipart()) {
        const stamp = String(request.headers[TIMESTAMP_HEADER] ?? '').trim();
        const mac: StreamedMac = { timestamp: /^\d{9,11}$/.test(stamp) ? Number(stamp) : null, macs: createHmac('sha256', integration.secret ?? ''), sha256: createHash('sha256'), bytes: 0 };
        mac.macs.update(`${stamp}.`);
        const form = await readMultipart(request, ctx.config, {
          onChunk: (chunk) => {
            mac.macs.update(chunk);
            mac.sha256.update(chunk);
            mac.bytes += chunk.length;
          },
        });
        try {
          try {
            verifyStreamed(request, mac);
          } catch (error) {
            await auditRejected(ctx.database.db, integration, request, error as AppError, { bytes: mac.bytes, sha256: mac.sha256.digest('hex') });
            throw error;
          }
          const body = parseJsonField(form.fields.payload);
          const recording = form.files.find((file) => file.field === 'recording' || file.field === 'file');
          return reply.status(202).send(await ingestGeneric(deps, integration, body, recording));
        } finally {
          await form.cleanup();
        }
      }
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(typeof request.body === 'string' ? request.body : '');
      try {
        verifyGenericWebhook({ rawBody: raw, headers: request.headers, secrets: integration.secret ?? '' });
      } catch (error) {
        await auditRejected(ctx.database.db, integration, request, error as AppError, rawSummary(raw));
        throw error;
      }
      return reply.status(202).send(await ingestGeneric(deps, integration, parseJsonField(raw.toString('utf8')), undefined));
    });

    r.get('/api/v1/webhooks/zadarma/:integrationId', {
      schema: { tags: ['webhooks'], params: integrationParam, querystring: z.object({ zd_echo: z.string().max(200).optional() }), security: [], summary: 'Zadarma checks the notification URL with ?zd_echo=<value>' },
    }, async (request, reply) => {
      await integrationOf(request.params.integrationId);
      return reply.type('text/plain').send(zadarmaEcho(request.query) ?? 'ok');
    });

    r.post('/api/v1/webhooks/zadarma/:integrationId', {
      schema: { tags: ['webhooks'], params: integrationParam, security: [], summary: 'Zadarma PBX notifications (NOTIFY_END, NOTIFY_OUT_END, NOTIFY_RECORD), signed with the API secret' },
    }, async (request) => {
      const integration = await integrationOf(request.params.integrationId);
      if (integration.kind !== 'zadarma') throw new AppError('integration.wrong_kind', `This URL belongs to a ${integration.kind} integration, not Zadarma.`, { status: 404 });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = typeof request.headers.signature === 'string' ? request.headers.signature : undefined;
      let event: ReturnType<typeof parseZadarmaNotification>;
      try {
        event = parseZadarmaNotification(raw, signature, integration.secret ?? '');
      } catch (error) {
        if (error instanceof AppError && error.status === 401) {
          await auditRejected(ctx.database.db, integration, request, error, rawSummary(raw));
        }
        throw error;
      }
      if (!event) return { ok: true, ignored: 'event' };
      const params = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
      if (event.kind === 'call_ended') {
        if (!event.callIdWithRec || event.duration === 0) return { ok: true, ignored: 'not recorded' };
        const call = await ingestCall(deps, {
          companyId: integration.companyId, source: 'zadarma', integrationId: integration.id, externalId: event.pbxCallId, direction: event.direction,
          managerExtension: event.managerExtension, clientPhone: event.clientPhone, startedAt: zadarmaTime(event.callStart, integration.config.utcOffsetMinutes),
          durationSeconds: event.duration, pendingRecording: { zadarmaCallId: event.callIdWithRec }, rawMetadata: { zadarma: params },
        });
        return { ok: true, id: call.id, status: call.status, duplicate: call.duplicate };
      }
      // NOTIFY_RECORD: the file is ready; fetch it now if the call is still waiting for it
      const recordId = event.callIdWithRec;
      const found = await withTenant(ctx.database.db, integration.companyId, async (tx) => {
        const call = (await tx.select({ id: calls.id, hash: calls.recordingSha256, status: calls.status }).from(calls)
          .where(and(eq(calls.companyId, integration.companyId), eq(calls.integrationId, integration.id), eq(calls.externalId, event.pbxCallId))).limit(1))[0];
        if (!call || call.hash) return call ?? null;
        await tx.update(calls).set({ rawMetadata: sql`${calls.rawMetadata} || ${JSON.stringify({ pendingRecording: { zadarmaCallId: recordId } })}::jsonb` }).where(and(eq(calls.id, call.id), eq(calls.companyId, integration.companyId)));
        if (deps.jobs) await sendStep(deps.jobs, tx, 'call.ingest', integration.companyId, call.id, `record-${recordId}`);
        return call;
      });
      return { ok: true, ...(found ? { id: found.id, status: found.status } : { ignored: 'unknown call' }) };
    });

    r.post('/api/v1/webhooks/mango/:integrationId/*', {
      schema: {
        tags: ['webhooks'], params: integrationParam.extend({ '*': z.string().max(200) }), security: [],
        summary: 'Mango Office API connector: Mango appends the event (events/summary, events/record/added; others are acknowledged) and signs vpbx_api_key + json + salt',
      },
    }, async (request) => {
      const integration = await integrationOf(request.params.integrationId);
      if (integration.kind !== 'mango') throw new AppError('integration.wrong_kind', `This URL belongs to a ${integration.kind} integration, not Mango Office.`, { status: 404 });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      let event: MangoEvent;
      try {
        event = parseMangoEvent(request.params['*'], raw, { apiKey: typeof integration.config.apiKey === 'string' ? integration.config.apiKey : '', salt: integration.secret ?? '' });
      } catch (error) {
        if (error instanceof AppError && error.status === 401) {
          await auditRejected(ctx.database.db, integration, request, error, rawSummary(raw));
        }
        throw error;
      }
      return receiveMangoEvent(deps, integration, event);
    });
  });
}

function parseJsonField(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') throw new AppError('webhook.invalid_payload', 'The webhook body is empty; send the call as JSON (or a "payload" JSON field with a multipart recording).', { status: 422 });
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('webhook.invalid_payload', 'The webhook body is not valid JSON.', { status: 422 });
  }
}

async function ingestGeneric(deps: IngestDeps, integration: Integration, body: unknown, recording: { path: string; fileName: string; mime?: string } | undefined) {
  const payload = parseGenericWebhookPayload(body, { hasAttachment: recording !== undefined });
  const transcript = payload.transcript === undefined ? undefined : { content: typeof payload.transcript === 'string' ? payload.transcript : JSON.stringify(payload.transcript) };
  return ingestCall(deps, {
    companyId: integration.companyId, source: 'webhook', integrationId: integration.id, externalId: payload.external_id, direction: payload.direction,
    managerExtension: payload.manager_extension ?? null, managerId: payload.manager_id ?? null, clientPhone: payload.client_phone,
    startedAt: payload.started_at, durationSeconds: payload.duration, ...(payload.language ? { language: payload.language } : {}),
    ...(recording ? { recording } : {}), ...(transcript ? { transcript } : {}),
    // a transcript is analysed as given; a recording link that comes with it is still fetched for the player
    ...(!recording && payload.recording_url ? { pendingRecording: { url: payload.recording_url } } : {}),
    // the transcript is kept once, as the call's transcript import
    rawMetadata: { webhook: withoutKey(body as Record<string, unknown>, 'transcript') },
  });
}

function withoutKey(object: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = object;
  return rest;
}

/** Zadarma sends "YYYY-MM-DD HH:MM:SS" in the account's zone (integration config utcOffsetMinutes, default Moscow). */
function zadarmaTime(value: string, offset: unknown): Date {
  const minutes = typeof offset === 'number' ? offset : 180;
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return new Date();
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!) - minutes * 60_000);
}
