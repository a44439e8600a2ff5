// Taking calls in, in two halves.
//   accept (writeCalls): the request path. One transaction per group of calls of one company,
//     with the same three statements whatever the group's size: insert the calls as `received`
//     with everything that arrived kept in raw_metadata (a redelivery of the same integration +
//     external id hits the unique index and answers with the existing call), and one call.intake
//     job naming the group's new calls. The HTTP ways in share one CallIntake per process (group
//     commit, src/db/group-commit.ts): each request is answered after its call has committed.
//   complete (completeIntake): the call.intake job (and call.ingest before a download) runs it,
//     once per call — match the manager and the client, import a transcript that came with the
//     call, set the status (`unassigned` when no manager is known) and queue the next step.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { AppDb, Database } from '../db/database.ts';
import { bulkInsertIgnoringConflicts } from '../db/bulk-insert.ts';
import { GroupCommit } from '../db/group-commit.ts';
import { calls, transcripts } from '../db/schema/calls.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import { AppError } from '../domain/errors.ts';
import type { StoredRecording } from '../audio/recording-store.ts';
import { drizzleExecutor } from '../jobs/boss-factory.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { matchClients, matchManagers } from './call-matching.ts';
import { importTranscript } from './transcript-import/transcript-import.ts';

export type JobSender = Pick<JobQueue, 'send' | 'sendMany'>;
export type Step = 'call.ingest' | 'call.transcribe' | 'call.analyse';

/** A transcript that came with the call, kept as sent; checked at the door, imported by call.ingest. */
export interface TranscriptImport {
  content: string;
  fileName?: string;
}

/** A call that passed every check of its way in and only has to be written. */
export interface PreparedCall {
  companyId: string;
  source: string;
  integrationId: string | null;
  externalId: string | null;
  direction: 'inbound' | 'outbound' | 'unknown';
  managerExtension: string | null;
  managerId: string | null;
  clientPhone: string | null;
  startedAt?: Date;
  durationSeconds: number | null;
  transcript: TranscriptImport | null;
  recording: (StoredRecording & { mime: string | null }) | null;
  /** a recording still to download (URL, Zadarma record id, Asterisk file) */
  pendingRecording: Record<string, unknown> | null;
  language?: string;
  rawMetadata: Record<string, unknown>;
}

export interface IngestResult {
  id: string;
  status: string;
  duplicate: boolean;
}

/** raw_metadata.intakePending: set when a call is accepted, removed by completeIntake. */
interface IntakePending {
  managerId: string | null;
}

export function nextStep(state: { hasManager: boolean; hasTranscript: boolean; hasRecording: boolean }): { status: 'unassigned' | 'received' | 'transcribed'; job: Step | null } {
  // a recording link is fetched even for an unassigned call: PBX links expire within hours
  if (!state.hasTranscript && !state.hasRecording) return { status: state.hasManager ? 'received' : 'unassigned', job: 'call.ingest' };
  if (!state.hasManager) return { status: 'unassigned', job: null };
  if (state.hasTranscript) return { status: 'transcribed', job: 'call.analyse' };
  return { status: 'received', job: 'call.transcribe' };
}

const keyOf = (call: { integrationId: string | null; externalId: string | null }): string | null => (call.externalId ? `${call.integrationId ?? ''}\u0000${call.externalId}` : null);

function rowOf(call: PreparedCall, companyId: string) {
  const pending: IntakePending = { managerId: call.managerId };
  return {
    id: randomUUID(), companyId, integrationId: call.integrationId, externalId: call.externalId, source: call.source, direction: call.direction,
    managerExtension: call.managerExtension, clientPhone: call.clientPhone, startedAt: call.startedAt ?? new Date(), durationSeconds: call.durationSeconds,
    status: 'received' as const,
    recordingSha256: call.recording?.hash ?? null, recordingMime: call.recording?.mime ?? null, recordingBytes: call.recording?.size ?? null, recordingEncrypted: call.recording?.encrypted ?? false,
    rawMetadata: {
      ...call.rawMetadata, intakePending: pending,
      ...(call.transcript ? { transcriptImport: call.transcript } : {}),
      ...(call.pendingRecording ? { pendingRecording: call.pendingRecording } : {}),
      ...(call.language ? { language: call.language } : {}),
    },
  };
}

/** Accepts calls of one company inside `tx`; one result per call, in order. */
export async function writeCalls(tx: Tx, jobs: JobSender, companyId: string, group: readonly PreparedCall[]): Promise<IngestResult[]> {
  // the same delivery twice in one group: the later copies answer with the first one's call
  const firstOf = new Map<string, number>();
  const leaderOf = group.map((call, index) => {
    const key = keyOf(call);
    if (key === null) return index;
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, index);
    return first ?? index;
  });
  const results = new Array<IngestResult | undefined>(group.length);
  // with an integration the unique index catches a redelivery at the insert; without one (NULLs
  // are distinct in a unique index) only a lookup does
  const unindexed = group.filter((call, index) => leaderOf[index] === index && call.externalId && !call.integrationId);
  const known = unindexed.length === 0 ? new Map<string, IngestResult>() : await existingCalls(tx, companyId, null, unindexed.map((call) => call.externalId!));
  const fresh: { index: number; call: PreparedCall; row: ReturnType<typeof rowOf> }[] = [];
  group.forEach((call, index) => {
    if (leaderOf[index] !== index) return;
    const existing = !call.integrationId && call.externalId ? known.get(call.externalId) : undefined;
    if (existing) results[index] = existing;
    else fresh.push({ index, call, row: rowOf(call, companyId) });
  });
  // one order for every group: concurrent groups meet on the unique index in the same order (no deadlock)
  const ordered = fresh.map((entry) => entry.row).sort((a, b) => {
    const left = keyOf(a) ?? '';
    const right = keyOf(b) ?? '';
    return left < right ? -1 : left > right ? 1 : 0;
  });
  const inserted = new Set(await bulkInsertIgnoringConflicts(tx, calls, ordered, 'id') as string[]);
  const lost = fresh.filter((entry) => !inserted.has(entry.row.id));
  const winners = new Map<string, IngestResult>();
  for (const integrationId of new Set(lost.map((entry) => entry.call.integrationId))) {
    const found = await existingCalls(tx, companyId, integrationId, lost.filter((entry) => entry.call.integrationId === integrationId).map((entry) => entry.call.externalId!));
    for (const [externalId, result] of found) winners.set(keyOf({ integrationId, externalId })!, result);
  }
  for (const { index, call, row } of fresh) {
    if (inserted.has(row.id)) {
      results[index] = { id: row.id, status: 'received', duplicate: false };
      continue;
    }
    // a concurrent delivery of the same call won the unique index
    const winner = winners.get(keyOf(call)!);
    if (!winner) throw new AppError('call.conflict', 'The call could not be saved; send it again.', { status: 409, retryable: true });
    results[index] = winner;
  }
  // one first job for the whole group instead of one per call: the job rows were about a sixth of
  // the accept's database work. The calls' unique index makes it once-only (no singleton key).
  const callIds = fresh.filter((entry) => inserted.has(entry.row.id)).map((entry) => entry.row.id);
  if (callIds.length > 0) await jobs.send('call.intake', { companyId, callIds }, { tx: drizzleExecutor(tx) });
  return group.map((_, index) => {
    const leader = results[leaderOf[index]!]!;
    return leaderOf[index] === index ? leader : { id: leader.id, status: leader.status, duplicate: true };
  });
}

async function existingCalls(tx: Tx, companyId: string, integrationId: string | null, externalIds: string[]): Promise<Map<string, IngestResult>> {
  const rows = await tx.select({ id: calls.id, status: calls.status, externalId: calls.externalId }).from(calls).where(and(
    eq(calls.companyId, companyId),
    integrationId ? eq(calls.integrationId, integrationId) : isNull(calls.integrationId),
    inArray(calls.externalId, [...new Set(externalIds)]),
  ));
  return new Map(rows.map((row) => [row.externalId!, { id: row.id, status: row.status, duplicate: true }]));
}

export interface CompletedIntake {
  call: typeof calls.$inferSelect;
  hasTranscript: boolean;
  /** true when this run did the intake, false when an earlier one had */
  completed: boolean;
  /** the step queued by this completion (null when it ran before, or nothing can go on yet) */
  queued: Step | null;
}

/**
 * The accepted call's intake, finished once (inside a call.intake or call.ingest job's
 * transaction): a call a person already assigned keeps its manager. Returns null for a deleted call.
 */
export async function completeIntake(tx: Tx, jobs: JobSender, companyId: string, callId: string): Promise<CompletedIntake | null> {
  const call = (await tx.select().from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update'))[0];
  if (!call) return null;
  let hasTranscript = (await tx.select({ id: transcripts.callId }).from(transcripts).where(and(eq(transcripts.callId, callId), eq(transcripts.companyId, companyId))).limit(1)).length > 0;
  const pending = call.rawMetadata.intakePending as IntakePending | undefined;
  if (!pending) return { call, hasTranscript, completed: false, queued: null };
  const [manager] = call.managerId ? [{ managerId: call.managerId, reason: null }] : await matchManagers(tx, companyId, [{ managerId: pending.managerId, managerExtension: call.managerExtension }]);
  const [client] = await matchClients(tx, companyId, [{ phone: call.clientPhone, managerId: manager!.managerId }]);
  const imported = call.rawMetadata.transcriptImport as TranscriptImport | undefined;
  if (imported && !hasTranscript) {
    const language = typeof call.rawMetadata.language === 'string' ? call.rawMetadata.language : undefined;
    const transcript = importTranscript(imported.content, { ...(imported.fileName ? { fileName: imported.fileName } : {}), ...(language ? { language } : {}) });
    await tx.insert(transcripts).values({ callId, companyId, language: transcript.language, turns: transcript.turns, source: 'import' }).onConflictDoNothing();
    hasTranscript = true;
  }
  const next = nextStep({ hasManager: manager!.managerId !== null, hasTranscript, hasRecording: call.recordingSha256 !== null });
  const notes = [manager!.reason, client!.note].filter((note): note is string => note !== null);
  // only a call still waiting for its intake changes status (a retry or an assignment may have moved it on)
  const status = call.status === 'received' ? next.status : call.status;
  const [updated] = await tx.update(calls).set({
    managerId: manager!.managerId, clientId: client!.clientId, clientPhone: client!.phone ?? call.clientPhone, status, updatedAt: new Date(),
    ...(status === 'unassigned' ? { errorCode: 'call.unassigned', errorMessage: manager!.reason } : {}),
    rawMetadata: sql`(${calls.rawMetadata} - 'intakePending') || ${JSON.stringify(notes.length ? { notes } : {})}::jsonb`,
  }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).returning();
  // a linked recording is the caller's business (call.ingest downloads it); anything else is a job of its own
  const queued = status === next.status && next.job && next.job !== 'call.ingest' ? next.job : null;
  if (queued) await jobs.send(queued, { companyId, callId }, { tx: drizzleExecutor(tx), singletonKey: `${queued}:${callId}:ingest` });
  return { call: updated!, hasTranscript, completed: true, queued };
}

/** Text PostgreSQL refuses to store (a NUL character): the sender's data, so a 422 and not a 500. */
function unstorable(error: unknown): AppError | null {
  for (let current = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; current = current.cause as typeof current, depth++) {
    if (current.code === '22P05' || current.code === '22021') {
      return new AppError('call.invalid_text', 'The call contains a character that cannot be stored (a NUL "\\u0000" in its text or metadata); remove it and send the call again.', { status: 422, cause: error });
    }
  }
  return null;
}

/** One company's calls in one transaction. */
export async function writeCallGroup(db: AppDb, jobs: JobSender, group: readonly PreparedCall[]): Promise<IngestResult[]> {
  const companyId = group[0]!.companyId;
  try {
    return await withTenant(db, companyId, (tx) => writeCalls(tx, jobs, companyId, group));
  } catch (error) {
    throw unstorable(error) ?? error;
  }
}

export interface CallIntake {
  submit(call: PreparedCall): Promise<IngestResult>;
  stats(): { batches: number; items: number; fallbacks: number; waiting: number };
  close(): Promise<void>;
}

/** The process's group-commit accepter for calls (one per database). */
export function createCallIntake(options: { db: AppDb; jobs: JobSender; maxBatch: number; concurrency: number; maxPending?: number }): CallIntake {
  const committer = new GroupCommit<PreparedCall, IngestResult>({
    write: (group) => writeCallGroup(options.db, options.jobs, group),
    groupOf: (call) => call.companyId,
    maxBatch: options.maxBatch,
    concurrency: options.concurrency,
    maxPending: options.maxPending ?? 20_000,
  });
  return { submit: (call) => committer.submit(call), stats: () => committer.stats(), close: () => committer.close() };
}

/**
 * The intake `mentor start` uses: batches of up to `batch` calls (MENTOR_INGEST_BATCH), one
 * batch at a time (the next one fills while one is written, which keeps batches large). null
 * for a batch of 1: every call then commits on its own as it arrives.
 */
export function callIntakeFor(database: Database, jobs: JobSender, batch: number): CallIntake | null {
  if (batch <= 1) return null;
  return createCallIntake({ db: database.db, jobs, maxBatch: batch, concurrency: 1 });
}
