// Optional encryption at rest for call recordings (they hold personal data). AES-256-GCM, file
// layout: MAGIC (8 bytes "MNTRAE01") | IV (12) | ciphertext | auth tag (16). A full read is
// authenticated; a byte range (the player seeks) is decrypted with AES-CTR at the matching
// counter, which GCM uses underneath, so seeking does not need to decrypt from the start.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../domain/errors.ts';

export const ENCRYPTION_MAGIC = Buffer.from('MNTRAE01', 'latin1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = ENCRYPTION_MAGIC.length + IV_BYTES;
/** bytes an encrypted file adds to its plaintext */
export const ENCRYPTION_OVERHEAD = HEADER_BYTES + TAG_BYTES;

function assertKey(key: Buffer): void {
  if (key.length !== 32) {
    throw new AppError('audio.encryption_key', 'The recordings encryption key must be 32 bytes (64 hex characters), e.g. from `openssl rand -hex 32`.', { status: 500 });
  }
}

export async function encryptFile(source: string, destination: string, key: Buffer): Promise<void> {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  await pipeline(
    createReadStream(source),
    cipher,
    async function* frame(encrypted: AsyncIterable<Buffer>) {
      yield Buffer.concat([ENCRYPTION_MAGIC, iv]);
      for await (const chunk of encrypted) yield chunk;
      // the tag exists only once the cipher has ended, i.e. after the loop
      yield cipher.getAuthTag();
    },
    createWriteStream(destination),
  );
}

export async function isEncryptedFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(ENCRYPTION_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(ENCRYPTION_MAGIC);
  } finally {
    await handle.close();
  }
}

async function readHeaderAndTag(path: string): Promise<{ iv: Buffer; tag: Buffer; size: number }> {
  const { size } = await stat(path);
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    const tag = Buffer.alloc(TAG_BYTES);
    await handle.read(header, 0, HEADER_BYTES, 0);
    await handle.read(tag, 0, TAG_BYTES, Math.max(0, size - TAG_BYTES));
    if (size < ENCRYPTION_OVERHEAD || !header.subarray(0, ENCRYPTION_MAGIC.length).equals(ENCRYPTION_MAGIC)) {
      throw new AppError('audio.not_encrypted', `${path} is not an encrypted Mentor recording.`, { status: 500 });
    }
    return { iv: header.subarray(ENCRYPTION_MAGIC.length), tag, size };
  } finally {
    await handle.close();
  }
}

/** Plaintext size of an encrypted file. */
export async function decryptedSize(path: string): Promise<number> {
  return (await stat(path)).size - ENCRYPTION_OVERHEAD;
}

/**
 * Stream the plaintext. Without a range the whole file is authenticated: a tampered file or a
 * wrong key makes the stream error at its end. With a range (inclusive byte offsets of the
 * plaintext), bytes are decrypted without authentication, for the audio player.
 */
export async function decryptStream(path: string, key: Buffer, range?: { start: number; end: number }): Promise<Readable> {
  assertKey(key);
  const { iv, tag, size } = await readHeaderAndTag(path);
  const plainSize = size - ENCRYPTION_OVERHEAD;
  if (!range) {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    const source = plainSize > 0 ? createReadStream(path, { start: HEADER_BYTES, end: HEADER_BYTES + plainSize - 1 }) : Readable.from([]);
    source.once('error', (error) => decipher.destroy(error));
    return source.pipe(decipher);
  }
  const block = Math.floor(range.start / 16);
  const skip = range.start - block * 16;
  // GCM with a 96-bit IV encrypts block i with counter IV || (2 + i).
  const counter = Buffer.concat([iv, Buffer.alloc(4)]);
  counter.writeUInt32BE(2 + block, IV_BYTES);
  const decipher = createDecipheriv('aes-256-ctr', key, counter);
  const source = createReadStream(path, { start: HEADER_BYTES + block * 16, end: HEADER_BYTES + Math.min(range.end, plainSize - 1) });
  source.once('error', (error) => decipher.destroy(error));
  let toSkip = skip;
  const output = source.pipe(decipher);
  if (toSkip === 0) return output;
  const trimmer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (toSkip >= chunk.length) {
        toSkip -= chunk.length;
        callback();
        return;
      }
      const rest = chunk.subarray(toSkip);
      toSkip = 0;
      callback(null, rest);
    },
  });
  output.once('error', (error) => trimmer.destroy(error));
  return output.pipe(trimmer);
}
