// Mango Office (MANGO OFFICE Virtual PBX, API v1.9) call events. The integrator enters Mentor's
// URL in the Mango personal account (Integrations → API connector); Mango appends the event's
// path and POSTs application/x-www-form-urlencoded fields `vpbx_api_key`, `sign` and `json`.
// Every request, both ways, is signed: sign = sha256(vpbx_api_key + json + vpbx_api_salt), hex
// (API §2.4.3). Mentor uses two events:
//   events/summary       (§3.1.6) the call is over: direction, who, times, whether a talk happened;
//   events/record/added  (§3.1.8) its recording is in Mango's cloud and can be downloaded by id.
// Both carry `entry_id`, the call group's id; their order is not guaranteed. Other events are
// acknowledged and ignored. An empty request is Mango's "check the connection".
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../domain/errors.ts';

export function mangoSign(apiKey: string, json: string, salt: string): string {
  return createHash('sha256').update(apiKey + json + salt, 'utf8').digest('hex');
}

/** The signed form body of a request to (or, in tests, from) Mango. */
export function mangoForm(apiKey: string, salt: string, payload: unknown): URLSearchParams {
  const json = JSON.stringify(payload);
  return new URLSearchParams({ vpbx_api_key: apiKey, sign: mangoSign(apiKey, json, salt), json });
}

const party = z.object({ extension: z.union([z.string(), z.number()]).optional(), number: z.union([z.string(), z.number()]).optional() }).partial();

const summarySchema = z.object({
  entry_id: z.string().min(1),
  call_direction: z.coerce.number().int(),
  from: party.default({}),
  to: party.default({}),
  line_number: z.union([z.string(), z.number()]).optional(),
  create_time: z.coerce.number(),
  talk_time: z.coerce.number().default(0),
  end_time: z.coerce.number(),
  entry_result: z.coerce.number().int(),
  disconnect_reason: z.coerce.number().optional(),
});

const recordAddedSchema = z.object({
  entry_id: z.string().min(1),
  recording_id: z.string().min(1),
  user_id: z.coerce.number().int().optional(),
  product_id: z.coerce.number().optional(),
  timestamp: z.coerce.number().optional(),
});

export type MangoEvent =
  | {
    kind: 'call_ended';
    entryId: string;
    direction: 'inbound' | 'outbound';
    /** a talk took place (a call that ended in the voice menu or was missed has none) */
    answered: boolean;
    managerExtension: string | null;
    clientPhone: string | null;
    startedAt: Date;
    durationSeconds: number;
    raw: Record<string, unknown>;
  }
  | { kind: 'record_added'; entryId: string; recordingId: string; raw: Record<string, unknown> }
  | { kind: 'ignored'; reason: string };

const text = (value: string | number | undefined): string | null => (value === undefined || String(value).trim() === '' ? null : String(value).trim());

function invalid(message: string): AppError {
  return new AppError('webhook.invalid_payload', `The Mango Office event is invalid — ${message}.`, { status: 422 });
}

/**
 * Verifies and reads one Mango request. `path` is what Mango appended to the URL (e.g.
 * "events/summary"); `credentials` are the integration's unique code and signing key.
 */
export function parseMangoEvent(path: string, rawBody: Buffer | string, credentials: { apiKey: string; salt: string }): MangoEvent {
  const fields = new URLSearchParams(rawBody.toString());
  const json = fields.get('json');
  if (json === null && !fields.has('sign')) return { kind: 'ignored', reason: 'connection check' };
  const sign = fields.get('sign');
  if (!sign || json === null) throw new AppError('webhook.signature_missing', 'The Mango Office request has no "sign" or "json" field; check the URL entered in the Mango API connector settings.', { status: 401 });
  if (fields.get('vpbx_api_key') !== credentials.apiKey) {
    throw new AppError('webhook.signature_invalid', 'The Mango Office request names another PBX (vpbx_api_key); check the unique code of the PBX in the integration settings.', { status: 401 });
  }
  const expected = Buffer.from(mangoSign(credentials.apiKey, json, credentials.salt));
  const given = Buffer.from(sign.trim().toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new AppError('webhook.signature_invalid', 'The Mango Office signature does not match; check the signing key (API salt) in the integration settings (Mango → Integrations → API connector).', { status: 401 });
  }
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    throw invalid('the "json" field is not valid JSON');
  }
  const event = path.replace(/^\/+|\/+$/g, '');
  if (event === 'events/summary') return callEnded(body);
  if (event === 'events/record/added') {
    const parsed = recordAddedSchema.safeParse(body);
    if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    return { kind: 'record_added', entryId: parsed.data.entry_id, recordingId: parsed.data.recording_id, raw: body as Record<string, unknown> };
  }
  return { kind: 'ignored', reason: `event ${event || '(none)'}` };
}

function callEnded(body: unknown): MangoEvent {
  const parsed = summarySchema.safeParse(body);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  const summary = parsed.data;
  // 0 = internal (between two employees): not a sales conversation
  if (summary.call_direction !== 1 && summary.call_direction !== 2) return { kind: 'ignored', reason: 'internal call' };
  const inbound = summary.call_direction === 1;
  const answered = summary.entry_result === 1 && summary.talk_time > 0;
  const started = answered ? summary.talk_time : summary.create_time;
  return {
    kind: 'call_ended', entryId: summary.entry_id, direction: inbound ? 'inbound' : 'outbound', answered,
    managerExtension: text(inbound ? summary.to.extension : summary.from.extension),
    clientPhone: text(inbound ? summary.from.number : summary.to.number),
    startedAt: new Date(started * 1000),
    durationSeconds: Math.max(0, Math.round(summary.end_time - started)),
    raw: body as Record<string, unknown>,
  };
}
