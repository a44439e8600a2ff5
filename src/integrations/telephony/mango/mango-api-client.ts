// The one Mango Office API call Mentor needs: a recording's download link,
// `POST /vpbx/queries/recording/post` with json {recording_id, action: "download"} (API v1.9
// §3.5.1). Mango answers 302 with a temporary, single-use link in Location, so the link is asked
// for right before each download and never stored.
import { AppError } from '../../../domain/errors.ts';
import { mangoForm } from './mango-webhook.ts';

export const MANGO_API_URL = 'https://app.mango-office.ru/vpbx';

export interface MangoClientConfig {
  /** the PBX's unique code (vpbx_api_key) */
  apiKey: string;
  /** the signing key (vpbx_api_salt): never sent or logged */
  salt: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export interface MangoClient {
  recordingLink(recordingId: string): Promise<string>;
}

export function createMangoClient(config: MangoClientConfig): MangoClient {
  const baseUrl = (config.baseUrl ?? MANGO_API_URL).replace(/\/+$/, '');
  const timeoutMs = config.timeoutMs ?? 30_000;
  return {
    async recordingLink(recordingId) {
      let response: Response;
      try {
        response = await fetch(`${baseUrl}/queries/recording/post`, {
          method: 'POST', redirect: 'manual', body: mangoForm(config.apiKey, config.salt, { recording_id: recordingId, action: 'download' }),
          headers: { 'content-type': 'application/x-www-form-urlencoded' }, signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const timedOut = (error as { name?: string }).name === 'TimeoutError';
        throw new AppError(timedOut ? 'mango.timeout' : 'mango.unreachable', timedOut ? `The Mango Office API did not answer within ${Math.round(timeoutMs / 1000)} s; the job will retry.` : `Cannot reach the Mango Office API at ${baseUrl}; the job will retry.`, { status: 504, retryable: true, cause: error });
      }
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (response.status >= 300 && response.status < 400 && location) return new URL(location, baseUrl).toString();
      if (response.status === 401 || response.status === 403) {
        throw new AppError('mango.unauthorized', `Mango Office refused the request (HTTP ${response.status}); check the unique code and the signing key in Mango → Integrations → API connector.`, { status: 502 });
      }
      if (response.status === 429 || response.status >= 500) throw new AppError('mango.unavailable', `The Mango Office API is busy or failing (HTTP ${response.status}); the job will retry.`, { status: 503, retryable: true });
      // the docs warn that a fresh recording is sometimes not downloadable at once
      throw new AppError('mango.recording_not_ready', `Mango Office gave no link for recording ${recordingId} (HTTP ${response.status}); it may still be being saved — the job will retry.`, { status: 502, retryable: true });
    },
  };
}
