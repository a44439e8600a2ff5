// Telephony ways in, on both engines: the signed generic webhook (recording URL served by a stand-in
// PBX on 127.0.0.1, or the file attached), Zadarma and Mango Office events in their documented
// shapes, the Asterisk CDR import; bad signatures, download 404/timeouts.
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { prepareRecording } from '../../src/audio/audio-decode.ts';
import { startAsteriskWatchers } from '../../src/calls/pipeline-handlers.ts';
import { signGenericWebhook } from '../../src/integrations/telephony/generic/generic-webhook-signature.ts';
import { signZadarmaNotification } from '../../src/integrations/telephony/zadarma/zadarma-webhook.ts';
import { mangoForm } from '../../src/integrations/telephony/mango/mango-webhook.ts';
import { makeStereoCall, registerChannels, RUSSIAN_CALL, type FixtureCall } from '../support/audio-fixtures.ts';
import { engines } from '../support/database.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../support/fake-openai-server.ts';
import { callForm, postForm, startIngestServer, type IngestServer } from '../support/ingest-harness.ts';
import type { ApiClient } from '../support/test-server.ts';

const DONE = ['analysed', 'failed'];
const now = (): number => Math.floor(Date.now() / 1000);

for (const { kind, skip } of await engines()) {
  void describe(`telephony webhooks (${kind})`, { skip }, () => {
    let fake: FakeOpenAiServer;
    let server: IngestServer;
    let client: ApiClient;
    let call: FixtureCall;
    let work: string;
    let pbx: Server;
    let pbxUrl: string;
    let hook: { id: string; secret: string };

    before(async () => {
      fake = await startFakeOpenAiServer();
      work = await mkdtemp(join(tmpdir(), 'mentor-ingest-hooks-'));
      call = await makeStereoCall(RUSSIAN_CALL, { format: 'mulaw' });
      const prepared = await prepareRecording(call.path, work, { managerChannel: 'left' });
      await registerChannels(fake, call, prepared.channels as { manager: string; client: string });
      // a stand-in PBX: /rec.wav serves the call, /hang never answers, the rest is 404; the
      // Zadarma record API answers with a link to /rec.wav
      pbx = createServer((req, res) => {
        if (req.url?.startsWith('/rec.wav')) return void createReadStream(call.path).pipe(res.writeHead(200, { 'content-type': 'audio/wav' }));
        if (req.url?.startsWith('/hang')) return;
        if (req.url?.startsWith('/v1/pbx/record/request/')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', link: `${pbxUrl}/rec.wav?token=1` }));
        // Mango Office answers a signed recording request with a one-time link
        if (req.url === '/vpbx/queries/recording/post') return void res.writeHead(302, { location: `${pbxUrl}/rec.wav?mango=1` }).end();
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => pbx.listen(0, '127.0.0.1', resolve));
      pbxUrl = `http://127.0.0.1:${(pbx.address() as AddressInfo).port}`;
      server = await startIngestServer({ engine: kind, fetchTimeoutMs: 1000, env: { MENTOR_STT: 'openai', MENTOR_STT_URL: fake.url } });
      client = await server.integrator();
      const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'PBX', manager_channel: 'left' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      hook = { id: created.body.integration.id, secret: created.body.secret };
    });
    after(async () => {
      await server?.close();
      await fake?.close();
      // a `before` that failed half-way (e.g. sox missing) must not leave the file waiting forever
      if (pbx) {
        pbx.closeAllConnections();
        await new Promise((resolve) => pbx.close(resolve));
      }
      await call?.cleanup();
      if (work) await rm(work, { recursive: true, force: true });
    });

    const payload = (externalId: string, extra: Record<string, unknown> = {}) => ({
      external_id: externalId, manager_extension: '101', client_phone: '+79161234567', direction: 'outbound', started_at: '2026-03-12T10:15:00+03:00', duration: 12, ...extra,
    });
    const sendSigned = async (body: unknown, options: { secret?: string; signature?: string | null } = {}) => {
      const raw = JSON.stringify(body);
      const ts = now();
      const signature = options.signature === undefined ? signGenericWebhook(raw, options.secret ?? hook.secret, ts) : options.signature;
      const response = await fetch(`${server.url}/api/v1/webhooks/telephony/${hook.id}`, {
        method: 'POST', body: raw,
        headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), ...(signature === null ? {} : { 'x-mentor-signature': signature }) },
      });
      return { status: response.status, body: await response.json() as any };
    };

    void test('the integration is listed without its secret', async () => {
      const list = await client.request('GET', '/api/v1/integrations');
      const item = list.body.integrations.find((entry: { id: string }) => entry.id === hook.id);
      assert.equal(item.webhookPath, `/api/v1/webhooks/telephony/${hook.id}`);
      assert.ok(!JSON.stringify(list.body).includes(hook.secret));
    });

    void test('a signed webhook with a recording URL is downloaded, transcribed per channel and analysed', async () => {
      const sent = await sendSigned(payload('hook-url-1', { recording_url: `${pbxUrl}/rec.wav?token=secret` }));
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.deepEqual(detail.transcript.turns.map((turn: { speaker: string }) => turn.speaker), call.turns.map((turn) => turn.speaker));
      assert.equal(detail.call.source, 'webhook');
      const again = await sendSigned(payload('hook-url-1', { recording_url: `${pbxUrl}/rec.wav?token=secret` }));
      assert.equal(again.body.id, sent.body.id, 'a redelivery is the same call');
    });

    void test('a transcript and a recording URL in one webhook: the transcript is analysed, the recording is kept for the player', async () => {
      const transcriptions = () => fake.requests.filter((request) => request.path === '/v1/audio/transcriptions').length;
      const before = transcriptions();
      const text = 'Менеджер: Добрый день, компания Ромашка.\nКлиент: Здравствуйте, сколько стоит доставка?\nМенеджер: Пятьсот рублей, оформить?\nКлиент: Да.';
      const sent = await sendSigned(payload('hook-both', { transcript: text, recording_url: `${pbxUrl}/rec.wav?token=both` }));
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      const detail = await server.waitForStatus(client, sent.body.id, DONE);
      assert.equal(detail.transcript.source, 'import');
      assert.match(detail.transcript.turns[0].text, /Ромашка/);
      const recording = async () => fetch(`${server.url}/api/v1/calls/${sent.body.id}/recording`, { headers: { cookie: client.cookie } });
      let played = await recording();
      for (let i = 0; played.status !== 200 && i < 100; i++) {
        await played.arrayBuffer();
        await delay(100);
        played = await recording();
      }
      assert.equal(played.status, 200, 'the linked recording was downloaded for the player');
      assert.equal(Buffer.from(await played.arrayBuffer()).equals(await readFile(call.path)), true);
      assert.equal(transcriptions(), before, 'the given transcript is used: no speech-to-text');
      assert.equal((await client.request('GET', `/api/v1/calls/${sent.body.id}`)).body.call.status, detail.call.status, 'the download did not move the call back');

      // a link that cannot be fetched leaves the analysed call as it is and says why the player is empty
      const broken = await sendSigned(payload('hook-both-404', { transcript: text, recording_url: `${pbxUrl}/missing.wav` }));
      const analysed = await server.waitForStatus(client, broken.body.id, DONE);
      let missing: { status: number; body: any } = { status: 0, body: null };
      for (let i = 0; i < 100; i++) {
        missing = await client.request('GET', `/api/v1/calls/${broken.body.id}/recording`);
        if (/could not be downloaded/.test(missing.body?.error?.message ?? '')) break;
        await delay(100);
      }
      assert.equal(missing.status, 404);
      assert.match(missing.body.error.message, /could not be downloaded: The recording at .* does not exist \(HTTP 404\)/);
      assert.equal((await client.request('GET', `/api/v1/calls/${broken.body.id}`)).body.call.status, analysed.call.status);
    });

    void test('a signed multipart webhook with the recording attached', async () => {
      const form = await callForm({ payload: JSON.stringify(payload('hook-file-1')) }, [{ field: 'recording', path: call.path, name: 'rec.wav' }]);
      const request = new Request('http://x', { method: 'POST', body: form });
      const raw = Buffer.from(await request.arrayBuffer());
      const ts = now();
      const response = await fetch(`${server.url}/api/v1/webhooks/telephony/${hook.id}`, {
        method: 'POST', body: raw,
        headers: { 'content-type': request.headers.get('content-type')!, 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(raw, hook.secret, ts) },
      });
      const body = await response.json() as any;
      assert.equal(response.status, 202, JSON.stringify(body));
      const detail = await server.waitForStatus(client, body.id, DONE);
      assert.equal(detail.transcript.turns.length, call.turns.length);
      // the same bytes signed with a wrong secret are refused
      const forged = await fetch(`${server.url}/api/v1/webhooks/telephony/${hook.id}`, {
        method: 'POST', body: raw,
        headers: { 'content-type': request.headers.get('content-type')!, 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(raw, 'wrong', ts) },
      });
      assert.equal(forged.status, 401);
    });

    void test('a bad or missing signature answers 401 and the raw request lands in the audit log', async () => {
      const forged = await sendSigned(payload('forged-1', { transcript: 'Менеджер: Здравствуйте.\nКлиент: Нет.' }), { secret: 'not-the-secret' });
      assert.equal(forged.status, 401);
      assert.equal(forged.body.error.code, 'webhook.signature_invalid');
      const unsigned = await sendSigned(payload('forged-2'), { signature: null });
      assert.equal(unsigned.status, 401);
      assert.equal(unsigned.body.error.code, 'webhook.signature_missing');
      const audit = await client.request('GET', '/api/v1/audit?limit=50');
      const rejected = audit.body.entries.filter((entry: any) => entry.action === 'webhook.rejected' && String(entry.details.bodyPreview).includes('"forged-'));
      assert.deepEqual(rejected.map((entry: any) => entry.details.code).sort(), ['webhook.signature_invalid', 'webhook.signature_missing']);
      assert.ok(rejected.every((entry: any) => entry.details.integrationId === hook.id && entry.details.bodySha256.length === 64));
      const calls = await client.request('GET', '/api/v1/calls?limit=100');
      assert.ok(!JSON.stringify(calls.body).includes('forged-'), 'no call was created');
    });

    void test('a recording URL that answers 404 or hangs leaves the call failed with the reason', async () => {
      const missing = await sendSigned(payload('hook-404', { recording_url: `${pbxUrl}/missing.wav` }));
      assert.equal(missing.status, 202);
      const failed404 = await server.waitForStatus(client, missing.body.id, ['failed']);
      assert.equal(failed404.call.errorCode, 'recording.not_found');
      const hanging = await sendSigned(payload('hook-timeout', { recording_url: `${pbxUrl}/hang.wav` }));
      const failedTimeout = await server.waitForStatus(client, hanging.body.id, ['failed']);
      assert.equal(failedTimeout.call.errorCode, 'recording.timeout');
      assert.match(failedTimeout.call.errorMessage, /took longer than/);
    });

    void test('Zadarma: echo check, NOTIFY_END with a recording fetched through the record API', async () => {
      const secret = 'zadarma-secret-1';
      const created = await client.request('POST', '/api/v1/integrations', { kind: 'zadarma', name: 'Zadarma', secret, config: { apiKey: 'key-1', apiBaseUrl: pbxUrl } });
      const id = created.body.integration.id;
      const echo = await fetch(`${server.url}/api/v1/webhooks/zadarma/${id}?zd_echo=abc123`);
      assert.equal(await echo.text(), 'abc123');
      const params = {
        event: 'NOTIFY_END', call_start: '2026-03-12 10:15:01', pbx_call_id: 'in_1773299701.42_abcd', caller_id: '+79161234567',
        called_did: '74951234567', internal: '102', duration: '12', disposition: 'answered', status_code: '16', is_recorded: '1', call_id_with_rec: '1773299701.42',
      };
      const post = (body: Record<string, string>, signature: string) => fetch(`${server.url}/api/v1/webhooks/zadarma/${id}`, {
        method: 'POST', body: new URLSearchParams(body).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded', signature },
      });
      const bad = await post(params, 'bm90LXNpZ25lZA==');
      assert.equal(bad.status, 401);
      const response = await post(params, signZadarmaNotification(params, secret));
      const body = await response.json() as any;
      assert.equal(response.status, 200, JSON.stringify(body));
      const detail = await server.waitForStatus(client, body.id, DONE);
      assert.equal(detail.call.source, 'zadarma');
      assert.equal(detail.transcript.turns.length, call.turns.length);
      const duplicate = await (await post(params, signZadarmaNotification(params, secret))).json() as any;
      assert.equal(duplicate.id, body.id);
    });

    void test('Mango Office: summary and record/added in either order make one call, downloaded and analysed', async () => {
      const credentials = { apiKey: 'mango-pbx-1', salt: 'mango-salt-1' };
      const created = await client.request('POST', '/api/v1/integrations', { kind: 'mango', name: 'Mango', secret: credentials.salt, config: { apiKey: credentials.apiKey, apiBaseUrl: `${pbxUrl}/vpbx` } });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const base = `${server.url}${created.body.integration.webhookPath}`;
      const post = async (event: string, payload: unknown, salt = credentials.salt) => {
        const response = await fetch(base + event, { method: 'POST', body: mangoForm(credentials.apiKey, salt, payload).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
        return { status: response.status, body: await response.json() as any };
      };
      const summary = (entryId: string) => ({
        entry_id: entryId, call_direction: 1, from: { number: '79161234567' }, to: { extension: '101', number: '74951234567' }, line_number: '74951234567',
        create_time: 1773299701, forward_time: 1773299703, talk_time: 1773299705, end_time: 1773299717, entry_result: 1, disconnect_reason: 1100,
      });
      const record = (entryId: string) => ({ entry_id: entryId, product_id: 300022532, user_id: 300049012, timestamp: 1773299720, recording_id: `rec-${entryId}` });
      const check = await fetch(base, { method: 'POST' });
      assert.equal(check.status, 200, 'Mango\'s connection check');
      await check.arrayBuffer();

      const first = await post('events/summary', summary('mango-1'));
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal((await post('events/record/added', record('mango-1'))).body.id, first.body.id);
      const summaryFirst = await server.waitForStatus(client, first.body.id, DONE);
      assert.equal(summaryFirst.call.source, 'mango');
      assert.equal(summaryFirst.call.clientPhone, '+79161234567');
      assert.deepEqual(summaryFirst.transcript.turns.map((turn: { speaker: string }) => turn.speaker), call.turns.map((turn) => turn.speaker));

      // the recording's event first: the call waits without a manager until the summary names one
      const early = await post('events/record/added', record('mango-2'));
      assert.equal(early.status, 200, JSON.stringify(early.body));
      const late = await post('events/summary', summary('mango-2'));
      assert.equal(late.body.id, early.body.id);
      const recordFirst = await server.waitForStatus(client, early.body.id, DONE);
      assert.ok(recordFirst.call.manager, 'the summary gave the call its manager');
      assert.equal(recordFirst.call.direction, 'inbound');
      assert.equal(recordFirst.transcript.turns.length, call.turns.length);
      assert.equal((await post('events/summary', summary('mango-2'))).body.id, early.body.id, 'a redelivery is the same call');

      const forged = await post('events/summary', summary('mango-3'), 'not-the-salt');
      assert.equal(forged.status, 401);
      assert.equal(forged.body.error.code, 'webhook.signature_invalid');
    });

    void test('Asterisk: a Master.csv import with the recording named by uniqueid', async () => {
      const created = await client.request('POST', '/api/v1/integrations', { kind: 'asterisk', name: 'Asterisk' });
      const id = created.body.integration.id;
      const csv = [
        '"","101","89161234567","from-internal","""Анна"" <101>","PJSIP/101-00000012","PJSIP/trunk-00000013","Dial","PJSIP/89161234567@trunk,60","2026-03-12 10:15:01","2026-03-12 10:15:09","2026-03-12 10:17:40",159,151,"ANSWERED","DOCUMENTATION","1773299701.42",""',
        '"","79031112233","102","from-trunk","""79031112233"" <79031112233>","PJSIP/trunk-00000020","PJSIP/102-00000021","Dial","PJSIP/102,30","2026-03-12 11:00:00","2026-03-12 11:00:05","2026-03-12 11:03:05",185,180,"ANSWERED","DOCUMENTATION","1773303600.50",""',
        '"","+79031112233","103","from-trunk","","PJSIP/trunk-1","PJSIP/103-1","Dial","","2026-03-12 12:00:00","","2026-03-12 12:00:25",25,0,"NO ANSWER","DOCUMENTATION","1773307200.60",""',
      ].join('\n');
      const form = await callForm({}, [
        { field: 'cdr', content: csv, name: 'Master.csv', type: 'text/csv' },
        { field: 'recording', content: await readFile(call.path), name: 'out-89161234567-101-20260312-101501-1773299701.42.wav', type: 'audio/wav' },
      ]);
      const imported = await postForm(client, `/api/v1/integrations/${id}/asterisk/cdr`, form);
      assert.equal(imported.status, 200, JSON.stringify(imported.body));
      assert.equal(imported.body.created, 2);
      assert.equal(imported.body.skipped, 1, 'the unanswered call is skipped');
      const withRecording = imported.body.calls.find((entry: { externalId: string }) => entry.externalId === '1773299701.42');
      assert.equal(withRecording.hasRecording, true);
      const detail = await server.waitForStatus(client, withRecording.id, DONE);
      assert.equal(detail.call.source, 'asterisk');
      assert.equal(detail.call.clientPhone, '+79161234567');
      assert.deepEqual(detail.transcript.turns.map((turn: { speaker: string }) => turn.speaker), call.turns.map((turn) => turn.speaker));
      const again = await postForm(client, `/api/v1/integrations/${id}/asterisk/cdr`, await callForm({}, [{ field: 'cdr', content: csv, name: 'Master.csv', type: 'text/csv' }]));
      assert.equal(again.body.created, 0);
      assert.equal(again.body.duplicates, 2);

      // the second call's recording appears later in the watched folder and is attached by uniqueid
      const folder = await mkdtemp(join(work, 'monitor-'));
      const watched = await client.request('POST', '/api/v1/integrations', { kind: 'asterisk', name: 'Asterisk folder', config: { recordingsDir: folder } });
      const waiting = await postForm(client, `/api/v1/integrations/${watched.body.integration.id}/asterisk/cdr`, await callForm({}, [{ field: 'cdr', content: csv, name: 'Master.csv', type: 'text/csv' }]));
      const pending = waiting.body.calls.find((entry: { externalId: string }) => entry.externalId === '1773303600.50');
      assert.equal((await client.request('GET', `/api/v1/calls/${pending.id}`)).body.call.status, 'received');
      const watchers = await startAsteriskWatchers({ db: server.database.db, config: server.config, jobs: server.jobs, pollIntervalMs: 200 });
      try {
        await copyFile(call.path, join(folder, 'in-102-79031112233-20260312-110000-1773303600.50.wav'));
        const attached = await server.waitForStatus(client, pending.id, DONE);
        assert.equal(attached.transcript.turns.length, call.turns.length);
      } finally {
        await watchers.close();
      }
    });
  });
}
