// Mango Office events in the shapes of the API v1.9 documentation (§3.1.6 events/summary examples
// 1–4, §3.1.8 events/record/added), signed as §2.4.3 says, and the recording link (§3.5.1).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { AppError } from '../../../domain/errors.ts';
import { createMangoClient } from './mango-api-client.ts';
import { mangoForm, parseMangoEvent } from './mango-webhook.ts';

const credentials = { apiKey: '1234567890qwerty', salt: 'salt-from-the-personal-account' };

// the documentation's examples, verbatim apart from the signature
const SUMMARY_INBOUND = '{ "entry_id":"232wc3e3w3s222", "call_direction":1, "from": { "number":"7800123635242" }, "to": { "extension":"123", "number":"7800123456789" }, "line_number":"7800123456789", "create_time":1399906976, "forward_time":1399906978, "talk_time":1399906980, "end_time":1399906990, "entry_result":1, "disconnect_reason":1100 }';
const SUMMARY_IVR_ONLY = '{ "entry_id":"232wc3e3w3s222", "call_direction":1, "from": { "number":"79000000000" }, "to": { }, "line_number":"7800123456789", "create_time":1399906976, "forward_time":1399906978, "talk_time":0, "end_time":1399906990, "entry_result":1, "disconnect_reason":1170 }';
const SUMMARY_OUTBOUND = '{ "entry_id":"232wc3e3w3s222", "call_direction":2, "from": { "extension":"123", "number":"sip:user1@xyz.mangosip.ru" }, "to": { "number":"7800123456789" }, "line_number":"74953333357", "create_time":1399906976, "forward_time":1399906976, "talk_time":1399906980, "entry_result":1, "end_time":1399906990, "disconnect_reason":1100 }';
const SUMMARY_OUTBOUND_MISSED = '{ "entry_id":"232wc3e3w3s222", "call_direction":2, "from": { "extension":"123", "number":"sip:user1@xyz.mangosip.ru" }, "to": { "number":"7800123456789" }, "line_number":"74953333357", "create_time":1399906976, "forward_time":1399906976, "talk_time":0, "entry_result":0, "end_time":1399906990, "disconnect_reason":1100 }';
const RECORD_ADDED = '{ "entry_id":"NTAwOTQxMTAyMg==", "product_id":300022532, "user_id":300049012, "timestamp":1578664187, "recording_id":"MToxMDAwNjA4NTo1MDA5NDExMDIyOjE=" }';

/** A request as Mango sends it: the form fields, signed with sha256(key + json + salt). */
function fromMango(json: string, options: { salt?: string; apiKey?: string } = {}): string {
  const apiKey = options.apiKey ?? credentials.apiKey;
  const sign = createHash('sha256').update(apiKey + json + (options.salt ?? credentials.salt)).digest('hex');
  return new URLSearchParams({ vpbx_api_key: apiKey, sign, json }).toString();
}

test('an answered inbound call: the employee who answered is the manager, the caller is the client', () => {
  const event = parseMangoEvent('events/summary', fromMango(SUMMARY_INBOUND), credentials);
  assert.equal(event.kind, 'call_ended');
  if (event.kind !== 'call_ended') return;
  assert.deepEqual({ ...event, raw: undefined }, {
    kind: 'call_ended', entryId: '232wc3e3w3s222', direction: 'inbound', answered: true, managerExtension: '123', clientPhone: '7800123635242',
    startedAt: new Date(1399906980 * 1000), durationSeconds: 10, raw: undefined,
  });
});

test('an outbound call: the caller is the manager, the number called the client; no talk means no conversation', () => {
  const outbound = parseMangoEvent('/events/summary/', fromMango(SUMMARY_OUTBOUND), credentials);
  assert.equal(outbound.kind === 'call_ended' && `${outbound.direction} ${outbound.managerExtension} ${outbound.clientPhone} ${outbound.answered}`, 'outbound 123 7800123456789 true');
  const missed = parseMangoEvent('events/summary', fromMango(SUMMARY_OUTBOUND_MISSED), credentials);
  assert.equal(missed.kind === 'call_ended' && missed.answered, false);
  // entry_result 1 but talk_time 0: the call ended in the voice menu
  const ivr = parseMangoEvent('events/summary', fromMango(SUMMARY_IVR_ONLY), credentials);
  assert.equal(ivr.kind === 'call_ended' && ivr.answered, false);
  const internal = parseMangoEvent('events/summary', fromMango(SUMMARY_INBOUND.replace('"call_direction":1', '"call_direction":0')), credentials);
  assert.deepEqual(internal, { kind: 'ignored', reason: 'internal call' });
});

test('record/added gives the recording id; other events and the connection check are acknowledged', () => {
  assert.deepEqual({ ...parseMangoEvent('events/record/added', fromMango(RECORD_ADDED), credentials), raw: undefined }, {
    kind: 'record_added', entryId: 'NTAwOTQxMTAyMg==', recordingId: 'MToxMDAwNjA4NTo1MDA5NDExMDIyOjE=', raw: undefined,
  });
  assert.deepEqual(parseMangoEvent('events/call', fromMango('{"entry_id":"x","call_state":"Appeared"}'), credentials), { kind: 'ignored', reason: 'event events/call' });
  assert.deepEqual(parseMangoEvent('', '', credentials), { kind: 'ignored', reason: 'connection check' });
});

test('a wrong signing key, another PBX, an unsigned or malformed request is refused with what to check', () => {
  const refused = (body: string, code: string, status: number) => assert.throws(() => parseMangoEvent('events/summary', body, credentials), (error: AppError) => error.code === code && error.status === status);
  refused(fromMango(SUMMARY_INBOUND, { salt: 'not-the-salt' }), 'webhook.signature_invalid', 401);
  refused(fromMango(SUMMARY_INBOUND, { apiKey: 'another-pbx' }), 'webhook.signature_invalid', 401);
  refused(new URLSearchParams({ vpbx_api_key: credentials.apiKey, json: SUMMARY_INBOUND }).toString(), 'webhook.signature_missing', 401);
  refused(fromMango('{"entry_id": '), 'webhook.invalid_payload', 422);
  refused(fromMango('{"entry_id":"x","call_direction":1}'), 'webhook.invalid_payload', 422);
  // the JSON exactly as signed: a re-serialized body does not verify
  const tampered = new URLSearchParams(fromMango(SUMMARY_INBOUND));
  tampered.set('json', JSON.stringify(JSON.parse(SUMMARY_INBOUND)));
  refused(tampered.toString(), 'webhook.signature_invalid', 401);
});

test('the recording link is asked with a signed request and read from the 302 redirect', async () => {
  const seen: URLSearchParams[] = [];
  const api = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      seen.push(form);
      const json = JSON.parse(form.get('json') ?? '{}') as { recording_id?: string };
      if (req.url !== '/vpbx/queries/recording/post' || json.recording_id === 'not-yet') return void res.writeHead(404).end();
      res.writeHead(302, { location: `https://files.mango-office.ru/${json.recording_id}` }).end();
    });
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  try {
    const client = createMangoClient({ ...credentials, baseUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}/vpbx` });
    assert.equal(await client.recordingLink('rec-1'), 'https://files.mango-office.ru/rec-1');
    assert.equal(seen[0]!.toString(), mangoForm(credentials.apiKey, credentials.salt, { recording_id: 'rec-1', action: 'download' }).toString());
    assert.equal(seen[0]!.get('sign'), createHash('sha256').update(credentials.apiKey + seen[0]!.get('json') + credentials.salt).digest('hex'));
    await assert.rejects(client.recordingLink('not-yet'), (error: AppError) => error.code === 'mango.recording_not_ready' && error.retryable);
  } finally {
    api.close();
  }
});
