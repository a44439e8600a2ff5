// Calls in through the API: the upload (multipart: recording and/or transcript + metadata), retry
// of a failed call, assignment of an unassigned one, and the recording stream for the player.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import { AppError } from '../../domain/errors.ts';
import { parseRangeHeader } from '../../audio/recording-store.ts';
import { assignCall, callRecording, ingestCall, requireIngestor, retryCall, type IngestDeps, type RecordingInput } from '../../calls/ingest.service.ts';
import type { ServerContext } from '../context.ts';
import { anyActor } from '../plugins/auth.ts';
import { errors, errorSchema, uuidParam } from '../schemas.ts';

export interface UploadedFile extends RecordingInput {
  field: string;
  fileName: string;
  bytes: number;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: UploadedFile[];
  cleanup(): Promise<void>;
}

export function tooLarge(config: Config): AppError {
  const mb = config.maxUploadBytes / 1024 / 1024;
  return new AppError('upload.too_large', `The file is larger than the upload limit of ${mb >= 1 ? Math.round(mb) : mb.toFixed(2)} MB. Cut the recording, compress it (MP3/Opus) or raise MENTOR_MAX_UPLOAD_MB.`, { status: 413 });
}

/** Streams every file part to a temp folder (recordings can be hundreds of MB); fields as text. */
export async function readMultipart(request: FastifyRequest, config: Config, options: { onChunk?: (chunk: Buffer) => void } = {}): Promise<MultipartForm> {
  if (!request.isMultipart()) throw new AppError('upload.not_multipart', 'Send the call as multipart/form-data (fields "recording", "transcript" and the metadata).', { status: 415 });
  const root = join(config.dataDir, 'tmp');
  await mkdir(root, { recursive: true });
  const dir = await mkdtemp(join(root, 'upload-'));
  const form: MultipartForm = { fields: {}, files: [], cleanup: () => rm(dir, { recursive: true, force: true }) };
  try {
    let index = 0;
    // attached in the same tick as the multipart parser's own pipe, so both see every byte
    if (options.onChunk) request.raw.on('data', options.onChunk);
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        form.fields[part.fieldname] = String(part.value);
        continue;
      }
      const path = join(dir, `${index++}-${part.fieldname.replace(/[^a-z0-9_-]/gi, '')}`);
      const output = createWriteStream(path);
      let bytes = 0;
      part.file.on('data', (chunk: Buffer) => { bytes += chunk.length; });
      await pipeline(part.file, output);
      if (part.file.truncated) throw tooLarge(config);
      form.files.push({ field: part.fieldname, path, fileName: part.filename || part.fieldname, mime: part.mimetype, bytes });
    }
  } catch (error) {
    await form.cleanup();
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE' || (error as { statusCode?: number }).statusCode === 413) throw tooLarge(config);
    throw error;
  }
  return form;
}

const DIRECTIONS = { inbound: 'inbound', incoming: 'inbound', outbound: 'outbound', outgoing: 'outbound' } as const;

export const uploadFieldsSchema = z.object({
  manager_extension: z.string().trim().max(50).optional(),
  manager_id: z.string().trim().max(100).optional(),
  client_phone: z.string().trim().max(50).optional(),
  started_at: z.string().trim().optional().transform((value, context) => {
    if (!value) return undefined;
    const date = new Date(value);
    if (Number.isNaN(date.getTime())) context.addIssue({ code: 'custom', message: 'must be an ISO date-time, e.g. 2026-03-12T10:15:00+03:00' });
    return date;
  }),
  direction: z.string().trim().toLowerCase().optional().transform((value) => (value ? DIRECTIONS[value as keyof typeof DIRECTIONS] ?? 'unknown' : 'unknown')),
  external_id: z.string().trim().max(200).optional(),
  language: z.string().trim().min(2).max(10).optional(),
  transcript: z.string().optional(),
});

function parseFields(fields: Record<string, string>) {
  const parsed = uploadFieldsSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new AppError('invalid_input', `The call metadata is invalid — ${problems.join('; ')}.`, { status: 400, details: { problems } });
  }
  return parsed.data;
}

export function ingestDeps(ctx: ServerContext): IngestDeps {
  return { db: ctx.database.db, config: ctx.config, jobs: ctx.jobs, intake: ctx.intake ?? null };
}

export const acceptedSchema = z.object({ id: z.string(), status: z.string(), duplicate: z.boolean() });

export function ingestRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const deps = ingestDeps(ctx);
  const tags = ['calls'];

  r.post('/api/v1/calls', {
    schema: {
      tags, consumes: ['multipart/form-data'],
      summary: 'Send a call: multipart with a "recording" file and/or a "transcript" (file or text field), plus manager_extension | manager_id, client_phone, started_at, direction, external_id, language',
      response: { 202: acceptedSchema, 413: errorSchema, 415: errorSchema, 422: errorSchema, ...errors },
    },
  }, async (request, reply) => {
    const actor = anyActor(request);
    requireIngestor(actor);
    const form = await readMultipart(request, ctx.config);
    try {
      const meta = parseFields(form.fields);
      const recording = form.files.find((file) => file.field === 'recording' || file.field === 'file');
      const transcriptFile = form.files.find((file) => file.field === 'transcript');
      if (recording && recording.bytes === 0) throw new AppError('audio.empty', `The recording "${recording.fileName}" is an empty file (0 bytes); export it again from the telephony.`, { status: 422 });
      const transcript = transcriptFile
        ? { content: await readFile(transcriptFile.path, 'utf8'), fileName: transcriptFile.fileName }
        : meta.transcript ? { content: meta.transcript } : undefined;
      const result = await ingestCall(deps, {
        companyId: actor.companyId,
        source: actor.kind === 'user' ? 'upload' : 'api',
        externalId: meta.external_id ?? null,
        direction: meta.direction,
        managerExtension: meta.manager_extension ?? null,
        managerId: meta.manager_id ?? null,
        clientPhone: meta.client_phone ?? null,
        ...(meta.started_at ? { startedAt: meta.started_at } : {}),
        ...(meta.language ? { language: meta.language } : {}),
        ...(recording ? { recording } : {}),
        ...(transcript ? { transcript } : {}),
        // a transcript text field is kept once, as the call's transcript import
        rawMetadata: { fields: Object.fromEntries(Object.entries(form.fields).filter(([name]) => name !== 'transcript')), files: form.files.map((file) => ({ field: file.field, name: file.fileName, mime: file.mime, bytes: file.bytes })), by: actor.kind },
      });
      return reply.status(202).send(result);
    } finally {
      await form.cleanup();
    }
  });

  r.post('/api/v1/calls/:id/retry', {
    schema: { tags, summary: 'A failed call re-enters the pipeline at the step that failed', params: uuidParam, response: { 202: acceptedSchema, ...errors } },
  }, async (request, reply) => reply.status(202).send(await retryCall(deps, anyActor(request), request.params.id)));

  r.post('/api/v1/calls/:id/assign', {
    schema: { tags, summary: 'Give an unassigned call its manager; the pipeline continues', params: uuidParam, body: z.object({ managerId: z.string().uuid() }), response: { 202: acceptedSchema, 422: errorSchema, ...errors } },
  }, async (request, reply) => reply.status(202).send(await assignCall(deps, anyActor(request), request.params.id, request.body.managerId)));

  r.get('/api/v1/calls/:id/recording', {
    schema: { tags, summary: 'The call recording; supports HTTP Range for the player', params: uuidParam },
  }, async (request, reply) => {
    const { stored, mime, store } = await callRecording(deps, anyActor(request), request.params.id);
    const range = parseRangeHeader(request.headers.range, stored.size);
    void reply.header('accept-ranges', 'bytes').header('content-type', mime ?? contentTypeFor(stored.extension)).header('cache-control', 'private, max-age=3600');
    if (range.kind === 'unsatisfiable') return reply.status(416).header('content-range', `bytes */${stored.size}`).send();
    if (range.kind === 'partial') {
      return reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${stored.size}`).header('content-length', range.end - range.start + 1)
        .send(await store.open(stored.hash, range));
    }
    return reply.header('content-length', stored.size).send(await store.open(stored.hash));
  });
}

function contentTypeFor(extension: string): string {
  switch (extension) {
    case 'mp3': return 'audio/mpeg';
    case 'ogg': case 'opus': return 'audio/ogg';
    case 'flac': return 'audio/flac';
    case 'm4a': case 'mp4': return 'audio/mp4';
    case 'webm': return 'audio/webm';
    default: return 'audio/wav';
  }
}
