// Deals paid in parts: a CSV with payment numbers (one row per part), a later file that repeats a
// part an earlier file stored for the whole deal, and a returned client who pays by two receipts in
// two months. Conversion counts each deal once, at its first payment; money brought counts every
// confirmed part of a returned client's payments once, and the deal once among the paid deals.
// Runs on PGlite and PostgreSQL through the services the API calls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { calls } from '../../src/db/schema/calls.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { deals, lostClients, payments, recommendations } from '../../src/db/schema/outcomes.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { confirmManualPayment, importDealsFromCsv, upsertClientByPhone } from '../../src/deals/deals.service.ts';
import { buildMainReport } from '../../src/reports/report.service.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { buildCompany, type BuiltCompany } from '../support/factories.ts';

const header = 'ID сделки;Номер платежа;Телефон;Сумма;Дата оплаты;Статус';

for (const { kind, skip } of await engines()) {
  describe(`partial payments on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let company: BuiltCompany;
    let dataDir: string;
    const dealId = async (externalId: string): Promise<{ id: string; amount: number }> =>
      (await withTenant(testDb.database.db, company.companyId, (tx) => tx.select({ id: deals.id, amount: deals.amount }).from(deals).where(and(eq(deals.companyId, company.companyId), eq(deals.externalId, externalId)))))[0]!;
    const report = (at: string) => buildMainReport(testDb.database.db, company.companyId, { kind: 'month', at });

    before(async () => {
      testDb = await createTestDatabase(kind);
      company = await buildCompany(testDb.database.db);
      dataDir = mkdtempSync(join(tmpdir(), 'mentor-partial-'));
      // a lead in the baseline September and one in November, so money brought is computed
      await testDb.database.db.update(companies).set({ timezone: 'Europe/Moscow', averageCheck: 50_000, goLiveAt: new Date('2026-10-01T00:00:00+03:00') }).where(eq(companies.id, company.companyId));
      await withTenant(testDb.database.db, company.companyId, (tx) => tx.insert(calls).values(['2026-09-10T10:00:00Z', '2026-11-20T10:00:00Z'].map((at) => ({ companyId: company.companyId, startedAt: new Date(at), status: 'transcribed' as const }))));
    });
    after(async () => {
      await testDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('a deal paid in three parts is one paid deal, in the month of its first part, worth the sum', async () => {
      const file = [header,
        'P-1;1;+79130000001;30 000;05.10.2026;Оплачено',
        'P-1;2;+79130000001;30 000;20.10.2026;Оплачено',
        'P-1;3;+79130000001;25 000;10.11.2026;Оплачено',
        'P-2;1;+79130000002;50 000;12.10.2026;Оплачено',
      ].join('\n');
      const preview = await importDealsFromCsv(testDb.database.db, company.companyId, file, { dryRun: true });
      assert.deepEqual(preview.errors, []);
      assert.equal(preview.validRows, 4);
      const first = await importDealsFromCsv(testDb.database.db, company.companyId, file, { dryRun: false });
      assert.deepEqual({ created: first.stored?.paymentsCreated, deals: first.stored?.dealsCreated }, { created: 4, deals: 2 });
      const p1 = await dealId('P-1');
      assert.equal(p1.amount, 85_000);

      const october = await report('2026-10-15');
      assert.equal(october.current.paidDeals, 2);
      assert.deepEqual([...october.current.paidDealIds].sort(), [p1.id, (await dealId('P-2')).id].sort());
      const november = await report('2026-11-15');
      assert.ok(!november.current.paidDealIds.includes(p1.id), 'the third part does not make it a November deal');

      const again = await importDealsFromCsv(testDb.database.db, company.companyId, file, { dryRun: false });
      assert.deepEqual({ created: again.stored?.paymentsCreated, skipped: again.stored?.paymentsAlreadyImported }, { created: 0, skipped: 4 });
      assert.equal((await dealId('P-1')).amount, 85_000);
    });

    test('a later file with payment numbers does not count again the part an older whole-deal row stored', async () => {
      const old = await importDealsFromCsv(testDb.database.db, company.companyId, 'ID сделки;Телефон;Сумма;Дата оплаты\nP-3;+79130000003;40 000;07.10.2026\n', { dryRun: false });
      assert.equal(old.stored?.paymentsCreated, 1);
      const parts = await importDealsFromCsv(testDb.database.db, company.companyId, [header,
        'P-3;1;+79130000003;40 000;07.10.2026 15:45;Оплачено', // the same payment, now with a time
        'P-3;2;+79130000003;10 000;03.11.2026;Оплачено',
      ].join('\n'), { dryRun: false });
      assert.deepEqual({ created: parts.stored?.paymentsCreated, skipped: parts.stored?.paymentsAlreadyImported }, { created: 1, skipped: 1 });
      const p3 = await dealId('P-3');
      assert.equal(p3.amount, 50_000);
      const stored = await withTenant(testDb.database.db, company.companyId, (tx) => tx.select({ amount: payments.amount }).from(payments).where(and(eq(payments.companyId, company.companyId), eq(payments.dealId, p3.id))));
      assert.deepEqual(stored.map((p) => p.amount).sort(), [10_000, 40_000]);
      assert.ok((await report('2026-10-15')).current.paidDealIds.includes(p3.id));
    });

    test('rows of one deal that disagree, or a part numbered twice, are refused line by line', async () => {
      const result = await importDealsFromCsv(testDb.database.db, company.companyId, [header,
        'P-4;1;+79130000004;10 000;01.10.2026;Оплачено',
        'P-4;2;+79130000005;10 000;02.10.2026;Оплачено', // another client
        'P-4;1;+79130000004;12 000;03.10.2026;Оплачено', // part 1 again, other values
        'P-5;;+79130000006;10 000;01.10.2026;Оплачено',
        'P-5;;+79130000006;20 000;02.10.2026;Оплачено', // no part number: one deal = one row
      ].join('\n'), { dryRun: true });
      assert.deepEqual(result.errors.map((e) => [e.line, e.code, e.field]), [[3, 'duplicate_deal_id', 'deal_id'], [4, 'duplicate_deal_id', 'payment_id'], [6, 'duplicate_deal_id', 'deal_id']]);
      assert.match(result.errors[0]!.message, /another phone/);
      assert.match(result.errors[2]!.message, /payment number column for partial payments/);
      assert.equal(result.validRows, 2);
    });

    test('a returned client paying by two receipts in two months: each part counted once in money brought, the deal once', async () => {
      const db = testDb.database.db;
      const { companyId } = company;
      const { recommendationId, dealRow } = await withTenant(db, companyId, async (tx) => {
        const client = await upsertClientByPhone(tx, companyId, '+79130000009', 'Вернувшийся', new Date('2026-10-01T09:00:00Z'), 'call');
        const [call] = await tx.insert(calls).values({ companyId, clientId: client.id, managerId: company.managers[0]!.id, startedAt: new Date('2026-10-01T09:00:00Z'), status: 'analysed' }).returning({ id: calls.id });
        const [lost] = await tx.insert(lostClients).values({ companyId, clientId: client.id, managerId: company.managers[0]!.id, callId: call!.id, lossStage: 'objections', reason: 'дорого' }).returning({ id: lostClients.id });
        const [rec] = await tx.insert(recommendations).values({ companyId, lostClientId: lost!.id, callId: call!.id, clientId: client.id, managerId: company.managers[0]!.id, text: 'Перезвонить', engine: 'fixture', status: 'applied', dueAt: new Date('2026-10-06T00:00:00Z') }).returning({ id: recommendations.id });
        const [deal] = await tx.insert(deals).values({ companyId, clientId: client.id, source: 'manual', externalId: 'R-1', amount: 90_000, status: 'won', openedAt: new Date('2026-10-02T09:00:00Z') }).returning({ id: deals.id });
        return { recommendationId: rec!.id, dealRow: deal! };
      });
      const head = { kind: 'user' as const, userId: company.headOfSales.id, companyId, role: 'head_of_sales' as const, sessionId: 'test' };
      const receipt = (text: string) => ({ bytes: Buffer.from(text), mime: 'application/pdf', filename: `${text}.pdf` });
      await confirmManualPayment(db, dataDir, head, { clientPhone: '+79130000009', amount: 60_000, paidAt: new Date('2026-10-25T12:00:00Z'), recommendationId, dealId: dealRow.id, receipt: receipt('part-1') });
      await confirmManualPayment(db, dataDir, head, { clientPhone: '+79130000009', amount: 30_000, paidAt: new Date('2026-11-05T12:00:00Z'), recommendationId, dealId: dealRow.id, receipt: receipt('part-2') });

      const october = await report('2026-10-15');
      assert.ok(october.current.paidDealIds.includes(dealRow.id));
      assert.equal(october.money.state, 'ok');
      if (october.money.state !== 'ok') return;
      const m = october.money.breakdown;
      assert.equal(m.returnedDealsInPaidDeals, 1);
      assert.equal(m.returnedPaymentsMinor, 6_000_000);
      assert.equal(m.totalMinor, Math.round(((m.paidDeals - 1) - m.baselineRate * m.leads) * 5_000_000) + 6_000_000);

      const november = await report('2026-11-15');
      assert.ok(!november.current.paidDealIds.includes(dealRow.id), 'the second receipt does not make a second paid deal');
      assert.equal(november.money.state, 'ok');
      if (november.money.state !== 'ok') return;
      assert.equal(november.money.breakdown.returnedDealsInPaidDeals, 0);
      assert.equal(november.money.breakdown.returnedPaymentsMinor, 3_000_000);
    });
  });
}
