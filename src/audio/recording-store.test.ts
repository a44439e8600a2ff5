import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import { decryptStream, encryptFile, ENCRYPTION_OVERHEAD, isEncryptedFile } from './audio-encryption.ts';
import { createRecordingStore, parseRangeHeader, sha256File } from './recording-store.ts';

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

void describe('recording storage', () => {
  let dir: string;
  let source: string;
  let content: Buffer;
  const key = randomBytes(32);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mentor-store-test-'));
    source = join(dir, 'call.wav');
    content = randomBytes(100_003); // not a multiple of the AES block
    await writeFile(source, content);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void test('encrypts with a header, IV and tag, and decrypts the whole file', async () => {
    const encrypted = join(dir, 'call.enc');
    await encryptFile(source, encrypted, key);
    const bytes = await readFile(encrypted);
    assert.equal(bytes.length, content.length + ENCRYPTION_OVERHEAD);
    assert.ok(await isEncryptedFile(encrypted));
    assert.equal(bytes.indexOf(content.subarray(0, 64)), -1, 'no plaintext on disk');
    assert.deepEqual(await collect(await decryptStream(encrypted, key)), content);
  });

  void test('decrypts any byte range without reading from the start', async () => {
    const encrypted = join(dir, 'range.enc');
    await encryptFile(source, encrypted, key);
    for (const [start, end] of [[0, 0], [5, 20], [16, 31], [17, 50_000], [99_990, 100_002]] as const) {
      assert.deepEqual(await collect(await decryptStream(encrypted, key, { start, end })), content.subarray(start, end + 1), `${start}-${end}`);
    }
  });

  void test('a tampered file or a wrong key fails authentication', async () => {
    const encrypted = join(dir, 'tampered.enc');
    await encryptFile(source, encrypted, key);
    const bytes = await readFile(encrypted);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    await writeFile(encrypted, bytes);
    await assert.rejects(collect(await decryptStream(encrypted, key)), /auth/i);
    const intact = join(dir, 'intact.enc');
    await encryptFile(source, intact, key);
    await assert.rejects(collect(await decryptStream(intact, randomBytes(32))), /auth/i);
  });

  void test('rejects a key that is not 32 bytes', async () => {
    await assert.rejects(encryptFile(source, join(dir, 'x.enc'), randomBytes(16)), (error: unknown) => error instanceof AppError && error.code === 'audio.encryption_key');
  });

  for (const encrypted of [false, true]) {
    void test(`stores under the content hash and streams back (${encrypted ? 'encrypted' : 'plain'})`, async () => {
      const root = join(dir, encrypted ? 'store-enc' : 'store-plain');
      const store = createRecordingStore({ root, ...(encrypted ? { encryptionKey: key } : {}) });
      const stored = await store.save(source, { extension: 'wav' });
      assert.equal(stored.hash, await sha256File(source));
      assert.equal(stored.size, content.length);
      assert.equal(stored.encrypted, encrypted);
      const again = await store.save(source, { extension: 'wav' });
      assert.equal(again.hash, stored.hash, 'the same content is stored once');
      const files = await readdir(join(root, stored.hash.slice(0, 2), stored.hash));
      assert.deepEqual(files, [encrypted ? 'recording.wav.enc' : 'recording.wav']);
      assert.deepEqual(await collect(await store.open(stored.hash)), content);
      assert.deepEqual(await collect(await store.open(stored.hash, { start: 1000, end: 1999 })), content.subarray(1000, 2000));
      assert.equal((await store.stat(stored.hash)).size, content.length);
      await store.remove(stored.hash);
      await assert.rejects(store.stat(stored.hash), (error: unknown) => error instanceof AppError && error.code === 'recording.not_found');
    });
  }

  void test('refuses ids that could escape the store folder', async () => {
    const store = createRecordingStore({ root: join(dir, 'store-safe') });
    await assert.rejects(store.open('../../etc/passwd'), (error: unknown) => error instanceof AppError && error.code === 'recording.invalid_id');
  });
});

void describe('HTTP Range for the player', () => {
  void test('interprets the header forms players send', () => {
    assert.deepEqual(parseRangeHeader(undefined, 1000), { kind: 'full' });
    assert.deepEqual(parseRangeHeader('bytes=0-', 1000), { kind: 'partial', start: 0, end: 999 });
    assert.deepEqual(parseRangeHeader('bytes=100-199', 1000), { kind: 'partial', start: 100, end: 199 });
    assert.deepEqual(parseRangeHeader('bytes=900-5000', 1000), { kind: 'partial', start: 900, end: 999 });
    assert.deepEqual(parseRangeHeader('bytes=-100', 1000), { kind: 'partial', start: 900, end: 999 });
    assert.deepEqual(parseRangeHeader('bytes=-5000', 1000), { kind: 'partial', start: 0, end: 999 });
  });

  void test('out-of-bounds ranges are unsatisfiable, malformed ones ignored', () => {
    assert.deepEqual(parseRangeHeader('bytes=1000-', 1000), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=500-100', 1000), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('bytes=-0', 1000), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRangeHeader('items=0-10', 1000), { kind: 'full' });
    assert.deepEqual(parseRangeHeader('bytes=0-10,20-30', 1000), { kind: 'full' });
  });
});
