// Zadarma PBX call notifications (POST application/x-www-form-urlencoded, header `Signature`).
// Each event signs a few of its fields concatenated, per Zadarma's docs and PHP client:
//   NOTIFY_START / NOTIFY_INTERNAL / NOTIFY_END: caller_id + called_did + call_start
//   NOTIFY_ANSWER: caller_id + destination + call_start
//   NOTIFY_OUT_START / NOTIFY_OUT_END: internal + destination + call_start
//   NOTIFY_RECORD: pbx_call_id + call_id_with_rec
// Uncertainty (no live account here): older docs showed base64 of the raw digest in some
// examples; the verifier accepts that variant too — both require the secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../domain/errors.ts';
import { normalizePhone } from '../../../domain/phone.ts';
import { zadarmaHmac } from './zadarma-signature.ts';

const SIGNED_FIELDS: Record<string, string[]> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

export type ZadarmaParams = Record<string, string>;

export function parseZadarmaBody(rawBody: Buffer | string): ZadarmaParams {
  return Object.fromEntries(new URLSearchParams(rawBody.toString()));
}

/** The string Zadarma signs for this event, or undefined for events we do not accept. */
export function zadarmaSignatureString(params: ZadarmaParams): string | undefined {
  const fields = SIGNED_FIELDS[params.event ?? ''];
  return fields?.map((field) => params[field] ?? '').join('');
}

export function signZadarmaNotification(params: ZadarmaParams, secret: string): string {
  const data = zadarmaSignatureString(params);
  if (data === undefined) throw new Error(`unsupported Zadarma event ${params.event ?? ''}`);
  return zadarmaHmac(data, secret);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyZadarmaNotification(params: ZadarmaParams, signature: string | undefined, secret: string): void {
  if (!signature) throw new AppError('webhook.signature_missing', 'The Zadarma notification has no Signature header; check that the notification URL is set in the Zadarma PBX API settings.', { status: 401 });
  const data = zadarmaSignatureString(params);
  if (data === undefined) throw new AppError('webhook.unsupported_event', `Zadarma event "${params.event ?? ''}" is not handled; Mentor uses NOTIFY_END, NOTIFY_OUT_END and NOTIFY_RECORD.`, { status: 422 });
  const candidates = [zadarmaHmac(data, secret), createHmac('sha1', secret).update(data, 'utf8').digest('base64')];
  if (!candidates.some((expected) => safeEqual(expected, signature.trim()))) {
    throw new AppError('webhook.signature_invalid', 'The Zadarma notification signature does not match; check the API secret in the integration settings (Zadarma → Settings → API).', { status: 401 });
  }
}

/** Zadarma checks a notification URL with `GET ?zd_echo=<value>` and expects the value back. */
export function zadarmaEcho(query: Record<string, unknown>): string | undefined {
  const echo = query.zd_echo;
  return typeof echo === 'string' ? echo : undefined;
}

export interface ZadarmaCallEnded {
  kind: 'call_ended';
  pbxCallId: string;
  direction: 'inbound' | 'outbound';
  managerExtension: string | null;
  clientPhone: string | null;
  /** "YYYY-MM-DD HH:MM:SS" in the account's time zone, as Zadarma sends it */
  callStart: string;
  duration: number;
  disposition: string;
  /** pass to the record request; present when the call was recorded */
  callIdWithRec: string | null;
}

export interface ZadarmaRecordReady {
  kind: 'record_ready';
  pbxCallId: string;
  callIdWithRec: string;
}

/** Verify and interpret a notification; other events (start, answer, IVR) return null. */
export function parseZadarmaNotification(rawBody: Buffer | string, signature: string | undefined, secret: string): ZadarmaCallEnded | ZadarmaRecordReady | null {
  const params = parseZadarmaBody(rawBody);
  const event = params.event ?? '';
  if (!['NOTIFY_END', 'NOTIFY_OUT_END', 'NOTIFY_RECORD'].includes(event)) {
    if (SIGNED_FIELDS[event]) verifyZadarmaNotification(params, signature, secret);
    return null;
  }
  verifyZadarmaNotification(params, signature, secret);
  const required = (name: string): string => {
    const value = params[name];
    if (value === undefined || value === '') throw new AppError('webhook.invalid_payload', `The Zadarma ${event} notification lacks "${name}".`, { status: 422 });
    return value;
  };
  if (event === 'NOTIFY_RECORD') {
    return { kind: 'record_ready', pbxCallId: required('pbx_call_id'), callIdWithRec: required('call_id_with_rec') };
  }
  const outbound = event === 'NOTIFY_OUT_END';
  const recorded = params.is_recorded === '1' && Boolean(params.call_id_with_rec);
  return {
    kind: 'call_ended',
    pbxCallId: required('pbx_call_id'),
    direction: outbound ? 'outbound' : 'inbound',
    managerExtension: params.internal || null,
    clientPhone: normalizePhone(outbound ? params.destination : params.caller_id),
    callStart: required('call_start'),
    duration: Number(params.duration ?? 0) || 0,
    disposition: params.disposition ?? '',
    callIdWithRec: recorded ? (params.call_id_with_rec ?? null) : null,
  };
}
