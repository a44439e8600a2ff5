// The one Zadarma API call Mentor needs: a temporary download link for a call recording,
// `GET /v1/pbx/record/request/` (call_id or pbx_call_id, optional lifetime 180–5184000 s).
import { AppError } from '../../../domain/errors.ts';
import { zadarmaAuthorization, zadarmaQueryString } from './zadarma-signature.ts';

export interface ZadarmaClientConfig {
  key: string;
  /** secret: signs requests, never sent or logged */
  secret: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export interface ZadarmaRecordLinks {
  /** present when asked by call_id */
  link?: string;
  /** present when asked by pbx_call_id (one per recorded leg) */
  links?: string[];
  lifetimeTill?: string;
}

export interface ZadarmaClient {
  requestRecord(input: { callId?: string; pbxCallId?: string; lifetimeSec?: number }): Promise<ZadarmaRecordLinks>;
}

export const ZADARMA_API_URL = 'https://api.zadarma.com';
const RECORD_METHOD = '/v1/pbx/record/request/';

export function createZadarmaClient(config: ZadarmaClientConfig): ZadarmaClient {
  const baseUrl = (config.baseUrl ?? ZADARMA_API_URL).replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 30_000;
  return {
    async requestRecord(input) {
      if (!input.callId && !input.pbxCallId) throw new AppError('zadarma.bad_request', 'A Zadarma record request needs call_id or pbx_call_id.', { status: 400 });
      const params: Record<string, string> = { format: 'json' };
      if (input.callId) params.call_id = input.callId;
      if (input.pbxCallId) params.pbx_call_id = input.pbxCallId;
      if (input.lifetimeSec) params.lifetime = String(Math.min(5_184_000, Math.max(180, Math.round(input.lifetimeSec))));
      let response: Response;
      try {
        response = await fetch(`${baseUrl}${RECORD_METHOD}?${zadarmaQueryString(params)}`, {
          headers: { authorization: zadarmaAuthorization(RECORD_METHOD, params, config.key, config.secret) },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as { name?: string }).name === 'TimeoutError';
        throw new AppError(timedOut ? 'zadarma.timeout' : 'zadarma.unreachable', timedOut ? `The Zadarma API did not answer within ${Math.round(timeoutMs / 1000)} s; the job will retry.` : `Cannot reach the Zadarma API at ${baseUrl}; the job will retry.`, { status: 504, retryable: true, cause: error });
      }
      const text = await response.text();
      let body: { status?: string; message?: string; link?: string; links?: string[]; lifetime_till?: string } = {};
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        // handled below: a non-JSON body is an error whatever the status
      }
      if (response.status === 401 || response.status === 403) {
        throw new AppError('zadarma.unauthorized', `Zadarma rejected the API key (HTTP ${response.status}${body.message ? `: ${body.message}` : ''}); check the key and secret in Zadarma → Settings → API.`, { status: 502 });
      }
      if (response.status === 429) throw new AppError('zadarma.rate_limited', 'The Zadarma API rate limit is reached; the job will retry.', { status: 503, retryable: true });
      if (response.status >= 500) throw new AppError('zadarma.unavailable', `The Zadarma API failed (HTTP ${response.status}); the job will retry.`, { status: 502, retryable: true });
      if (!response.ok || body.status !== 'success') {
        // e.g. the recording is not saved yet right after the call: worth a retry
        throw new AppError('zadarma.api_error', `Zadarma could not give the recording: ${body.message ?? `HTTP ${response.status}`}.`, { status: 502, retryable: true });
      }
      return {
        ...(body.link ? { link: body.link } : {}),
        ...(Array.isArray(body.links) ? { links: body.links } : {}),
        ...(body.lifetime_till ? { lifetimeTill: body.lifetime_till } : {}),
      };
    },
  };
}
