// Signed webhooks from any PBX or middleware the integrator scripts. The signature covers
// `<timestamp>.<raw body>` (the Stripe scheme), so a captured request cannot be replayed with a
// fresh timestamp, and requests older than the tolerance are refused.
//   X-Mentor-Timestamp: 1710238501               (unix seconds)
//   X-Mentor-Signature: sha256=<hex HMAC-SHA256(secret, "1710238501." + body)>
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../domain/errors.ts';

export const SIGNATURE_HEADER = 'x-mentor-signature';
export const TIMESTAMP_HEADER = 'x-mentor-timestamp';
export const DEFAULT_TOLERANCE_SEC = 5 * 60;

export function signGenericWebhook(rawBody: Buffer | string, secret: string, timestampSec: number): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestampSec}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const direct = headers[name] ?? Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(direct) ? direct[0] : direct;
}

function unauthorized(code: string, message: string): AppError {
  return new AppError(code, message, { status: 401, retryable: false });
}

/**
 * Throws unless the request is signed with one of the integration's secrets (several during a
 * rotation) and is fresh. Pass the body exactly as received: re-serialized JSON will not match.
 */
export function verifyGenericWebhook(input: {
  rawBody: Buffer | string;
  headers: Record<string, string | string[] | undefined>;
  secrets: string | string[];
  nowMs?: number;
  toleranceSec?: number;
}): void {
  const signature = header(input.headers, SIGNATURE_HEADER);
  const timestamp = header(input.headers, TIMESTAMP_HEADER);
  if (!signature) throw unauthorized('webhook.signature_missing', 'The request has no X-Mentor-Signature header; sign the raw body as described in the generic telephony webhook docs.');
  if (!timestamp || !/^\d{9,11}$/.test(timestamp.trim())) {
    throw unauthorized('webhook.timestamp_invalid', 'The X-Mentor-Timestamp header is missing or is not unix seconds.');
  }
  const timestampSec = Number(timestamp.trim());
  const nowSec = (input.nowMs ?? Date.now()) / 1000;
  const tolerance = input.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
  if (Math.abs(nowSec - timestampSec) > tolerance) {
    throw unauthorized('webhook.timestamp_expired', `The request timestamp is more than ${Math.round(tolerance / 60)} minutes away from the server clock; resend it now, and check that the sender's clock is synchronized (NTP).`);
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(signature.trim());
  if (!match?.[1]) throw unauthorized('webhook.signature_invalid', 'X-Mentor-Signature must look like "sha256=<64 hex characters>".');
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const secrets = Array.isArray(input.secrets) ? input.secrets : [input.secrets];
  const valid = secrets.some((secret) => {
    const expected = Buffer.from(signGenericWebhook(input.rawBody, secret, timestampSec).slice('sha256='.length), 'hex');
    return timingSafeEqual(expected, given);
  });
  if (!valid) throw unauthorized('webhook.signature_invalid', 'The webhook signature does not match; check the integration secret and that the raw request body is signed unchanged.');
}
