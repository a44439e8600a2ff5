// Where to download a call's recording from: a URL the PBX sent, or a link asked from the cloud
// PBX's API right before the download (Zadarma and Mango Office links are temporary).
import { and, eq } from 'drizzle-orm';
import type { AppDb } from '../db/database.ts';
import { integrations } from '../db/schema/calls.ts';
import { withTenant } from '../db/tenant.ts';
import { AppError } from '../domain/errors.ts';
import { createMangoClient } from '../integrations/telephony/mango/mango-api-client.ts';
import { createZadarmaClient } from '../integrations/telephony/zadarma/zadarma-api-client.ts';

/** raw_metadata.pendingRecording: what a way in left for the call.ingest job to download. */
export interface PendingRecording {
  url?: string;
  zadarmaCallId?: string;
  /** the Asterisk recordings folder watcher attaches the file */
  asteriskUniqueid?: string;
  /** Mango Office: the call's entry_id until record/added brings the recording id */
  mangoEntryId?: string;
  mangoRecordingId?: string;
}

/** 'waiting' when another event or watcher will bring the recording; undefined when there is nothing to fetch. */
export async function recordingLink(db: AppDb, companyId: string, integrationId: string | null, pending: PendingRecording): Promise<string | 'waiting' | undefined> {
  if (pending.url) return pending.url;
  if (pending.asteriskUniqueid || (pending.mangoEntryId && !pending.mangoRecordingId)) return 'waiting';
  if (!pending.zadarmaCallId && !pending.mangoRecordingId) return undefined;
  const integration = integrationId
    ? (await withTenant(db, companyId, (tx) => tx.select().from(integrations).where(and(eq(integrations.id, integrationId), eq(integrations.companyId, companyId))).limit(1)))[0]
    : undefined;
  const apiKey = typeof integration?.config.apiKey === 'string' ? integration.config.apiKey : undefined;
  const baseUrl = typeof integration?.config.apiBaseUrl === 'string' ? { baseUrl: integration.config.apiBaseUrl } : {};
  if (pending.zadarmaCallId) {
    if (!integration?.secret || !apiKey) throw new AppError('zadarma.not_configured', 'The Zadarma integration has no API key; add the key and secret from the Zadarma personal account (Settings → API) to the integration.', { status: 422 });
    const links = await createZadarmaClient({ key: apiKey, secret: integration.secret, ...baseUrl }).requestRecord({ callId: pending.zadarmaCallId, lifetimeSec: 3600 });
    return links.link ?? links.links?.[0];
  }
  if (!integration?.secret || !apiKey) throw new AppError('mango.not_configured', 'The Mango Office integration has no unique code or signing key; copy both from Mango → Integrations → API connector into the integration.', { status: 422 });
  return createMangoClient({ apiKey, salt: integration.secret, ...baseUrl }).recordingLink(pending.mangoRecordingId!);
}
