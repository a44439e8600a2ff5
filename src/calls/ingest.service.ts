// One entry for every way a call comes in (upload API, web page, generic webhook, Asterisk,
// Zadarma): store the recording by content hash, keep the raw input, parse an imported
// transcript, then write the call (src/calls/call-intake.ts: matching, the call row, the
// transcript and the next pipeline step in one transaction). A repeated delivery (same
// integration + external id) returns the existing call.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Actor } from '../auth/actor.ts';
import { requireRole } from '../auth/actor.ts';
import type { AppDb } from '../db/database.ts';
import { calls, integrations, transcripts } from '../db/schema/calls.ts';
import { asSystem, withTenant, type Tx } from '../db/tenant.ts';
import { AppError, notFound } from '../domain/errors.ts';
import { probeAudio } from '../audio/audio-probe.ts';
import { createRecordingStore, type RecordingStore, type StoredRecording } from '../audio/recording-store.ts';
import { checkTranscript } from './transcript-import/transcript-import.ts';
import { cdrToCall, parseCdrCsv } from '../integrations/telephony/asterisk/asterisk-cdr-parser.ts';
import { matchRecordingToCdr } from '../integrations/telephony/asterisk/recording-file-name.ts';
import { matchManager } from './call-matching.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { drizzleExecutor } from '../jobs/boss-factory.ts';
import { type CallIntake, type IngestResult, type JobSender, nextStep, type PreparedCall, type Step, writeCallGroup } from './call-intake.ts';

export { nextStep, type IngestResult, type JobSender } from './call-intake.ts';

export interface IngestDeps {
  db: AppDb;
  config: Config;
  jobs: JobSender | null;
  /** the process's group-commit intake; without it each call commits in its own transaction */
  intake?: CallIntake | null;
}

export interface RecordingInput {
  /** a temporary file; the caller deletes it afterwards (the store keeps its own copy) */
  path: string;
  fileName?: string;
  mime?: string;
}

export interface IngestInput {
  companyId: string;
  source: string;
  integrationId?: string | null;
  externalId?: string | null;
  direction?: 'inbound' | 'outbound' | 'unknown';
  managerExtension?: string | null;
  managerId?: string | null;
  clientPhone?: string | null;
  startedAt?: Date;
  durationSeconds?: number | null;
  language?: string;
  recording?: RecordingInput;
  transcript?: { content: string; fileName?: string };
  /** a recording the call.ingest job downloads later (webhook URL, Zadarma record id) */
  pendingRecording?: Record<string, unknown>;
  /** what arrived, kept as is (minus secrets) so nothing the PBX sent is lost */
  rawMetadata: Record<string, unknown>;
}

export const INGEST_ROLES = ['head_of_sales', 'integrator'] as const;

/** People who may send, assign and retry calls; a company API token (the telephony) may too. */
export function requireIngestor(actor: Actor): void {
  if (actor.kind === 'user') requireRole(actor, INGEST_ROLES);
}

export function recordingStoreFor(config: Config): RecordingStore {
  return createRecordingStore({ root: join(config.dataDir, 'recordings'), ...(config.encryptionKey ? { encryptionKey: config.encryptionKey } : {}) });
}

function requireJobs(deps: IngestDeps): JobSender {
  if (!deps.jobs) throw new AppError('jobs.unavailable', 'The job queue is not running in this process, so calls cannot be accepted; start Mentor with `mentor start`.', { status: 503, retryable: true });
  return deps.jobs;
}

/** Validates a recording before anything is stored: empty, not audio, damaged → a clear 4xx. */
export async function validateRecording(recording: RecordingInput): Promise<{ extension: string; durationSec: number }> {
  const info = await probeAudio(recording.path).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'audio.unsupported') throw new AppError(error.code, error.message, { status: 415 });
    throw error;
  });
  const fromName = recording.fileName?.toLowerCase().match(/\.([a-z0-9]{1,5})$/)?.[1];
  return { extension: fromName ?? info.format.split(',')[0] ?? 'bin', durationSec: info.durationSec };
}

async function findExisting(tx: Tx, companyId: string, integrationId: string | null, externalId: string): Promise<{ id: string; status: string } | undefined> {
  return (await tx.select({ id: calls.id, status: calls.status }).from(calls).where(and(
    eq(calls.companyId, companyId),
    integrationId ? eq(calls.integrationId, integrationId) : isNull(calls.integrationId),
    eq(calls.externalId, externalId),
  )).limit(1))[0];
}

/**
 * The whole intake of one call: checks and stores what can be checked and stored outside the
 * database (transcript parse, recording probe and store), then writes the call — through the
 * process's group-commit intake when there is one. Resolves after the call has committed.
 * Throws 4xx AppErrors for input that cannot become a call.
 */
export async function ingestCall(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const jobs = requireJobs(deps);
  const integrationId = input.integrationId ?? null;
  const externalId = input.externalId?.trim() || null;
  // a redelivered recording is not probed and stored again; other redeliveries are caught where
  // the call is written
  if (externalId && input.recording) {
    const existing = await withTenant(deps.db, input.companyId, (tx) => findExisting(tx, input.companyId, integrationId, externalId));
    if (existing) return { ...existing, duplicate: true };
  }
  // read here so a malformed transcript is refused before anything is stored; the call.intake
  // job imports it from what is kept
  if (input.transcript) checkTranscript(input.transcript.content, input.transcript.fileName ? { fileName: input.transcript.fileName } : {});
  const transcript = input.transcript ? { content: input.transcript.content, ...(input.transcript.fileName ? { fileName: input.transcript.fileName } : {}) } : null;
  if (!transcript && !input.recording && !input.pendingRecording) {
    throw new AppError('call.nothing_to_analyse', 'Send a recording file, a recording URL or a transcript: the call has nothing to analyse.', { status: 422 });
  }
  let recording: PreparedCall['recording'] = null;
  let durationSec: number | null = input.durationSeconds ?? null;
  if (input.recording) {
    const checked = await validateRecording(input.recording);
    durationSec ??= Math.round(checked.durationSec);
    recording = { ...await recordingStoreFor(deps.config).save(input.recording.path, { extension: checked.extension }), mime: input.recording.mime ?? null };
  }
  const call: PreparedCall = {
    companyId: input.companyId, source: input.source, integrationId, externalId, direction: input.direction ?? 'unknown',
    managerExtension: input.managerExtension ?? null, managerId: input.managerId ?? null, clientPhone: input.clientPhone ?? null,
    ...(input.startedAt ? { startedAt: input.startedAt } : {}), durationSeconds: durationSec, transcript, recording,
    pendingRecording: input.pendingRecording ?? null, ...(input.language ? { language: input.language } : {}), rawMetadata: input.rawMetadata,
  };
  if (deps.intake) return deps.intake.submit(call);
  return (await writeCallGroup(deps.db, jobs, [call]))[0]!;
}

/**
 * Sends a pipeline job inside the caller's transaction. The singleton key carries a revision: the
 * first run of a step is `<queue>:<callId>:ingest`, a retry or an assignment gets a new one, so
 * the queue's week-long key memory never swallows a deliberate re-run.
 */
export async function sendStep(jobs: JobSender, tx: Tx, queue: Step, companyId: string, callId: string, revision: string): Promise<void> {
  await jobs.send(queue, { companyId, callId }, { tx: drizzleExecutor(tx), singletonKey: `${queue}:${callId}:${revision}` });
}

async function loadCall(tx: Tx, companyId: string, callId: string) {
  const call = (await tx.select().from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update'))[0];
  if (!call) throw notFound('Call');
  const transcript = (await tx.select({ callId: transcripts.callId }).from(transcripts).where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1))[0];
  return { call, hasTranscript: transcript !== undefined };
}

/** The integrator (or head of sales) gives an unassigned call its manager; the pipeline resumes. */
export async function assignCall(deps: IngestDeps, actor: Actor, callId: string, managerId: string): Promise<IngestResult> {
  requireIngestor(actor);
  const jobs = requireJobs(deps);
  return withTenant(deps.db, actor.companyId, async (tx) => {
    const { call, hasTranscript } = await loadCall(tx, actor.companyId, callId);
    const manager = await matchManager(tx, actor.companyId, { managerId });
    if (!manager.managerId) throw new AppError('call.unknown_manager', manager.reason ?? 'No such manager.', { status: 422 });
    const next = nextStep({ hasManager: true, hasTranscript, hasRecording: call.recordingSha256 !== null });
    const resume = call.status === 'unassigned';
    await tx.update(calls).set({ managerId: manager.managerId, updatedAt: new Date(), ...(resume ? { status: next.status, errorCode: null, errorMessage: null } : {}) })
      .where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId)));
    if (resume && next.job) await sendStep(jobs, tx, next.job, actor.companyId, callId, `assign-${Date.now()}`);
    return { id: callId, status: resume ? next.status : call.status, duplicate: false };
  });
}

/** A failed call re-enters the pipeline at the step that failed (download, transcription or analysis). */
export async function retryCall(deps: IngestDeps, actor: Actor, callId: string): Promise<IngestResult> {
  requireIngestor(actor);
  const jobs = requireJobs(deps);
  return withTenant(deps.db, actor.companyId, async (tx) => {
    const { call, hasTranscript } = await loadCall(tx, actor.companyId, callId);
    if (call.status !== 'failed') throw new AppError('call.not_failed', `The call is ${call.status}, not failed; only a failed call can be retried.`, { status: 409 });
    if (call.rawMetadata.intakePending) {
      // the intake itself failed (matching, transcript import): run it again
      await tx.update(calls).set({ status: 'received', errorCode: null, errorMessage: null, updatedAt: new Date() }).where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId)));
      await sendStep(jobs, tx, 'call.ingest', actor.companyId, callId, `retry-${Date.now()}`);
      return { id: callId, status: 'received', duplicate: false };
    }
    if (!call.managerId) throw new AppError('call.unassigned', 'Assign the call to a manager first.', { status: 409 });
    const next = nextStep({ hasManager: true, hasTranscript, hasRecording: call.recordingSha256 !== null });
    await tx.update(calls).set({ status: next.status, errorCode: null, errorMessage: null, updatedAt: new Date() }).where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId)));
    if (next.job) await sendStep(jobs, tx, next.job, actor.companyId, callId, `retry-${Date.now()}`);
    return { id: callId, status: next.status, duplicate: false };
  });
}

/** Where the call's audio is, after the manager-scope check; null when the call has none. */
export async function callRecording(deps: Pick<IngestDeps, 'db' | 'config'>, actor: Actor, callId: string): Promise<{ stored: StoredRecording; mime: string | null; store: RecordingStore }> {
  const call = await withTenant(deps.db, actor.companyId, async (tx) => (await tx.select({ managerId: calls.managerId, hash: calls.recordingSha256, mime: calls.recordingMime, raw: calls.rawMetadata }).from(calls)
    .where(and(eq(calls.id, callId), eq(calls.companyId, actor.companyId))).limit(1))[0]);
  if (!call) throw notFound('Call');
  if (actor.kind === 'user' && actor.role === 'manager' && call.managerId !== actor.userId) throw notFound('Call');
  if (!call.hash) {
    // a call analysed from its transcript whose recording link could not be fetched says why
    const failed = call.raw.recordingError as { message?: string } | undefined;
    throw new AppError('call.no_recording', failed?.message
      ? `The recording could not be downloaded: ${failed.message}`
      : 'This call has no recording (it came as a transcript, or the download has not finished yet).', { status: 404 });
  }
  const store = recordingStoreFor(deps.config);
  return { stored: await store.stat(call.hash), mime: call.mime, store };
}

/** The integration a webhook names, looked up before the company is known (no tenant yet). */
export async function findIntegration(db: AppDb, integrationId: string) {
  const row = (await asSystem(db, (tx) => tx.select().from(integrations).where(eq(integrations.id, integrationId)).limit(1)))[0];
  if (!row || !row.enabled) throw new AppError('integration.not_found', 'No such telephony integration, or it is disabled; check the webhook URL in the integration settings.', { status: 404 });
  return row;
}

/**
 * A recording that arrives after its call (Asterisk folder after the CDR, Zadarma's record
 * event): stored and attached once; the call then continues to transcription.
 */
export async function attachRecording(deps: IngestDeps, companyId: string, callId: string, recording: RecordingInput): Promise<IngestResult> {
  const jobs = requireJobs(deps);
  const checked = await validateRecording(recording);
  const stored = await recordingStoreFor(deps.config).save(recording.path, { extension: checked.extension });
  return withTenant(deps.db, companyId, async (tx) => {
    const { call, hasTranscript } = await loadCall(tx, companyId, callId);
    if (call.recordingSha256) return { id: callId, status: call.status, duplicate: true };
    await tx.update(calls).set({
      recordingSha256: stored.hash, recordingBytes: stored.size, recordingEncrypted: stored.encrypted, recordingMime: recording.mime ?? null,
      durationSeconds: call.durationSeconds ?? Math.round(checked.durationSec), errorCode: call.status === 'unassigned' ? call.errorCode : null,
      errorMessage: call.status === 'unassigned' ? call.errorMessage : null, updatedAt: new Date(),
    }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId)));
    const next = nextStep({ hasManager: call.managerId !== null, hasTranscript, hasRecording: true });
    if (call.status === 'received' && next.job) await sendStep(jobs, tx, next.job, companyId, callId, 'attached');
    return { id: callId, status: call.status, duplicate: false };
  });
}

export const INTEGRATION_KINDS = ['generic', 'asterisk', 'zadarma', 'mango'] as const;

export interface IntegrationInput {
  kind: (typeof INTEGRATION_KINDS)[number];
  name: string;
  managerChannel?: 'left' | 'right';
  config?: Record<string, unknown>;
  /** Zadarma: the API secret from the personal account (it also signs the notifications); Mango Office: the signing key (API salt) */
  secret?: string;
}

/** Creates a telephony integration; a generic one gets a random HMAC secret, shown only now. */
export async function createIntegration(db: AppDb, actor: Actor, input: IntegrationInput): Promise<{ integration: IntegrationView; secret: string | null }> {
  requireRole(actor, INGEST_ROLES);
  if (input.kind === 'mango' && (!input.secret || typeof input.config?.apiKey !== 'string')) {
    throw new AppError('integration.mango_credentials', 'A Mango Office integration needs the PBX\'s unique code (config.apiKey) and its signing key (secret); both are in Mango → Integrations → API connector.', { status: 422 });
  }
  const secret = input.secret ?? (input.kind === 'asterisk' ? null : randomBytes(32).toString('hex'));
  const row = await withTenant(db, actor.companyId, async (tx) => {
    const [created] = await tx.insert(integrations).values({ companyId: actor.companyId, kind: input.kind, name: input.name, secret, config: input.config ?? {}, managerChannel: input.managerChannel ?? 'left' }).returning();
    if (!created) throw new AppError('integration.not_created', 'The integration could not be saved; try again.', { status: 500 });
    await recordAudit(tx, { companyId: actor.companyId, action: 'integration.created', actor, details: { integrationId: created.id, kind: created.kind, name: created.name } });
    return created;
  });
  return { integration: integrationView(row), secret };
}

export interface IntegrationView {
  id: string;
  kind: string;
  name: string;
  managerChannel: 'left' | 'right';
  config: Record<string, unknown>;
  enabled: boolean;
  webhookPath: string | null;
  createdAt: Date;
}

function integrationView(row: typeof integrations.$inferSelect): IntegrationView {
  // Mango appends the event's path (events/summary, …) to the address it is given
  const webhookPath = row.kind === 'generic' ? `/api/v1/webhooks/telephony/${row.id}` : row.kind === 'zadarma' ? `/api/v1/webhooks/zadarma/${row.id}` : row.kind === 'mango' ? `/api/v1/webhooks/mango/${row.id}/` : null;
  return { id: row.id, kind: row.kind, name: row.name, managerChannel: row.managerChannel, config: row.config, enabled: row.enabled, webhookPath, createdAt: row.createdAt };
}

export async function listIntegrations(db: AppDb, actor: Actor): Promise<IntegrationView[]> {
  requireRole(actor, INGEST_ROLES);
  const rows = await withTenant(db, actor.companyId, (tx) => tx.select().from(integrations).where(eq(integrations.companyId, actor.companyId)).orderBy(integrations.createdAt));
  return rows.filter((row) => (INTEGRATION_KINDS as readonly string[]).includes(row.kind)).map(integrationView);
}

export interface CdrImportResult {
  created: number;
  duplicates: number;
  skipped: number;
  calls: { externalId: string; id: string; status: string; hasRecording: boolean }[];
  errors: { line: number; message: string }[];
}

/**
 * Asterisk Master.csv: each answered external call becomes a call keyed by its uniqueid (so a
 * re-import adds nothing). Recordings sent along are matched by the uniqueid in their file name;
 * the others arrive later from the recordings folder watcher.
 */
export async function importAsteriskCdr(deps: IngestDeps, actor: Actor, integrationId: string, csv: string, recordings: (RecordingInput & { fileName: string })[]): Promise<CdrImportResult> {
  requireIngestor(actor);
  const integration = await withTenant(deps.db, actor.companyId, async (tx) => (await tx.select().from(integrations)
    .where(and(eq(integrations.id, integrationId), eq(integrations.companyId, actor.companyId))).limit(1))[0]);
  if (!integration) throw notFound('Integration');
  if (integration.kind !== 'asterisk') throw new AppError('integration.wrong_kind', `This is a ${integration.kind} integration; CDR files are imported into an Asterisk integration.`, { status: 409 });
  const offset = typeof integration.config.utcOffsetMinutes === 'number' ? integration.config.utcOffsetMinutes : 0;
  const parsed = parseCdrCsv(csv, { utcOffsetMinutes: offset });
  const result: CdrImportResult = { created: 0, duplicates: 0, skipped: 0, calls: [], errors: [...parsed.errors] };
  for (const record of parsed.records) {
    const cdr = cdrToCall(record);
    if (!cdr.answered || cdr.direction === 'internal') {
      result.skipped++;
      continue;
    }
    const recording = recordings.find((file) => matchRecordingToCdr(file.fileName, [record]) !== undefined);
    try {
      const call = await ingestCall(deps, {
        companyId: actor.companyId, source: 'asterisk', integrationId, externalId: cdr.externalId, direction: cdr.direction,
        managerExtension: cdr.managerExtension, clientPhone: cdr.clientPhone, startedAt: cdr.startedAt, durationSeconds: cdr.duration,
        ...(recording ? { recording } : { pendingRecording: { asteriskUniqueid: record.uniqueid } }),
        rawMetadata: { cdr: { ...record } },
      });
      if (call.duplicate) result.duplicates++;
      else result.created++;
      result.calls.push({ externalId: cdr.externalId, id: call.id, status: call.status, hasRecording: recording !== undefined });
    } catch (error) {
      result.errors.push({ line: record.line, message: error instanceof AppError ? error.message : String(error) });
    }
  }
  return result;
}
