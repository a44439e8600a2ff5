// Sabotage scan (no sign-in, overdue recommendations): one alert per ongoing condition, in-app
// notifications for the head of sales (and Telegram when linked), resolution when the manager is
// back. Also the database Telegram link store: codes work once and expire. Both engines.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { buildReportFixture, type ReportFixture } from '../support/report-fixtures.ts';
import { FakeTelegramServer } from '../support/fake-telegram-server.ts';
import { users } from '../../src/db/schema/companies.ts';
import { lostClients, recommendations } from '../../src/db/schema/outcomes.ts';
import { notifications, sabotageAlerts } from '../../src/db/schema/people.ts';
import { withTenant } from '../../src/db/tenant.ts';
import { runSabotageScanJob } from '../../src/reports/weekly-report.service.ts';
import { telegramSenderFromConfig } from '../../src/notifications/notifications.service.ts';
import { DbTelegramLinkStore } from '../../src/integrations/telegram/db-link-store.ts';
import { issueLinkCode, redeemLinkCode } from '../../src/integrations/telegram/link-codes.ts';
import { getManagerCard } from '../../src/reports/managers.service.ts';

const DAY = 86_400_000;

for (const { kind, skip } of await engines()) {
  describe(`sabotage scan and Telegram links on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let fx: ReportFixture;
    let fake: FakeTelegramServer;
    const start = Date.now();
    before(async () => {
      testDb = await createTestDatabase(kind);
      fx = await buildReportFixture(testDb.database.db);
      fake = await FakeTelegramServer.start();
    });
    after(async () => {
      await fake?.close();
      await testDb?.drop();
    });

    test('a link code works once; a second use and an expired code are refused', async () => {
      const store = new DbTelegramLinkStore(testDb.database.db);
      const owner = { companyId: fx.companyId, userId: fx.headOfSales.id, role: 'head_of_sales' as const };
      const issued = await issueLinkCode(store, owner, { now: new Date(start) });
      const link = await redeemLinkCode(store, { code: issued.code.toLowerCase(), chatId: 4242, telegramUserId: 4242, username: null, now: new Date(start + 1000) });
      assert.equal(link.userId, fx.headOfSales.id);
      assert.equal(link.role, 'head_of_sales');
      await assert.rejects(redeemLinkCode(store, { code: issued.code, chatId: 5555, telegramUserId: 5555, username: null, now: new Date(start + 2000) }), { code: 'telegram_code_used' });
      assert.equal((await store.findLinkByChat(4242))?.userId, fx.headOfSales.id);
      assert.equal((await store.findActiveLinksByUser(fx.companyId, fx.headOfSales.id)).length, 1);

      const managerOwner = { companyId: fx.companyId, userId: fx.managers[0]!.id, role: 'manager' as const };
      const old = await issueLinkCode(store, managerOwner, { now: new Date(start - 20 * 60_000) });
      await assert.rejects(redeemLinkCode(store, { code: old.code, chatId: 6666, telegramUserId: 6666, username: null, now: new Date(start) }), { code: 'telegram_code_expired' });
      await assert.rejects(redeemLinkCode(store, { code: 'ZZZZZZZZ', chatId: 6666, telegramUserId: 6666, username: null, now: new Date(start) }), { code: 'telegram_code_invalid' });
    });

    test('alerts are raised once per condition, notified in the app and Telegram, and resolved', async () => {
      const db = testDb.database.db;
      const [m1, m2] = fx.managers.map((m) => m.id) as [string, string];
      // manager 1 gets a second open recommendation, long overdue (the fixture has one)
      await withTenant(db, fx.companyId, async (tx) => {
        const [source] = await tx.select().from(lostClients).where(and(eq(lostClients.companyId, fx.companyId), eq(lostClients.managerId, m1)));
        await tx.insert(recommendations).values({ companyId: fx.companyId, lostClientId: source!.id, callId: source!.callId, clientId: source!.clientId, managerId: m1, text: 'Перезвонить', engine: 'fixture', status: 'open', dueAt: new Date('2026-10-09T12:00:00Z') });
      });
      const sender = telegramSenderFromConfig(db, { telegram: { botToken: fake.token, apiRoot: fake.apiRoot } });
      const headNotes = () => withTenant(db, fx.companyId, (tx) => tx.select().from(notifications).where(and(eq(notifications.companyId, fx.companyId), eq(notifications.userId, fx.headOfSales.id), eq(notifications.kind, 'sabotage'))));

      const first = await runSabotageScanJob({ companyId: fx.companyId }, { db, sender, now: () => new Date(start + 4 * DAY) });
      assert.deepEqual(first, { raised: 3, ongoing: 0, resolved: 0, notified: 3 });
      const notes = await headNotes();
      assert.equal(notes.length, 3);
      assert.ok(notes.some((n) => /не заходит|ни разу не зашёл/.test(n.body)));
      assert.ok(notes.some((n) => /рекомендаций не выполнены в срок/.test(n.body)));
      const sent = await fake.waitForSent(3);
      assert.ok(sent.every((m) => m.chat_id === 4242));
      assert.ok(notes.every((n) => n.telegramSentAt !== null));

      const second = await runSabotageScanJob({ companyId: fx.companyId }, { db, sender, now: () => new Date(start + 4 * DAY + 3_600_000) });
      assert.deepEqual(second, { raised: 0, ongoing: 3, resolved: 0, notified: 0 });
      assert.equal((await headNotes()).length, 3);

      // manager 1 signs in and calls the clients back: both of their alerts resolve
      await withTenant(db, fx.companyId, async (tx) => {
        await tx.update(users).set({ lastSignInAt: new Date(start + 4 * DAY + 2 * 3_600_000) }).where(eq(users.id, m1));
        await tx.update(recommendations).set({ status: 'called' }).where(and(eq(recommendations.companyId, fx.companyId), eq(recommendations.managerId, m1), eq(recommendations.status, 'open')));
      });
      const third = await runSabotageScanJob({ companyId: fx.companyId }, { db, now: () => new Date(start + 4 * DAY + 3 * 3_600_000) });
      assert.deepEqual(third, { raised: 0, ongoing: 1, resolved: 2, notified: 0 });
      const open = await withTenant(db, fx.companyId, (tx) => tx.select().from(sabotageAlerts).where(eq(sabotageAlerts.companyId, fx.companyId)));
      assert.deepEqual(open.filter((a) => a.resolvedAt === null).map((a) => a.managerId), [m2]);

      const card = await getManagerCard(db, { kind: 'user', userId: fx.headOfSales.id, companyId: fx.companyId, role: 'head_of_sales', sessionId: 'x' }, m1);
      assert.equal(card.sabotage.length, 2);
      assert.ok(card.sabotage.every((a) => a.resolvedAt !== null));
    });
  });
}
