import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../domain/errors.ts';
import { parseGenericWebhookPayload } from './generic-webhook-schema.ts';
import { signGenericWebhook, verifyGenericWebhook } from './generic-webhook-signature.ts';

const SECRET = 'whsec_integration_secret';
const NOW = Date.UTC(2024, 2, 12, 10, 0, 0);
const nowSec = NOW / 1000;
const body = JSON.stringify({ external_id: 'call-1', manager_extension: '101', client_phone: '8 916 123-45-67', direction: 'outbound', started_at: '2024-03-12T12:55:00+03:00', duration: 95, recording_url: 'https://pbx.example/rec/1.mp3' });

const rejectsWith = (fn: () => void, code: string): void => {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, 401);
    return true;
  });
};

void describe('generic webhook signature', () => {
  const headers = (signature: string | undefined, timestamp: number | string | undefined) => ({
    ...(signature === undefined ? {} : { 'x-mentor-signature': signature }),
    ...(timestamp === undefined ? {} : { 'x-mentor-timestamp': String(timestamp) }),
  });

  void test('accepts a correctly signed, fresh request (header names in any case)', () => {
    const signature = signGenericWebhook(body, SECRET, nowSec);
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    verifyGenericWebhook({ rawBody: Buffer.from(body), headers: { 'X-Mentor-Signature': signature, 'X-Mentor-Timestamp': String(nowSec) }, secrets: SECRET, nowMs: NOW });
  });

  void test('accepts the previous secret during a rotation', () => {
    verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, 'old', nowSec), nowSec), secrets: [SECRET, 'old'], nowMs: NOW });
  });

  void test('missing signature', () => {
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(undefined, nowSec), secrets: SECRET, nowMs: NOW }), 'webhook.signature_missing');
  });

  void test('wrong secret, changed body, malformed header', () => {
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, 'other', nowSec), nowSec), secrets: SECRET, nowMs: NOW }), 'webhook.signature_invalid');
    rejectsWith(() => verifyGenericWebhook({ rawBody: body.replace('95', '96'), headers: headers(signGenericWebhook(body, SECRET, nowSec), nowSec), secrets: SECRET, nowMs: NOW }), 'webhook.signature_invalid');
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers('deadbeef', nowSec), secrets: SECRET, nowMs: NOW }), 'webhook.signature_invalid');
  });

  void test('a replay with a fresh timestamp fails: the timestamp is signed', () => {
    const old = nowSec - 3600;
    const captured = signGenericWebhook(body, SECRET, old);
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(captured, nowSec), secrets: SECRET, nowMs: NOW }), 'webhook.signature_invalid');
  });

  void test('stale or missing timestamps are refused', () => {
    const stale = nowSec - 301;
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, SECRET, stale), stale), secrets: SECRET, nowMs: NOW }), 'webhook.timestamp_expired');
    const future = nowSec + 301;
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, SECRET, future), future), secrets: SECRET, nowMs: NOW }), 'webhook.timestamp_expired');
    rejectsWith(() => verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, SECRET, nowSec), undefined), secrets: SECRET, nowMs: NOW }), 'webhook.timestamp_invalid');
    const withinTolerance = nowSec - 299;
    verifyGenericWebhook({ rawBody: body, headers: headers(signGenericWebhook(body, SECRET, withinTolerance), withinTolerance), secrets: SECRET, nowMs: NOW });
  });
});

void describe('generic webhook payload', () => {
  const invalid = (payload: unknown, pattern: RegExp, options: { hasAttachment?: boolean } = {}): void => {
    assert.throws(() => parseGenericWebhookPayload(payload, options), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'webhook.invalid_payload');
      assert.match(error.message, pattern);
      return true;
    });
  };

  void test('normalizes the phone, the direction and the time', () => {
    const payload = parseGenericWebhookPayload(JSON.parse(body));
    assert.equal(payload.client_phone, '+79161234567');
    assert.equal(payload.direction, 'outbound');
    assert.equal(payload.started_at.toISOString(), '2024-03-12T09:55:00.000Z');
    assert.equal(payload.recording_url, 'https://pbx.example/rec/1.mp3');
  });

  void test('accepts an attached file or a transcript instead of a URL', () => {
    const { recording_url: _ignored, ...rest } = JSON.parse(body) as Record<string, unknown>;
    parseGenericWebhookPayload(rest, { hasAttachment: true });
    const withTranscript = parseGenericWebhookPayload({ ...rest, direction: 'in', transcript: [{ speaker: 'manager', text: 'Добрый день' }] });
    assert.equal(withTranscript.direction, 'inbound');
    parseGenericWebhookPayload({ ...rest, transcript: 'Менеджер: Добрый день' });
    invalid(rest, /nothing to analyse/);
  });

  void test('reports every problem with its field', () => {
    invalid({ ...JSON.parse(body), client_phone: '12', direction: 'sideways', started_at: 'yesterday', duration: -1 }, /client_phone.*direction.*started_at.*duration/s);
    invalid({ ...JSON.parse(body), manager_extension: undefined }, /give manager_extension \(the PBX extension\) or manager_id/);
    invalid({ ...JSON.parse(body), recording_url: 'file:///etc/passwd' }, /recording_url/);
    invalid('not an object', /body/);
  });
});
