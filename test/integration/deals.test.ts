// Deals CSV import (preview, commit, re-import), manual payments with a receipt (including the
// refusal for an unknown client) and the amoCRM webhook, through the real API on both engines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildReportFixture, phone, type ReportFixture } from '../support/report-fixtures.ts';
import { integrations } from '../../src/db/schema/calls.ts';
import { deals, payments, recommendations } from '../../src/db/schema/outcomes.ts';
import { withTenant } from '../../src/db/tenant.ts';

const CSV = ['Телефон;Сумма;Дата оплаты;ID сделки', '+7 916 555-00-01;85000;2026-11-02;D-1', '8 (916) 555-00-02;70 000,50;03.11.2026;D-2', '+7 916 555-00-03;abc;2026-11-04;D-3', '+7 916 555-00-04;50000;31.02.2026;D-4', '+7 916 555-00-01;85000;2026-11-02;D-1'].join('\n');

async function upload(api: ApiClient, path: string, form: FormData): Promise<{ status: number; body: any }> {
  const res = await fetch(api.baseUrl + path, { method: 'POST', body: form, headers: { cookie: api.cookie } });
  return { status: res.status, body: await res.json() };
}

for (const { kind, skip } of await engines()) {
  describe(`deals and payments on ${kind}`, { skip }, () => {
    let server: TestServer;
    let fx: ReportFixture;
    let head: ApiClient;
    before(async () => {
      server = await startTestServer({ engine: kind });
      fx = await buildReportFixture(server.runtime.database.db);
      head = new ApiClient(server.url);
      await head.login(fx.headOfSales.email, fx.headOfSales.password);
    });
    after(async () => {
      await server?.close();
    });
    const count = (table: typeof deals | typeof payments) => withTenant(server.runtime.database.db, fx.companyId, (tx) => tx.$count(table, eq(table.companyId, fx.companyId)));

    test('CSV preview stores nothing and lists bad lines; commit and re-import duplicate nothing', async () => {
      const before = { deals: await count(deals), payments: await count(payments) };
      const preview = await head.request('POST', '/api/v1/deals/import?dryRun=true', undefined, { 'content-type': 'text/csv' });
      assert.equal(preview.status, 422); // an empty body is an empty file
      const dry = await fetch(`${server.url}/api/v1/deals/import?dryRun=true`, { method: 'POST', body: CSV, headers: { cookie: head.cookie, 'content-type': 'text/csv' } }).then(async (r) => ({ status: r.status, body: await r.json() as any }));
      assert.equal(dry.status, 200, JSON.stringify(dry.body));
      assert.equal(dry.body.dryRun, true);
      assert.equal(dry.body.validRows, 2);
      assert.deepEqual(dry.body.errors.map((e: { line: number; code: string }) => `${e.line}:${e.code}`).sort(), ['4:bad_amount', '5:bad_date', '6:duplicate_row']);
      assert.equal(dry.body.stored, null);
      assert.equal(await count(deals), before.deals);

      const form = new FormData();
      form.append('file', new Blob([CSV], { type: 'text/csv' }), 'deals.csv');
      const commit = await upload(head, '/api/v1/deals/import', form);
      assert.equal(commit.status, 200, JSON.stringify(commit.body));
      assert.deepEqual(commit.body.stored, { dealsCreated: 2, dealsUpdated: 0, paymentsCreated: 2, paymentsAlreadyImported: 0, clientsCreated: 2 });
      const again = await upload(head, '/api/v1/deals/import', form);
      assert.deepEqual(again.body.stored, { dealsCreated: 0, dealsUpdated: 2, paymentsCreated: 0, paymentsAlreadyImported: 2, clientsCreated: 0 });
      assert.equal(await count(deals), before.deals + 2);
      assert.equal(await count(payments), before.payments + 2);
      // November now has 2 leads (the CSV clients) and 2 paid deals
      const report = await head.request('GET', '/api/v1/report?period=month&at=2026-11-10');
      assert.equal(report.body.current.paidDeals, 2);
      assert.equal(report.body.current.leads, 2);
    });

    test('a file with wrong columns is refused with the expected headers', async () => {
      const res = await fetch(`${server.url}/api/v1/deals/import?dryRun=true`, { method: 'POST', body: 'Имя;Город\nИван;Москва\n', headers: { cookie: head.cookie, 'content-type': 'text/csv' } });
      assert.equal(res.status, 422);
      const body = await res.json() as any;
      assert.match(body.error.message, /no column for/);
      assert.ok(body.error.details.expected.length > 0);
    });

    test('a receipt payment closes the recommendation as returned; an unknown client is refused and nothing is kept', async () => {
      const db = server.runtime.database.db;
      const rec = await withTenant(db, fx.companyId, async (tx) => (await tx.select().from(recommendations).where(and(eq(recommendations.companyId, fx.companyId), eq(recommendations.status, 'applied'))))[0]!);
      const form = new FormData();
      form.append('amount', '45000');
      form.append('paidAt', '2026-11-05');
      form.append('clientId', rec.clientId);
      form.append('recommendationId', rec.id);
      form.append('receipt', new Blob([Buffer.from('%PDF-1.4 receipt 1')], { type: 'application/pdf' }), 'receipt.pdf');
      const ok = await upload(head, '/api/v1/payments', form);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.body.confirmed, true);
      assert.equal(ok.body.confirmedBy, fx.headOfSales.id);
      assert.ok(existsSync(join(server.config.dataDir, 'receipts', fx.companyId, ok.body.receiptSha256)));
      const after = await withTenant(db, fx.companyId, (tx) => tx.select({ status: recommendations.status }).from(recommendations).where(eq(recommendations.id, rec.id)));
      assert.equal(after[0]!.status, 'returned');
      assert.equal((await upload(head, '/api/v1/payments', form)).status, 409);

      const before = await count(payments);
      const unknown = new FormData();
      unknown.append('amount', '1000');
      unknown.append('paidAt', '2026-11-05');
      unknown.append('clientPhone', phone(999, '926'));
      unknown.append('receipt', new Blob([Buffer.from('another receipt')], { type: 'image/jpeg' }), 'r.jpg');
      const refused = await upload(head, '/api/v1/payments', unknown);
      assert.equal(refused.status, 422);
      assert.equal(refused.body.error.code, 'payment.unknown_client');
      assert.match(refused.body.error.message, /Nothing was saved/);
      assert.equal(await count(payments), before);
    });

    test('amoCRM webhook: wrong secret is 404; a won lead becomes one paid deal however often it arrives', async () => {
      const db = server.runtime.database.db;
      const [integration] = await withTenant(db, fx.companyId, (tx) => tx.insert(integrations).values({ companyId: fx.companyId, kind: 'amocrm', name: 'amo', secret: 's3cret-value' }).returning());
      const body = new URLSearchParams({ 'account[subdomain]': 'shop', 'leads[status][0][id]': '777', 'leads[status][0][status_id]': '142', 'leads[status][0][price]': '12000', 'leads[status][0][last_modified]': String(Date.parse('2026-11-06T10:00:00Z') / 1000) }).toString();
      const post = (secret: string) => fetch(`${server.url}/api/v1/webhooks/amocrm/${integration!.id}/${secret}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      assert.equal((await post('wrong')).status, 404);
      const first = await post('s3cret-value');
      assert.equal(first.status, 200, await first.clone().text());
      await post('s3cret-value');
      const rows = await withTenant(db, fx.companyId, (tx) => tx.select().from(deals).where(and(eq(deals.companyId, fx.companyId), eq(deals.source, 'amocrm'))));
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.status, 'won');
      const paid = await withTenant(db, fx.companyId, (tx) => tx.$count(payments, and(eq(payments.companyId, fx.companyId), eq(payments.source, 'amocrm'))));
      assert.equal(paid, 1);
    });
  });
}
