import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../../domain/errors.ts';
import { fetchRecording } from '../generic/recording-fetcher.ts';
import { createZadarmaClient } from './zadarma-api-client.ts';
import { phpUrlencode, zadarmaAuthorization } from './zadarma-signature.ts';
import { parseZadarmaNotification, signZadarmaNotification, zadarmaEcho } from './zadarma-webhook.ts';

const SECRET = 'test-secret';
const KEY = 'test-key';

// Notifications in the documented shape (form-encoded, as Zadarma POSTs them).
const NOTIFY_END = new URLSearchParams({
  event: 'NOTIFY_END', call_start: '2024-03-12 10:15:01', pbx_call_id: 'in_1710238501.42_abcd', caller_id: '+79161234567',
  called_did: '74951234567', internal: '101', duration: '151', disposition: 'answered', status_code: '16', is_recorded: '1', call_id_with_rec: '1710238501.42',
}).toString();
const NOTIFY_OUT_END = new URLSearchParams({
  event: 'NOTIFY_OUT_END', call_start: '2024-03-12 11:00:00', pbx_call_id: 'out_1710241200.50_efgh', caller_id: '74951234567',
  destination: '89031112233', internal: '102', duration: '40', disposition: 'busy', status_code: '17', is_recorded: '0', call_id_with_rec: '',
}).toString();
const NOTIFY_RECORD = new URLSearchParams({ event: 'NOTIFY_RECORD', pbx_call_id: 'in_1710238501.42_abcd', call_id_with_rec: '1710238501.42' }).toString();

// Computed outside this code with openssl: base64(hex(HMAC-SHA1(fields, "test-secret"))).
const NOTIFY_END_SIGNATURE = 'YTQwMTc0ZDc4NjY5MWYyZDIzM2ZhNTdlNGUxN2FkNWFlYmNmODhlZA==';
const NOTIFY_RECORD_SIGNATURE = 'NDc2MTBjYjA3Mzc0YjQwNjc2ODQ5OTEwYTViMmVkMjg0YWI4ZDg2MA==';
const RECORD_REQUEST_AUTH = `${KEY}:ZDI5ZTY1MjgwZWM5NDY2NDg2OGRlN2IyZjE5NTkxNDBlYjExNTE3NA==`;

const expectCode = (fn: () => unknown, code: string): void => {
  assert.throws(fn, (error: unknown) => error instanceof AppError && error.code === code);
};

void describe('Zadarma notifications', () => {
  void test('signatures match independently computed vectors', () => {
    assert.equal(signZadarmaNotification(Object.fromEntries(new URLSearchParams(NOTIFY_END)), SECRET), NOTIFY_END_SIGNATURE);
    assert.equal(signZadarmaNotification(Object.fromEntries(new URLSearchParams(NOTIFY_RECORD)), SECRET), NOTIFY_RECORD_SIGNATURE);
  });

  void test('NOTIFY_END becomes an ended inbound call with its recording id', () => {
    assert.deepEqual(parseZadarmaNotification(NOTIFY_END, NOTIFY_END_SIGNATURE, SECRET), {
      kind: 'call_ended', pbxCallId: 'in_1710238501.42_abcd', direction: 'inbound', managerExtension: '101', clientPhone: '+79161234567',
      callStart: '2024-03-12 10:15:01', duration: 151, disposition: 'answered', callIdWithRec: '1710238501.42',
    });
  });

  void test('NOTIFY_OUT_END: the client is the destination; unrecorded calls have no recording id', () => {
    const params = Object.fromEntries(new URLSearchParams(NOTIFY_OUT_END));
    const event = parseZadarmaNotification(NOTIFY_OUT_END, signZadarmaNotification(params, SECRET), SECRET);
    assert.equal(event?.kind, 'call_ended');
    assert.ok(event?.kind === 'call_ended');
    assert.equal(event.direction, 'outbound');
    assert.equal(event.clientPhone, '+79031112233');
    assert.equal(event.callIdWithRec, null);
  });

  void test('NOTIFY_RECORD says the recording is ready', () => {
    assert.deepEqual(parseZadarmaNotification(Buffer.from(NOTIFY_RECORD), NOTIFY_RECORD_SIGNATURE, SECRET), { kind: 'record_ready', pbxCallId: 'in_1710238501.42_abcd', callIdWithRec: '1710238501.42' });
  });

  void test('bad or missing signature, tampered fields', () => {
    expectCode(() => parseZadarmaNotification(NOTIFY_END, undefined, SECRET), 'webhook.signature_missing');
    expectCode(() => parseZadarmaNotification(NOTIFY_END, NOTIFY_RECORD_SIGNATURE, SECRET), 'webhook.signature_invalid');
    expectCode(() => parseZadarmaNotification(NOTIFY_END, NOTIFY_END_SIGNATURE, 'another-secret'), 'webhook.signature_invalid');
    expectCode(() => parseZadarmaNotification(NOTIFY_END.replace('%2B79161234567', '%2B79990000000'), NOTIFY_END_SIGNATURE, SECRET), 'webhook.signature_invalid');
  });

  void test('start events are verified but ignored; the URL check echoes', () => {
    const start = { event: 'NOTIFY_START', call_start: '2024-03-12 10:15:01', pbx_call_id: 'x', caller_id: '+79161234567', called_did: '74951234567' };
    assert.equal(parseZadarmaNotification(new URLSearchParams(start).toString(), signZadarmaNotification(start, SECRET), SECRET), null);
    expectCode(() => parseZadarmaNotification(new URLSearchParams(start).toString(), 'forged', SECRET), 'webhook.signature_invalid');
    assert.equal(zadarmaEcho({ zd_echo: 'abc123' }), 'abc123');
  });
});

void describe('Zadarma API: record request', () => {
  let server: Server;
  let base: string;
  const seen: { url: string; authorization?: string }[] = [];
  const recording = Buffer.from('ID3 fake mp3 bytes');
  let mode: 'ok' | 'not_ready' | 'unauthorized' | 'down' = 'ok';

  before(async () => {
    server = createServer((req: IncomingMessage, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/v1/pbx/record/download/')) {
        res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(recording);
        return;
      }
      seen.push({ url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
      const params = Object.fromEntries(url.searchParams);
      const expected = zadarmaAuthorization(url.pathname, params, KEY, SECRET);
      const json = (status: number, body: unknown): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (mode === 'down') return json(502, { status: 'error', message: 'Bad gateway' });
      if (mode === 'unauthorized' || req.headers.authorization !== expected) return json(401, { status: 'error', message: 'Not authorized' });
      if (mode === 'not_ready') return json(200, { status: 'error', message: 'Record not found' });
      const link = `${base}/v1/pbx/record/download/NjM4MzE0/1/${params.call_id ?? 'call'}.mp3`;
      if (params.pbx_call_id) return json(200, { status: 'success', links: [link], lifetime_till: '2024-03-12 10:50:00' });
      return json(200, { status: 'success', link, lifetime_till: '2024-03-12 10:50:00' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = () => createZadarmaClient({ key: KEY, secret: SECRET, baseUrl: base, timeoutMs: 5000 });

  void test('signs the request as documented and returns the link', async () => {
    mode = 'ok';
    const links = await client().requestRecord({ callId: '1710238501.42' });
    assert.equal(seen.at(-1)?.authorization, RECORD_REQUEST_AUTH);
    assert.equal(seen.at(-1)?.url, '/v1/pbx/record/request/?call_id=1710238501.42&format=json');
    assert.match(links.link ?? '', /\/1710238501\.42\.mp3$/);
    assert.equal(links.lifetimeTill, '2024-03-12 10:50:00');
  });

  void test('by pbx_call_id with a lifetime gives links; the recording downloads', async () => {
    mode = 'ok';
    const links = await client().requestRecord({ pbxCallId: 'in_1710238501.42_abcd', lifetimeSec: 60 });
    assert.match(seen.at(-1)?.url ?? '', /lifetime=180/, 'the lifetime is clamped to the documented minimum');
    const first = links.links?.[0];
    assert.ok(first);
    const fetched = await fetchRecording(first);
    try {
      assert.deepEqual(await readFile(fetched.path), recording);
    } finally {
      await fetched.cleanup();
    }
  });

  void test('API errors map to actionable AppErrors', async () => {
    mode = 'not_ready';
    await assert.rejects(client().requestRecord({ callId: '1' }), (error: unknown) => error instanceof AppError && error.code === 'zadarma.api_error' && error.retryable && /Record not found/.test(error.message));
    mode = 'unauthorized';
    await assert.rejects(client().requestRecord({ callId: '1' }), (error: unknown) => error instanceof AppError && error.code === 'zadarma.unauthorized' && !error.retryable && !error.message.includes(SECRET));
    mode = 'down';
    await assert.rejects(client().requestRecord({ callId: '1' }), (error: unknown) => error instanceof AppError && error.code === 'zadarma.unavailable' && error.retryable);
    await assert.rejects(client().requestRecord({}), (error: unknown) => error instanceof AppError && error.code === 'zadarma.bad_request');
  });

  void test('PHP urlencode semantics', () => {
    assert.equal(phpUrlencode("a b!'()*~+"), 'a+b%21%27%28%29%2A%7E%2B');
  });
});
