// Mango Office events become calls. A call has two events whose order is not guaranteed: the
// summary (who, when, whether a talk happened) and record/added (the recording's id). Whichever
// comes first creates the call, keyed by Mango's entry_id; the other completes it. A recording
// that came first leaves a call without a manager until its summary arrives, which then fills in
// the people and runs the intake again.
import { and, eq, sql } from 'drizzle-orm';
import { calls, type integrations } from '../db/schema/calls.ts';
import { withTenant } from '../db/tenant.ts';
import type { MangoEvent } from '../integrations/telephony/mango/mango-webhook.ts';
import { ingestCall, sendStep, type IngestDeps } from './ingest.service.ts';

type Integration = typeof integrations.$inferSelect;
type CallEnded = Extract<MangoEvent, { kind: 'call_ended' }>;
type RecordAdded = Extract<MangoEvent, { kind: 'record_added' }>;

export interface MangoAnswer {
  ok: true;
  id?: string;
  status?: string;
  duplicate?: boolean;
  ignored?: string;
}

export async function receiveMangoEvent(deps: IngestDeps, integration: Integration, event: MangoEvent): Promise<MangoAnswer> {
  if (event.kind === 'ignored') return { ok: true, ignored: event.reason };
  if (event.kind === 'call_ended') return callEnded(deps, integration, event);
  return recordAdded(deps, integration, event);
}

async function callEnded(deps: IngestDeps, integration: Integration, event: CallEnded): Promise<MangoAnswer> {
  if (!event.answered) return { ok: true, ignored: 'no conversation (missed, or ended in the voice menu)' };
  const call = await ingestCall(deps, {
    companyId: integration.companyId, source: 'mango', integrationId: integration.id, externalId: event.entryId, direction: event.direction,
    managerExtension: event.managerExtension, clientPhone: event.clientPhone, startedAt: event.startedAt, durationSeconds: event.durationSeconds,
    pendingRecording: { mangoEntryId: event.entryId }, rawMetadata: { mango: { summary: event.raw } },
  });
  if (call.duplicate) await addSummary(deps, integration.companyId, call.id, event);
  return { ok: true, id: call.id, status: call.status, duplicate: call.duplicate };
}

/** The summary of a call its recording created: fill in the people and complete the intake again. */
async function addSummary(deps: IngestDeps, companyId: string, callId: string, event: CallEnded): Promise<void> {
  await withTenant(deps.db, companyId, async (tx) => {
    const call = (await tx.select().from(calls).where(and(eq(calls.id, callId), eq(calls.companyId, companyId))).for('update'))[0];
    const mango = (call?.rawMetadata.mango ?? {}) as Record<string, unknown>;
    if (!call || mango.summary) return; // a redelivered summary
    await tx.update(calls).set({
      managerExtension: event.managerExtension, clientPhone: event.clientPhone, direction: event.direction, startedAt: event.startedAt, durationSeconds: event.durationSeconds,
      ...(call.status === 'unassigned' ? { status: 'received' as const, errorCode: null, errorMessage: null } : {}), updatedAt: new Date(),
      rawMetadata: sql`${calls.rawMetadata} || ${JSON.stringify({ mango: { ...mango, summary: event.raw }, intakePending: { managerId: null } })}::jsonb`,
    }).where(and(eq(calls.id, callId), eq(calls.companyId, companyId)));
    if (deps.jobs) await sendStep(deps.jobs, tx, 'call.ingest', companyId, callId, 'mango-summary');
  });
}

async function recordAdded(deps: IngestDeps, integration: Integration, event: RecordAdded): Promise<MangoAnswer> {
  const companyId = integration.companyId;
  const existing = await withTenant(deps.db, companyId, async (tx) => (await tx.select({ id: calls.id }).from(calls)
    .where(and(eq(calls.companyId, companyId), eq(calls.integrationId, integration.id), eq(calls.externalId, event.entryId))).limit(1))[0]);
  if (!existing) {
    const call = await ingestCall(deps, {
      companyId, source: 'mango', integrationId: integration.id, externalId: event.entryId,
      pendingRecording: { mangoEntryId: event.entryId, mangoRecordingId: event.recordingId }, rawMetadata: { mango: { recordAdded: event.raw } },
    });
    if (!call.duplicate) return { ok: true, id: call.id, status: call.status, duplicate: false };
  }
  // the call exists (its summary came first, or at the same moment): fetch the recording now
  return withTenant(deps.db, companyId, async (tx) => {
    const call = (await tx.select().from(calls).where(and(eq(calls.companyId, companyId), eq(calls.integrationId, integration.id), eq(calls.externalId, event.entryId))).for('update'))[0]!;
    const pending = (call.rawMetadata.pendingRecording ?? {}) as Record<string, unknown>;
    if (call.recordingSha256 || pending.mangoRecordingId === event.recordingId) return { ok: true as const, id: call.id, status: call.status, duplicate: true };
    await tx.update(calls).set({ rawMetadata: sql`${calls.rawMetadata} || ${JSON.stringify({ pendingRecording: { ...pending, mangoRecordingId: event.recordingId } })}::jsonb`, updatedAt: new Date() })
      .where(and(eq(calls.id, call.id), eq(calls.companyId, companyId)));
    if (deps.jobs) await sendStep(deps.jobs, tx, 'call.ingest', companyId, call.id, `mango-record-${event.recordingId}`);
    return { ok: true as const, id: call.id, status: call.status, duplicate: false };
  });
}
