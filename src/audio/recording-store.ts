// Recordings on disk, named by the sha256 of their content: the same file uploaded twice (a
// webhook retry, a re-import) is stored once, and a stored file can be checked against its name.
// Layout: <root>/<hash[0..2]>/<hash>/recording.<ext>[.enc]
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../domain/errors.ts';
import { decryptedSize, decryptStream, encryptFile } from './audio-encryption.ts';

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export interface StoredRecording {
  hash: string;
  /** plaintext size in bytes */
  size: number;
  extension: string;
  encrypted: boolean;
}

export interface RecordingStore {
  save(sourcePath: string, options?: { extension?: string }): Promise<StoredRecording>;
  stat(hash: string): Promise<StoredRecording>;
  /** stream the plaintext, or an inclusive byte range of it */
  open(hash: string, range?: { start: number; end: number }): Promise<Readable>;
  remove(hash: string): Promise<void>;
}

const HASH = /^[0-9a-f]{64}$/;

export function createRecordingStore(options: { root: string; encryptionKey?: Buffer }): RecordingStore {
  const folder = (hash: string): string => {
    // the hash comes from URLs and job payloads: never let it walk out of the root
    if (!HASH.test(hash)) throw new AppError('recording.invalid_id', 'A recording id is a 64-character sha256 hex string.', { status: 400 });
    return join(options.root, hash.slice(0, 2), hash);
  };

  async function find(hash: string): Promise<{ path: string; stored: StoredRecording }> {
    const dir = folder(hash);
    const names = await readdir(dir).catch(() => [] as string[]);
    const name = names.find((entry) => entry.startsWith('recording.'));
    if (!name) throw new AppError('recording.not_found', `Recording ${hash} is not in the store.`, { status: 404 });
    const path = join(dir, name);
    const encrypted = name.endsWith('.enc');
    const size = encrypted ? await decryptedSize(path) : (await stat(path)).size;
    const extension = name.slice('recording.'.length).replace(/\.enc$/, '');
    return { path, stored: { hash, size, extension, encrypted } };
  }

  return {
    async save(sourcePath, saveOptions = {}) {
      const hash = await sha256File(sourcePath);
      const existing = await find(hash).catch(() => undefined);
      if (existing) return existing.stored;
      const extension = (saveOptions.extension ?? 'bin').replace(/[^a-z0-9]/gi, '').toLowerCase() || 'bin';
      const dir = folder(hash);
      await mkdir(dir, { recursive: true });
      const encrypted = options.encryptionKey !== undefined;
      const finalPath = join(dir, `recording.${extension}${encrypted ? '.enc' : ''}`);
      // write beside, then rename: a crash never leaves a half file under the final name
      const temporary = join(dir, `.${randomUUID()}.part`);
      try {
        if (options.encryptionKey) await encryptFile(sourcePath, temporary, options.encryptionKey);
        else await copyFile(sourcePath, temporary);
        await rename(temporary, finalPath);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { hash, size: (await stat(sourcePath)).size, extension, encrypted };
    },
    async stat(hash) {
      return (await find(hash)).stored;
    },
    async open(hash, range) {
      const { path, stored } = await find(hash);
      if (stored.encrypted) {
        if (!options.encryptionKey) throw new AppError('recording.key_missing', 'This recording is encrypted but no encryption key is configured (MENTOR_ENCRYPTION_KEY).', { status: 500 });
        return decryptStream(path, options.encryptionKey, range);
      }
      return createReadStream(path, range ? { start: range.start, end: range.end } : {});
    },
    async remove(hash) {
      await rm(folder(hash), { recursive: true, force: true });
    },
  };
}

export type ByteRange =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Interpret an HTTP Range header for a file of `size` bytes (single ranges only, which is what
 * audio players send). `partial` → answer 206 with Content-Range `bytes start-end/size`;
 * `unsatisfiable` → 416 with `bytes * /size`; `full` → 200.
 */
export function parseRangeHeader(header: string | undefined, size: number): ByteRange {
  if (!header) return { kind: 'full' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { kind: 'full' }; // malformed or multi-range: ignore, per RFC 9110
  if (size === 0) return { kind: 'unsatisfiable' };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}
