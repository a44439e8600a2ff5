// The ingestion part of the pipeline as durable job handlers:
//   call.intake     the calls accepted in one transaction: complete each one's intake
//                   (src/calls/call-intake.ts: manager, client, a transcript sent with the call)
//                   in its own transaction, and queue call.ingest for one that only came with a link
//   call.ingest     download a recording the PBX only linked to (URL, Zadarma record id) — for
//                   transcription, or for the player — after completing the intake if still due
//   call.transcribe decode, split the stereo channels, STT per channel, save the transcript
//   call.analyse    the read side's analyseCall (src/calls/analyse-call.ts)
// Each handler is idempotent: it reads what is already done (stored recording, saved transcript)
// before doing anything, so a worker killed mid-job and a re-run leave one result. Retryable
// errors are rethrown for the queue's backoff; the last attempt and non-retryable errors leave the
// call `failed` with what happened and what to do — the recording is always kept.
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { and, eq, sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { AppDb } from '../db/database.ts';
import { calls, integrations, transcripts } from '../db/schema/calls.ts';
import { asSystem, withTenant, type Tx } from '../db/tenant.ts';
import { AppError } from '../domain/errors.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { prepareRecording } from '../audio/audio-decode.ts';
import { transcribePreparedRecording } from '../audio/recording-transcriber.ts';
import type { SpeechToText } from '../providers/stt/stt-port.ts';
import { createSpeechToTextFromConfig } from '../providers/stt/stt-from-config.ts';
import { createAnalysisEngine } from '../analysis/engine-registry.ts';
import { fetchRecording } from '../integrations/telephony/generic/recording-fetcher.ts';
import { watchRecordingsFolder, type RecordingsWatcher } from '../integrations/telephony/asterisk/recordings-folder-watcher.ts';
import type { JobContext, JobQueue } from '../jobs/job-queue.ts';
import { analyseCall } from './analyse-call.ts';
import { attachRecording, ingestCall, nextStep, recordingStoreFor, sendStep, validateRecording, type JobSender } from './ingest.service.ts';
import { completeIntake } from './call-intake.ts';
import { recordingLink, type PendingRecording } from './pbx-recording-links.ts';

export interface IngestionHandlerDeps {
  db: AppDb;
  config: Config;
  /** default: from config (MENTOR_STT…), created on first use */
  stt?: SpeechToText;
  analysisEngine?: CallAnalysisEngine;
  /** recording downloads; default 2 minutes */
  fetchTimeoutMs?: number;
  /** what follows a successful analysis (the win-back recommendation or the follow-up check) */
  onAnalysed?: (companyId: string, callId: string) => Promise<unknown>;
}

type Payload = { companyId: string; callId: string };
type BatchPayload = { companyId: string; callIds: string[] };
type CallRow = typeof calls.$inferSelect;

export function registerIngestionHandlers(queue: JobQueue, deps: IngestionHandlerDeps): void {
  let stt = deps.stt;
  let engine = deps.analysisEngine;
  const sttOf = (): SpeechToText => (stt ??= createSpeechToTextFromConfig(deps.config));
  const engineOf = (): CallAnalysisEngine => (engine ??= createAnalysisEngine(deps.config));
  queue.work('call.intake', (payload, job) => intakeStep(deps, queue, payload, job));
  queue.work('call.ingest', (payload, job) => ingestStep(deps, queue, payload, job));
  queue.work('call.transcribe', (payload, job) => guarded(deps.db, payload, job, 'transcription', () => transcribeCall(deps, queue, sttOf, payload)));
  queue.work('call.analyse', async (payload) => {
    // analyseCall leaves `failed` + reason on the call itself and rethrows what a retry may fix
    const result = await analyseCall(deps.db, engineOf(), payload.companyId, payload.callId);
    const next = result.status === 'analysed' && deps.onAnalysed ? await deps.onAnalysed(payload.companyId, payload.callId) : null;
    return { status: result.status, next };
  });
}

/** Runs a step; turns its errors into a visible call state and the queue's retry decision. */
async function guarded<T>(db: AppDb, payload: Payload, job: JobContext, step: string, work: () => Promise<T>): Promise<T | { failed: string }> {
  try {
    return await work();
  } catch (error) {
    const appError = error instanceof AppError ? error : null;
    const retryable = appError ? appError.retryable : true; // an unexpected crash may be transient
    const code = appError?.code ?? 'internal';
    const message = appError?.message ?? `The ${step} failed unexpectedly (${(error as Error)?.message ?? String(error)}).`;
    if (retryable && job.attempt <= job.retryLimit) {
      await setState(db, payload, { errorCode: code, errorMessage: `${message} Attempt ${job.attempt} of ${job.retryLimit + 1}; Mentor retries automatically.` });
      throw error;
    }
    const advice = retryable ? ' All automatic retries were used; fix the cause and press Retry.' : ' The recording is kept; press Retry once the cause is fixed.';
    await setState(db, payload, { status: 'failed', errorCode: code, errorMessage: `${message}${message.includes('Retry') ? '' : advice}` });
    return { failed: code };
  }
}

async function setState(db: AppDb, payload: Payload, values: { status?: 'failed' | 'transcribing' | 'received'; errorCode: string | null; errorMessage: string | null }): Promise<void> {
  await withTenant(db, payload.companyId, (tx) => tx.update(calls).set({ ...values, updatedAt: new Date() })
    .where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId))));
}

async function lockCall(tx: Tx, payload: Payload) {
  return (await tx.select().from(calls).where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId))).for('update'))[0];
}

async function hasTranscript(tx: Tx, payload: Payload): Promise<boolean> {
  return (await tx.select({ id: transcripts.callId }).from(transcripts).where(and(eq(transcripts.callId, payload.callId), eq(transcripts.companyId, payload.companyId))).limit(1)).length > 0;
}

/** A recording the PBX only linked to, still to be fetched. */
const awaitsDownload = (call: CallRow): boolean => !call.recordingSha256 && Boolean(call.rawMetadata.pendingRecording);

/**
 * call.intake: completes the intake of each call accepted together, one transaction per call, so
 * one that fails fails alone — it shows its error, and on the last attempt `failed` — while the
 * others go on. A retry of the job finds the completed calls done and passes over them.
 */
async function intakeStep(deps: IngestionHandlerDeps, jobs: JobSender, payload: BatchPayload, job: JobContext): Promise<unknown> {
  let again: unknown = null;
  const outcome = { completed: 0, downloads: 0, failed: 0, retried: 0 };
  for (const callId of payload.callIds) {
    const one = { companyId: payload.companyId, callId };
    try {
      const intake = await guarded(deps.db, one, job, 'intake', () => withTenant(deps.db, one.companyId, async (tx) => {
        const done = await completeIntake(tx, jobs, one.companyId, callId);
        // queued with the completion, in its transaction: a crash in between leaves neither
        if (done?.completed && awaitsDownload(done.call)) await sendStep(jobs, tx, 'call.ingest', one.companyId, callId, 'ingest');
        return done;
      }));
      if (intake && 'failed' in intake) outcome.failed++;
      else if (intake?.completed) {
        outcome.completed++;
        if (awaitsDownload(intake.call)) outcome.downloads++;
      }
    } catch (error) {
      outcome.retried++;
      again = error;
    }
  }
  if (again) throw new AppError('call.intake_retry', `${outcome.retried} of ${payload.callIds.length} calls could not be taken in yet; the job is retried.`, { retryable: true, cause: again });
  return outcome;
}

/**
 * call.ingest: completes the call's intake if still due (a retry from the call page, a recording
 * event), then fetches a recording the PBX only linked to.
 */
async function ingestStep(deps: IngestionHandlerDeps, jobs: JobSender, payload: Payload, job: JobContext): Promise<unknown> {
  const intake = await guarded(deps.db, payload, job, 'intake', () => withTenant(deps.db, payload.companyId, (tx) => completeIntake(tx, jobs, payload.companyId, payload.callId)));
  if (!intake) return { skipped: 'call deleted' };
  if ('failed' in intake) return intake;
  const { call, hasTranscript, queued } = intake;
  if (!awaitsDownload(call)) return { queued };
  // with a transcript the analysis needs no audio: the recording is for the player
  if (hasTranscript) return { queued, ...await fetchForPlayer(deps, payload, job, call) };
  return guarded(deps.db, payload, job, 'download', () => downloadRecording(deps, jobs, payload, call));
}

/** Fetches the recording the PBX linked to, stores it, continues with transcription. */
async function downloadRecording(deps: IngestionHandlerDeps, jobs: JobSender, payload: Payload, call: CallRow): Promise<unknown> {
  // the recordings folder watcher attaches Asterisk files when MixMonitor has finished them
  if ((await storeLinkedRecording(deps, payload, call)) === 'waiting') return { waiting: 'recording file from the Asterisk folder' };
  return withTenant(deps.db, payload.companyId, async (tx) => {
    const current = await lockCall(tx, payload);
    if (!current || current.status !== 'received' || !current.managerId) return { stored: true, next: null };
    const next = nextStep({ hasManager: true, hasTranscript: await hasTranscript(tx, payload), hasRecording: true });
    if (next.job) await sendStep(jobs, tx, next.job, payload.companyId, payload.callId, 'downloaded');
    return { stored: true, next: next.job };
  });
}

/**
 * call.ingest for a call that came with its transcript: the analysis needs no audio, the
 * recording is for the player. A failed download is noted on the call (raw metadata
 * `recordingError`) and retried, but never turns an analysed call into a failed one.
 */
async function fetchForPlayer(deps: IngestionHandlerDeps, payload: Payload, job: JobContext, call: CallRow): Promise<object> {
  try {
    return { stored: await storeLinkedRecording(deps, payload, call), forPlayer: true };
  } catch (error) {
    const appError = error instanceof AppError ? error : null;
    const retryable = appError ? appError.retryable : true;
    const recordingError = { code: appError?.code ?? 'internal', message: appError?.message ?? `The recording download failed unexpectedly (${(error as Error)?.message ?? String(error)}).`, attempt: job.attempt };
    await withTenant(deps.db, payload.companyId, (tx) => tx.update(calls).set({ rawMetadata: sql`${calls.rawMetadata} || ${JSON.stringify({ recordingError })}::jsonb`, updatedAt: new Date() })
      .where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId))));
    if (retryable && job.attempt <= job.retryLimit) throw error;
    return { failed: recordingError.code, forPlayer: true };
  }
}

/** Downloads the recording a call links to and attaches it; 'waiting' when a watcher will attach it. */
async function storeLinkedRecording(deps: IngestionHandlerDeps, payload: Payload, call: CallRow): Promise<'stored' | 'waiting'> {
  const url = await recordingLink(deps.db, payload.companyId, call.integrationId, (call.rawMetadata.pendingRecording ?? {}) as PendingRecording);
  if (url === 'waiting') return 'waiting';
  if (!url) throw new AppError('call.no_recording', 'The call has neither a recording nor a link to one; send the recording with POST /api/v1/calls.', { status: 422 });
  const fetched = await fetchRecording(url, { timeoutMs: deps.fetchTimeoutMs ?? 120_000, maxBytes: deps.config.maxUploadBytes, tempRoot: await tempRoot(deps.config) });
  try {
    const extension = new URL(url).pathname.match(/\.([a-z0-9]{1,5})$/i)?.[1];
    const checked = await validateRecording({ path: fetched.path, ...(extension ? { fileName: `recording.${extension}` } : {}) });
    const stored = await recordingStoreFor(deps.config).save(fetched.path, { extension: checked.extension });
    // only a call waiting for this download shows the download's own retry messages; an
    // unassigned call keeps its reason, a transcribed one its analysis state
    const clearError = call.status === 'received';
    await withTenant(deps.db, payload.companyId, (tx) => tx.update(calls).set({
      recordingSha256: stored.hash, recordingBytes: stored.size, recordingEncrypted: stored.encrypted, recordingMime: fetched.contentType ?? null,
      durationSeconds: call.durationSeconds ?? Math.round(checked.durationSec), ...(clearError ? { errorCode: null, errorMessage: null } : {}), updatedAt: new Date(),
      rawMetadata: sql`${calls.rawMetadata} - 'recordingError'`,
    }).where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId))));
    return 'stored';
  } finally {
    await fetched.cleanup();
  }
}

async function tempRoot(config: Config): Promise<string> {
  const root = join(config.dataDir, 'tmp');
  await mkdir(root, { recursive: true });
  return root;
}

/** call.transcribe: recording → per-channel STT → transcript; then call.analyse. */
async function transcribeCall(deps: IngestionHandlerDeps, jobs: JobSender, sttOf: () => SpeechToText, payload: Payload): Promise<unknown> {
  const start = await withTenant(deps.db, payload.companyId, async (tx) => {
    const call = await lockCall(tx, payload);
    if (!call) return { done: 'call deleted' } as const;
    if (await hasTranscript(tx, payload)) {
      // a run killed after saving the transcript: finish its last step only
      if (call.status === 'received' || call.status === 'transcribing') {
        await tx.update(calls).set({ status: 'transcribed', errorCode: null, errorMessage: null, updatedAt: new Date() }).where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId)));
        await sendStep(jobs, tx, 'call.analyse', payload.companyId, payload.callId, 'transcribed');
      }
      return { done: 'already transcribed' } as const;
    }
    if (!call.managerId || call.status === 'unassigned') return { done: 'unassigned' } as const;
    if (!call.recordingSha256) throw new AppError('call.no_recording', 'The call has no recording to transcribe; upload one, or a transcript.', { status: 422 });
    await tx.update(calls).set({ status: 'transcribing', updatedAt: new Date() }).where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId)));
    const channel = call.integrationId
      ? (await tx.select({ managerChannel: integrations.managerChannel }).from(integrations).where(and(eq(integrations.id, call.integrationId), eq(integrations.companyId, payload.companyId))).limit(1))[0]?.managerChannel
      : undefined;
    const language = typeof call.rawMetadata.language === 'string' ? call.rawMetadata.language : undefined;
    return { hash: call.recordingSha256, managerChannel: channel ?? 'left', language, hadDuration: call.durationSeconds !== null } as const;
  });
  if ('done' in start) return { skipped: start.done };

  const store = recordingStoreFor(deps.config);
  const workDir = await mkdtemp(join(await tempRoot(deps.config), 'transcribe-'));
  try {
    const stored = await store.stat(start.hash);
    const source = join(workDir, `recording.${stored.extension}`);
    await pipeline(await store.open(start.hash), createWriteStream(source));
    const prepared = await prepareRecording(source, workDir, { managerChannel: start.managerChannel });
    const result = await transcribePreparedRecording(sttOf(), prepared, start.language ? { language: start.language } : {});
    await withTenant(deps.db, payload.companyId, async (tx) => {
      const call = await lockCall(tx, payload);
      if (!call) return;
      await tx.insert(transcripts).values({
        callId: payload.callId, companyId: payload.companyId, language: result.transcript.language, turns: result.transcript.turns,
        source: 'stt', sttProvider: `${result.engine.provider}:${result.engine.model}`,
      }).onConflictDoNothing();
      const warnings = result.warnings.length ? { sttWarnings: result.warnings } : {};
      await tx.update(calls).set({
        status: 'transcribed', errorCode: null, errorMessage: null, updatedAt: new Date(),
        ...(start.hadDuration ? {} : { durationSeconds: Math.round(prepared.info.durationSec) }),
        rawMetadata: sql`${calls.rawMetadata} || ${JSON.stringify(warnings)}::jsonb`,
      }).where(and(eq(calls.id, payload.callId), eq(calls.companyId, payload.companyId)));
      await sendStep(jobs, tx, 'call.analyse', payload.companyId, payload.callId, 'transcribed');
    });
    return { turns: result.transcript.turns.length, warnings: result.warnings.length };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export interface AsteriskWatchers {
  close(): Promise<void>;
}

/**
 * Worker-side: watches the recordings folder of every Asterisk integration that has
 * `config.recordingsDir`. A finished file is attached to the call its uniqueid names (from the
 * CDR import), or becomes a new call from what its file name tells.
 */
export async function startAsteriskWatchers(deps: { db: AppDb; config: Config; jobs: JobSender; log?: (message: string, fields: Record<string, unknown>) => void; pollIntervalMs?: number }): Promise<AsteriskWatchers> {
  const rows = await asSystem(deps.db, (tx) => tx.select().from(integrations).where(and(eq(integrations.kind, 'asterisk'), eq(integrations.enabled, true))));
  const log = deps.log ?? ((message, fields) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields })));
  const watchers: RecordingsWatcher[] = [];
  for (const integration of rows) {
    const dir = integration.config.recordingsDir;
    if (typeof dir !== 'string' || dir === '') continue;
    const ingestDeps = { db: deps.db, config: deps.config, jobs: deps.jobs };
    watchers.push(await watchRecordingsFolder({
      dir, ...(deps.pollIntervalMs ? { pollIntervalMs: deps.pollIntervalMs } : {}),
      onError: (error) => log('asterisk recordings folder', { integrationId: integration.id, companyId: integration.companyId, error: (error as Error)?.message }),
      onRecording: async (file) => {
        const recording = { path: file.path, fileName: file.path.split(/[\\/]/).pop() ?? 'recording.wav' };
        try {
          const externalId = file.uniqueid;
          const existing = externalId
            ? (await withTenant(deps.db, integration.companyId, (tx) => tx.select({ id: calls.id }).from(calls).where(and(eq(calls.companyId, integration.companyId), eq(calls.integrationId, integration.id), eq(calls.externalId, externalId))).limit(1)))[0]
            : undefined;
          if (existing) await attachRecording(ingestDeps, integration.companyId, existing.id, recording);
          else {
            const outbound = file.kind === 'out';
            await ingestCall(ingestDeps, {
              companyId: integration.companyId, source: 'asterisk', integrationId: integration.id, externalId: externalId ?? recording.fileName,
              direction: outbound ? 'outbound' : file.kind === 'in' ? 'inbound' : 'unknown',
              managerExtension: (outbound ? file.src : file.dst) ?? null, clientPhone: (outbound ? file.dst : file.src) ?? null,
              recording, rawMetadata: { file: { name: recording.fileName, size: file.size, kind: file.kind } },
            });
          }
        } catch (error) {
          log('asterisk recording not ingested', { integrationId: integration.id, companyId: integration.companyId, file: recording.fileName, error: (error as Error)?.message });
        }
      },
    }));
  }
  return { close: async () => { await Promise.all(watchers.map((watcher) => watcher.close())); } };
}
