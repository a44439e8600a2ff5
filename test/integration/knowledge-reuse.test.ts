// The knowledge loader hands out the knowledge it loaded before while companies.knowledge_version
// and the company's facts stay the same (drizzle/0006_knowledge_version.sql). The version must move
// with every writer of anything an analysis reads — and only then — or an analysis would run on
// stale knowledge. Runs on PGlite and PostgreSQL, as the tenant role.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { and, eq } from 'drizzle-orm';
import { calls, transcripts } from '../../src/db/schema/calls.ts';
import { companies } from '../../src/db/schema/companies.ts';
import { corrections, expertRules, objections, scriptStages } from '../../src/db/schema/knowledge.ts';
import { withTenant, type Tx } from '../../src/db/tenant.ts';
import type { AppDb } from '../../src/db/database.ts';
import type { CompanyKnowledge } from '../../src/domain/knowledge.ts';
import { loadKnowledge, loadKnowledgeTx } from '../../src/knowledge/load-knowledge.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany } from '../support/factories.ts';

const REFERENCE = dialogue('M: Добрый день, студия Паркет, слушаю вас.', 'C: Хочу узнать про укладку.', 'M: Какая площадь?', 'C: Сорок метров. Запишите на замер.');

async function versionOf(db: AppDb, companyId: string): Promise<number> {
  const [row] = await withTenant(db, companyId, (tx) => tx.select({ v: companies.knowledgeVersion }).from(companies).where(eq(companies.id, companyId)));
  return row!.v;
}

for (const { kind, skip } of await engines()) {
  describe(`knowledge reused between analyses on ${kind}`, { skip }, () => {
    let testDb: TestDatabase;
    let company: BuiltCompany;
    let db: AppDb;
    before(async () => {
      testDb = await createTestDatabase(kind);
      db = testDb.database.db;
      company = await buildCompany(db);
    });
    after(async () => {
      await testDb?.drop();
    });

    /** Runs `change` for the company and checks a fresh, frozen knowledge comes back that `sees` the change. */
    async function expectReloaded(what: string, change: (tx: Tx, companyId: string) => Promise<unknown>, sees: (k: CompanyKnowledge) => boolean): Promise<void> {
      const { companyId } = company;
      const before = await loadKnowledge(db, companyId);
      assert.equal(await loadKnowledge(db, companyId), before, `${what}: unchanged knowledge is handed out again`);
      await withTenant(db, companyId, (tx) => change(tx, companyId));
      const afterChange = await loadKnowledge(db, companyId);
      assert.notEqual(afterChange, before, `${what}: a change loads the knowledge afresh`);
      assert.ok(sees(afterChange), `${what}: the fresh knowledge holds the change`);
    }

    test('every kind of knowledge change loads afresh; the loaded knowledge cannot be changed in place', async () => {
      const { companyId } = company;
      await expectReloaded('script', (tx) => tx.insert(scriptStages).values({ companyId, stage: 'greeting', text: 'Назвать студию и себя' }), (k) => k.script.greeting === 'Назвать студию и себя');
      await expectReloaded('script edited', (tx) => tx.update(scriptStages).set({ text: 'Назвать студию' }).where(eq(scriptStages.companyId, companyId)), (k) => k.script.greeting === 'Назвать студию');
      await expectReloaded('objection', (tx) => tx.insert(objections).values({ companyId, text: 'Дорого', handling: 'Разложить цену на метр' }), (k) => k.objections.length === 1);
      await expectReloaded('objection deleted', (tx) => tx.delete(objections).where(eq(objections.companyId, companyId)), (k) => k.objections.length === 0);
      await expectReloaded('expert rule', (tx) => tx.insert(expertRules).values({ companyId, stage: 'closing', text: 'Всегда назначать замер' }), (k) => k.expertRules.length === 1);
      await expectReloaded('correction', (tx) => tx.insert(corrections).values({ companyId, kind: 'outcome', outcome: 'lost', comment: 'клиент ушёл' }), (k) => k.corrections.length === 1);
      await expectReloaded('company facts', (tx) => tx.update(companies).set({ product: 'Укладка паркета' }).where(eq(companies.id, companyId)), (k) => k.product === 'Укладка паркета');

      const ref = await buildCall(db, companyId, { turns: REFERENCE, isReference: false });
      await expectReloaded('call marked as reference', (tx) => tx.update(calls).set({ isReference: true }).where(eq(calls.id, ref.id)), (k) => k.referenceCalls.some((r) => r.id === ref.id));
      const edited = dialogue('M: Добрый день, студия Паркет.', 'C: Запишите на замер в субботу.');
      await expectReloaded('reference transcript edited', (tx) => tx.update(transcripts).set({ turns: edited }).where(and(eq(transcripts.callId, ref.id), eq(transcripts.companyId, companyId))),
        (k) => k.referenceCalls.find((r) => r.id === ref.id)?.turns.length === 2);
      await expectReloaded('reference call deleted', (tx) => tx.delete(calls).where(eq(calls.id, ref.id)), (k) => k.referenceCalls.length === 0);
      let inserted = '';
      await expectReloaded('reference call inserted with its transcript', async (tx) => {
        const [row] = await tx.insert(calls).values({ companyId, startedAt: new Date(), status: 'transcribed', isReference: true }).returning({ id: calls.id });
        inserted = row!.id;
        await tx.insert(transcripts).values({ callId: inserted, companyId, language: 'ru', turns: REFERENCE, source: 'import' });
      }, (k) => k.referenceCalls.find((r) => r.id === inserted)?.turns.length === REFERENCE.length);

      const shared = await loadKnowledge(db, companyId);
      assert.throws(() => { (shared.script as Record<string, string>).greeting = 'чужое'; }, TypeError);
      assert.throws(() => { shared.referenceCalls[0]!.turns.push({ speaker: 'client', text: 'лишнее' }); }, TypeError);
    });

    test('ordinary calls moving through the pipeline leave the version alone', async () => {
      const { companyId } = company;
      const version = await versionOf(db, companyId);
      const call = await buildCall(db, companyId, { turns: REFERENCE, clientPhone: '+79130000077' });
      await withTenant(db, companyId, (tx) => tx.update(calls).set({ status: 'analysed' }).where(eq(calls.id, call.id)));
      await withTenant(db, companyId, (tx) => tx.update(transcripts).set({ turns: REFERENCE.slice(0, 2) }).where(eq(transcripts.callId, call.id)));
      await withTenant(db, companyId, (tx) => tx.delete(calls).where(eq(calls.id, call.id)));
      assert.equal(await versionOf(db, companyId), version);
    });

    test('a change rolled back after it was loaded is not handed out afterwards', async () => {
      const { companyId } = company;
      const rollback = new Error('roll back');
      await assert.rejects(withTenant(db, companyId, async (tx) => {
        await tx.insert(expertRules).values({ companyId, stage: null, text: 'Правило, которого не будет' });
        const inside = await loadKnowledgeTx(tx, companyId);
        assert.ok(inside.expertRules.some((r) => r.text === 'Правило, которого не будет'), 'the transaction sees its own change');
        throw rollback;
      }), rollback);
      const afterwards = await loadKnowledge(db, companyId);
      assert.ok(!afterwards.expertRules.some((r) => r.text === 'Правило, которого не будет'));
    });

    test('another company is never handed this company\'s knowledge', async () => {
      const other = await buildCompany(db);
      const mine = await loadKnowledge(db, company.companyId);
      const theirs = await loadKnowledge(db, other.companyId);
      assert.notEqual(theirs, mine);
      assert.equal(theirs.companyId, other.companyId);
      assert.equal(theirs.expertRules.length, 0);
    });
  });
}
