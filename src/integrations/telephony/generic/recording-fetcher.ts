// Downloads a call recording from the URL a PBX gave us: streamed to a temp file (recordings can
// be hours long), with a hard timeout and a size cap so a wrong URL cannot fill the disk or hang
// a worker. Only http(s). The caller deletes the file with cleanup() once it is stored.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { AppError } from '../../../domain/errors.ts';

export interface FetchedRecording {
  path: string;
  size: number;
  contentType?: string;
  cleanup(): Promise<void>;
}

export interface RecordingFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  headers?: Record<string, string>;
  /** where the temp folder is made (default: the OS temp dir) */
  tempRoot?: string;
}

export const DEFAULT_MAX_RECORDING_BYTES = 500 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;

function tooLarge(maxBytes: number): AppError {
  return new AppError('recording.too_large', `The recording is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit; raise MENTOR_MAX_UPLOAD_MB or check that the URL points at an audio file.`, { status: 413, retryable: false });
}

export async function fetchRecording(url: string, options: RecordingFetchOptions = {}): Promise<FetchedRecording> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_RECORDING_BYTES;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('recording.bad_url', `"${url}" is not a valid recording URL.`, { status: 422 });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new AppError('recording.bad_url', 'A recording URL must use http or https.', { status: 422 });
  const display = `${parsed.origin}${parsed.pathname}`; // never echo query strings: they often carry tokens

  const signal = AbortSignal.timeout(timeoutMs);
  const timeout = (cause: unknown): AppError => new AppError('recording.timeout', `Downloading the recording from ${display} took longer than ${Math.round(timeoutMs / 1000)} s; the job will retry.`, { status: 504, retryable: true, cause });
  let response: Response;
  try {
    response = await fetch(parsed, { signal, redirect: 'follow', ...(options.headers ? { headers: options.headers } : {}) });
  } catch (error) {
    if (signal.aborted) throw timeout(error);
    throw new AppError('recording.unreachable', `Cannot reach ${parsed.origin} to download the recording; check that the PBX is reachable from the Mentor server.`, { status: 502, retryable: true, cause: error });
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 404 || response.status === 410) {
      // PBXs publish the link before the file is written (Zadarma asks to wait ~40 s): retry.
      throw new AppError('recording.not_found', `The recording at ${display} does not exist (HTTP ${response.status}); the PBX may still be saving it — the job will retry.`, { status: 404, retryable: true });
    }
    if (response.status === 401 || response.status === 403) {
      throw new AppError('recording.forbidden', `The PBX refused the recording download (HTTP ${response.status}); check the integration credentials or the link's lifetime.`, { status: 502, retryable: false });
    }
    throw new AppError('recording.unavailable', `The PBX answered HTTP ${response.status} for the recording; the job will retry.`, { status: 502, retryable: response.status >= 500 || response.status === 429 });
  }
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(maxBytes);
  }

  const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'mentor-recording-'));
  const path = join(dir, 'download');
  let size = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      // a lying or absent Content-Length is caught here, while streaming
      if (size > maxBytes) callback(tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  try {
    if (!response.body) throw new AppError('recording.unavailable', 'The PBX answered without a body.', { status: 502, retryable: true });
    await pipeline(Readable.fromWeb(response.body as WebReadableStream), limiter, createWriteStream(path), { signal });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (error instanceof AppError) throw error;
    if (signal.aborted) throw timeout(error);
    throw new AppError('recording.unavailable', `The recording download from ${display} broke off; the job will retry.`, { status: 502, retryable: true, cause: error });
  }
  if (size === 0) {
    await rm(dir, { recursive: true, force: true });
    throw new AppError('recording.empty', `The PBX returned an empty file for ${display}.`, { status: 422, retryable: true });
  }
  const contentType = response.headers.get('content-type') ?? undefined;
  return { path, size, ...(contentType ? { contentType } : {}), cleanup: () => rm(dir, { recursive: true, force: true }) };
}
