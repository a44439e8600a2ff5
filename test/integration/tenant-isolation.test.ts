// Company isolation, proven twice: row-level security really holds inside tenant transactions
// (the app switches to a non-superuser role), and walking every API route as company A against
// company B's ids reads nothing of B and writes nothing to B.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { rowsOf, snapshotCompany, uuidsIn, walkRoutes } from '../support/tenant-walk.ts';
import { createCompany, createUser } from '../../src/companies/companies.service.ts';
import { asSystem, withTenant } from '../../src/db/tenant.ts';
import * as t from '../../src/db/schema/index.ts';
import type { AppDb } from '../../src/db/database.ts';

const SECRET_WORD = 'Зазеркалье-Б';

async function seedCompanyB(db: AppDb): Promise<{ companyId: string; headEmail: string }> {
  const company = await createCompany(db, { name: `ООО ${SECRET_WORD}` });
  const companyId = company.id;
  const head = await createUser(db, companyId, { email: 'head@b-company.test', name: `РОП ${SECRET_WORD}`, role: 'head_of_sales', password: 'b-company-pass' });
  const manager = await createUser(db, companyId, { email: 'manager@b-company.test', name: `Менеджер ${SECRET_WORD}`, role: 'manager', password: 'b-company-pass', extensions: ['777'] });
  await asSystem(db, async (tx) => {
    const [client] = await tx.insert(t.clients).values({ companyId, phoneE164: '+79990000001', name: `Клиент ${SECRET_WORD}`, managerId: manager.id }).returning();
    const [call] = await tx.insert(t.calls).values({ companyId, managerId: manager.id, clientId: client!.id, status: 'analysed', externalId: 'b-1' }).returning();
    await tx.insert(t.transcripts).values({ companyId, callId: call!.id, source: 'import', turns: [{ speaker: 'client', text: `Секрет ${SECRET_WORD}` }] });
    const analysisResult = { outcome: 'lost', note: SECRET_WORD } as never;
    const [analysis] = await tx.insert(t.analyses).values({ companyId, callId: call!.id, engine: 'builtin', engineVersion: '1', knowledgeHash: 'h', outcome: 'lost', confidence: 0.9, result: analysisResult }).returning();
    await tx.insert(t.scriptStages).values({ companyId, stage: 'greeting', text: SECRET_WORD });
    const [objection] = await tx.insert(t.objections).values({ companyId, text: SECRET_WORD, handling: SECRET_WORD }).returning();
    await tx.insert(t.expertRules).values({ companyId, stage: 'closing', text: SECRET_WORD });
    await tx.insert(t.corrections).values({ companyId, callId: call!.id, analysisId: analysis!.id, kind: 'outcome', outcome: 'success', comment: SECRET_WORD });
    const [lost] = await tx.insert(t.lostClients).values({ companyId, clientId: client!.id, managerId: manager.id, callId: call!.id, lossStage: 'closing', reason: SECRET_WORD }).returning();
    const [rec] = await tx.insert(t.recommendations).values({ companyId, lostClientId: lost!.id, callId: call!.id, clientId: client!.id, managerId: manager.id, text: SECRET_WORD, engine: 'builtin', dueAt: new Date() }).returning();
    const [deal] = await tx.insert(t.deals).values({ companyId, clientId: client!.id, source: 'manual', externalId: 'b-deal', amount: 1000, status: 'won' }).returning();
    await tx.insert(t.payments).values({ companyId, dealId: deal!.id, clientId: client!.id, amount: 1000, paidAt: new Date(), source: 'manual', externalKey: 'b-pay', recommendationId: rec!.id });
    await tx.insert(t.weeklyReports).values({ companyId, weekStart: '2026-11-16', figures: { note: SECRET_WORD } });
    await tx.insert(t.notifications).values({ companyId, userId: head.id, kind: 'sabotage', title: SECRET_WORD });
    await tx.insert(t.telegramLinks).values({ companyId, userId: head.id, chatId: '42', active: 'active' });
    await tx.insert(t.sabotageAlerts).values({ companyId, managerId: manager.id, kind: 'no_sign_in', since: new Date() });
    const [scenario] = await tx.insert(t.trainerScenarios).values({ companyId, key: 'objection:1', kind: 'objection', title: SECRET_WORD, data: { objectionId: objection!.id } }).returning();
    await tx.insert(t.trainerSessions).values({ companyId, managerId: manager.id, scenarioId: scenario!.id, personaId: 'busy-director', turns: [{ text: SECRET_WORD }] });
    await tx.insert(t.integrations).values({ companyId, kind: 'generic', name: SECRET_WORD, secret: 'b-secret' });
    await tx.insert(t.invites).values({ companyId, role: 'manager', tokenHash: 'b-invite-hash', expiresAt: new Date(Date.now() + 3600_000) });
    await tx.insert(t.apiTokens).values({ companyId, name: SECRET_WORD, tokenHash: 'b-token-hash' });
  });
  return { companyId, headEmail: 'head@b-company.test' };
}

for (const { kind, skip } of await engines()) {
  describe(`company isolation on ${kind}`, { skip }, () => {
    let server: TestServer;
    let b: { companyId: string; headEmail: string };
    before(async () => {
      server = await startTestServer({ engine: kind });
      b = await seedCompanyB(server.runtime.database.db);
    });
    after(async () => {
      await server?.close();
    });

    test('tenant transactions run as a role without superuser or BYPASSRLS', async () => {
      const role = await withTenant(server.runtime.database.db, server.demo.companyId, async (tx) =>
        rowsOf<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>(await tx.execute(sql`select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`))[0],
      );
      assert.deepEqual(role, { current_user: 'mentor_app', rolsuper: false, rolbypassrls: false });
    });

    test('row-level security hides and protects the other company even without a company filter', async () => {
      const db = server.runtime.database.db;
      const seen = await withTenant(db, server.demo.companyId, async (tx) => rowsOf<{ company_id: string }>(await tx.execute(sql`select company_id from users`)));
      assert.ok(seen.length > 0);
      assert.ok(seen.every((row) => row.company_id === server.demo.companyId));
      const updated = await withTenant(db, server.demo.companyId, async (tx) => rowsOf(await tx.execute(sql`update objections set text = 'hacked' where company_id = ${b.companyId} returning id`)));
      assert.equal(updated.length, 0);
      await assert.rejects(
        withTenant(db, server.demo.companyId, (tx) => tx.insert(t.objections).values({ companyId: b.companyId, text: 'planted', handling: 'planted' })),
        (error: Error) => /violates row-level security/.test(String((error.cause as Error | undefined)?.message ?? error.message)),
      );
      const other = await asSystem(db, async (tx) => rowsOf<{ text: string }>(await tx.execute(sql`select text from objections where company_id = ${b.companyId}`)));
      assert.deepEqual(other.map((r) => r.text), [SECRET_WORD]);
    });

    test('walking every API route as company A against company B leaks 0 reads and 0 writes', async () => {
      const db = server.runtime.database.db;
      const before = await snapshotCompany(db, b.companyId);
      const foreignIds = uuidsIn(before);
      assert.ok(foreignIds.length >= 20, `company B has ids in every table (${foreignIds.length})`);
      const head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      const manager = new ApiClient(server.url);
      await manager.login(server.demo.managers[0]!.email, server.demo.managers[0]!.password);
      const integrator = new ApiClient(server.url);
      await integrator.login(server.demo.integrator.email, server.demo.integrator.password);
      const machine = new ApiClient(server.url);
      machine.bearer = (await head.request('POST', '/api/v1/api-tokens', { name: 'walker' })).body.token;
      const openapi = (await head.request('GET', '/api/openapi.json')).body;
      const routes = server.runtime.app!.routeList.filter((r) => r.url.startsWith('/api/'));
      assert.ok(routes.length >= 15, `the walk covers the API (${routes.length} routes)`);

      const result = await walkRoutes({
        routes,
        openapi,
        clients: { head, manager, integrator, machine },
        foreignIds,
        foreignMarkers: [...foreignIds, SECRET_WORD, b.headEmail],
      });
      assert.deepEqual(result.leaks, [], 'no response of company A carries company B data');
      assert.deepEqual(result.serverErrors, [], 'no route crashes on a foreign id');
      assert.ok(result.reachedHandlers > result.requests / 4, `the walk reaches handlers, not only validation (${result.reachedHandlers}/${result.requests})`);
      assert.deepEqual(await snapshotCompany(db, b.companyId), before, 'company B is unchanged');

      // company B's own head of sales still sees B's data: the wall is per company, not a blanket deny
      const bHead = new ApiClient(server.url);
      await bHead.login(b.headEmail, 'b-company-pass');
      const users = await bHead.request('GET', '/api/v1/users');
      assert.ok(JSON.stringify(users.body).includes(SECRET_WORD));
    });
  });
}
