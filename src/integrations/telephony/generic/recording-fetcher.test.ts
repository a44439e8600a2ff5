import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../domain/errors.ts';
import { fetchRecording } from './recording-fetcher.ts';

void describe('recording fetcher', () => {
  let server: Server;
  let base: string;
  const audio = Buffer.alloc(64 * 1024, 7);
  before(async () => {
    server = createServer((req, res) => {
      switch (req.url) {
        case '/rec.mp3?token=secret':
          res.writeHead(200, { 'content-type': 'audio/mpeg', 'content-length': String(audio.length) }).end(audio);
          return;
        case '/missing.mp3':
          res.writeHead(404).end('not found');
          return;
        case '/forbidden.mp3':
          res.writeHead(403).end();
          return;
        case '/big-declared.mp3':
          res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) }).end();
          return;
        case '/big-chunked.mp3': {
          // no Content-Length: the limit must hold while streaming
          res.writeHead(200, { 'content-type': 'audio/mpeg' });
          let sent = 0;
          const push = (): void => {
            if (sent >= 2 * 1024 * 1024 || res.destroyed) {
              res.end();
              return;
            }
            sent += 64 * 1024;
            res.write(Buffer.alloc(64 * 1024), () => setImmediate(push));
          };
          push();
          return;
        }
        case '/hang.mp3':
          return; // never answers
        case '/slow-body.mp3':
          res.writeHead(200, { 'content-type': 'audio/mpeg' });
          res.write(Buffer.alloc(1024)); // then stalls
          return;
        default:
          res.writeHead(500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const expectCode = async (promise: Promise<unknown>, code: string, retryable: boolean): Promise<AppError> => {
    let caught: AppError | undefined;
    await assert.rejects(promise, (error: unknown) => {
      assert.ok(error instanceof AppError, String(error));
      assert.equal(error.code, code, error.message);
      assert.equal(error.retryable, retryable);
      assert.ok(!error.message.includes('token=secret'), 'query tokens are not echoed');
      caught = error;
      return true;
    });
    return caught as AppError;
  };

  const leftoverTempDirs = async (): Promise<string[]> => (await readdir(tmpdir())).filter((name) => name.startsWith('mentor-recording-'));

  void test('streams the recording to a temp file and cleans it up', async () => {
    const fetched = await fetchRecording(`${base}/rec.mp3?token=secret`);
    assert.equal(fetched.size, audio.length);
    assert.equal(fetched.contentType, 'audio/mpeg');
    assert.deepEqual(await readFile(fetched.path), audio);
    await fetched.cleanup();
    await assert.rejects(readFile(fetched.path));
  });

  void test('404 → recording.not_found (retryable: the PBX may still be saving)', async () => {
    const error = await expectCode(fetchRecording(`${base}/missing.mp3`), 'recording.not_found', true);
    assert.equal(error.status, 404);
  });

  void test('403 → not retryable', async () => {
    await expectCode(fetchRecording(`${base}/forbidden.mp3`), 'recording.forbidden', false);
  });

  void test('over the limit by Content-Length or while streaming → recording.too_large, no file left', async () => {
    const before = await leftoverTempDirs();
    await expectCode(fetchRecording(`${base}/big-declared.mp3`, { maxBytes: 1024 * 1024 }), 'recording.too_large', false);
    await expectCode(fetchRecording(`${base}/big-chunked.mp3`, { maxBytes: 1024 * 1024 }), 'recording.too_large', false);
    assert.deepEqual(await leftoverTempDirs(), before);
  });

  void test('no answer, or a stalled body → recording.timeout', async () => {
    await expectCode(fetchRecording(`${base}/hang.mp3`, { timeoutMs: 300 }), 'recording.timeout', true);
    await expectCode(fetchRecording(`${base}/slow-body.mp3`, { timeoutMs: 300 }), 'recording.timeout', true);
  });

  void test('unreachable host and non-http URLs', async () => {
    await expectCode(fetchRecording('http://127.0.0.1:1/rec.mp3', { timeoutMs: 2000 }), 'recording.unreachable', true);
    await expectCode(fetchRecording('file:///etc/passwd'), 'recording.bad_url', false);
    await expectCode(fetchRecording('not a url'), 'recording.bad_url', false);
  });
});
