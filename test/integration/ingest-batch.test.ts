// Group commit on both engines: calls accepted together share one transaction, a redelivery
// inside the same batch or across batches makes exactly one call (named by exactly one first
// job, the batch's call.intake), a delivery
// the database refuses fails alone while its batch-mates commit, and every accepted call goes on
// through the pipeline. Real database, real queue, real HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createCallIntake, type PreparedCall } from '../../src/calls/call-intake.ts';
import { asSystem } from '../../src/db/tenant.ts';
import { signGenericWebhook } from '../../src/integrations/telephony/generic/generic-webhook-signature.ts';
import { engines } from '../support/database.ts';
import { startIngestServer, type IngestServer } from '../support/ingest-harness.ts';
import type { ApiClient } from '../support/test-server.ts';

const TRANSCRIPT = 'Менеджер: Добрый день, компания Ромашка.\nКлиент: Сколько стоит доставка?\nМенеджер: Пятьсот рублей, оформляем?\nКлиент: Да, оформляйте.';

for (const { kind, skip } of await engines()) {
  void describe(`calls accepted in batches (${kind})`, { skip }, () => {
    let server: IngestServer;
    let client: ApiClient;
    let hook: { id: string; secret: string };

    before(async () => {
      server = await startIngestServer({ engine: kind });
      client = await server.integrator();
      const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'PBX' });
      hook = { id: created.body.integration.id, secret: created.body.secret };
    });
    after(async () => {
      await server?.close();
    });

    const stored = async (prefix: string) => asSystem(server.database.db, async (tx) => {
      const result = await tx.execute(sql`select c.external_id, count(distinct c.id)::int as calls, count(j.id)::int as first_jobs
        from calls c left join pgboss.job j on j.name = 'call.intake' and j.data->'callIds' ? c.id::text
        where c.external_id like ${`${prefix}%`} group by c.external_id order by c.external_id`);
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ external_id: string; calls: number; first_jobs: number }>;
    });

    void test('one batch: copies of a delivery share its call, a row the database refuses fails alone', async () => {
      const intake = createCallIntake({ db: server.database.db, jobs: server.jobs, maxBatch: 100, concurrency: 1 });
      const call = (externalId: string, text = TRANSCRIPT): PreparedCall => ({
        companyId: server.demo.companyId, source: 'webhook', integrationId: hook.id, externalId, direction: 'inbound', managerExtension: '101', managerId: null,
        clientPhone: '+79160000001', durationSeconds: 30, transcript: { content: text }, recording: null, pendingRecording: null, rawMetadata: { webhook: { external_id: externalId } },
      });
      try {
        // submitted in one tick: one batch (checked below), which the NUL character rolls back as a whole
        const sent = [call('one-a'), call('one-b'), call('one-a'), call('one-nul', 'Менеджер: Здравствуйте\u0000'), call('one-b'), call('one-c')].map((item) => intake.submit(item));
        const settled = await Promise.allSettled(sent);
        assert.equal(intake.stats().batches, 1, 'submitted in one tick, written as one batch');
        assert.equal(intake.stats().fallbacks, 1, 'which failed and was written again item by item');
        const value = (index: number) => (settled[index] as PromiseFulfilledResult<{ id: string; duplicate: boolean }>).value;
        assert.equal(settled[3]!.status, 'rejected');
        assert.equal((settled[3] as PromiseRejectedResult).reason.code, 'call.invalid_text');
        assert.equal((settled[3] as PromiseRejectedResult).reason.status, 422);
        for (const index of [0, 1, 2, 4, 5]) assert.equal(settled[index]!.status, 'fulfilled');
        assert.equal(value(2).id, value(0).id);
        assert.equal(value(4).id, value(1).id);
        assert.deepEqual([0, 1, 2, 4, 5].map((index) => value(index).duplicate), [false, false, true, true, false]);
        assert.deepEqual(await stored('one-'), [
          { external_id: 'one-a', calls: 1, first_jobs: 1 }, { external_id: 'one-b', calls: 1, first_jobs: 1 }, { external_id: 'one-c', calls: 1, first_jobs: 1 },
        ]);
      } finally {
        await intake.close();
      }
    });

    void test('one intake job for the batch: a call whose intake cannot complete fails alone, its batch-mates go on', async () => {
      const intake = createCallIntake({ db: server.database.db, jobs: server.jobs, maxBatch: 100, concurrency: 1 });
      // the door checks a transcript before it is accepted; this one slips past it (written straight
      // to the intake) so that only the job can find it unreadable
      const call = (externalId: string, text: string): PreparedCall => ({
        companyId: server.demo.companyId, source: 'webhook', integrationId: hook.id, externalId, direction: 'inbound', managerExtension: '101', managerId: null,
        clientPhone: '+79160000002', durationSeconds: 30, transcript: { content: text }, recording: null, pendingRecording: null, rawMetadata: { webhook: { external_id: externalId } },
      });
      try {
        const accepted = await Promise.all([call('mates-a', TRANSCRIPT), call('mates-bad', 'no speaker labels at all'), call('mates-b', TRANSCRIPT)].map((item) => intake.submit(item)));
        assert.equal(intake.stats().batches, 1);
        const jobs = await asSystem(server.database.db, async (tx) => {
          const result = await tx.execute(sql`select j.data->'callIds' as ids from pgboss.job j where j.name = 'call.intake' and j.data->'callIds' ? ${accepted[0]!.id}`);
          return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ ids: string[] }>;
        });
        assert.deepEqual(jobs.map((job) => job.ids), [accepted.map((answer) => answer.id)], 'one first job names the three calls');
        const [good, bad, other] = await Promise.all(accepted.map((answer, index) => server.waitForStatus(client, answer.id, index === 1 ? ['failed'] : ['analysed'])));
        assert.equal(bad.call.errorCode, 'transcript.malformed');
        assert.match(bad.call.errorMessage, /does not start with a speaker/);
        assert.equal(good.transcript.source, 'import');
        assert.equal(other.transcript.source, 'import');
      } finally {
        await intake.close();
      }
    });

    void test('concurrent signed webhooks with redeliveries and bad ones: one call per delivery, each analysed', async () => {
      const send = async (body: unknown) => {
        const raw = JSON.stringify(body);
        const ts = Math.floor(Date.now() / 1000);
        const response = await fetch(`${server.url}/api/v1/webhooks/telephony/${hook.id}`, {
          method: 'POST', body: raw, headers: { 'content-type': 'application/json', 'x-mentor-timestamp': String(ts), 'x-mentor-signature': signGenericWebhook(raw, hook.secret, ts) },
        });
        return { status: response.status, body: await response.json() as any };
      };
      const delivery = (n: number, extra: Record<string, unknown> = {}) => ({
        external_id: `many-${String(n).padStart(2, '0')}`, manager_extension: '101', client_phone: `+7916000${String(n).padStart(4, '0')}`, direction: 'inbound',
        started_at: '2026-03-12T10:15:00+03:00', duration: 30, transcript: TRANSCRIPT, ...extra,
      });
      const bodies = [
        ...Array.from({ length: 20 }, (_, n) => delivery(n)),
        ...Array.from({ length: 20 }, (_, n) => delivery(n)), // every one delivered twice, at the same time
        delivery(90, { direction: 'sideways' }), // refused by validation
        delivery(91, { transcript: 'Менеджер: Алло\u0000' }), // refused by the database
      ];
      const answers = await Promise.all(bodies.map((body) => send(body)));
      const bad = answers.slice(40);
      assert.deepEqual(bad.map((answer) => [answer.status, answer.body.error.code]), [[422, 'webhook.invalid_payload'], [422, 'call.invalid_text']]);
      const good = answers.slice(0, 40);
      assert.ok(good.every((answer) => answer.status === 202), JSON.stringify(good.filter((answer) => answer.status !== 202)));
      for (let n = 0; n < 20; n++) {
        assert.equal(good[n + 20]!.body.id, good[n]!.body.id, `both deliveries of many-${n} answer with one call`);
        assert.equal([good[n]!.body.duplicate, good[n + 20]!.body.duplicate].filter(Boolean).length, 1);
      }
      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      const written = Number(/mentor_ingest_calls\{kind="written"\} (\d+)/.exec(metrics)?.[1]);
      assert.ok(written >= 40, `the deliveries went through the intake (${written} written)`);
      const rows = await stored('many-');
      assert.equal(rows.length, 20);
      assert.ok(rows.every((row) => row.calls === 1 && row.first_jobs === 1), JSON.stringify(rows));
      for (const id of new Set(good.map((answer) => answer.body.id as string))) {
        const detail = await server.waitForStatus(client, id, ['analysed', 'failed']);
        assert.equal(detail.transcript.source, 'import');
        assert.equal(detail.call.manager?.name !== undefined, true, 'the manager was matched by extension 101');
      }
    });
  });
}
