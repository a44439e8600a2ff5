// Company knowledge through the real HTTP API on both engines: script, objections, expert rules,
// reference calls; roles, audit, cross-company ids, and what loadKnowledge hands to the engine.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany, type BuiltPerson } from '../support/factories.ts';
import { loadKnowledge } from '../../src/knowledge/knowledge.service.ts';

const TURNS = dialogue(
  'M: Добрый день! Меня зовут Анна, компания ТеплоСфера. Вам удобно говорить?',
  'C: Да, слушаю.',
  'M: Давайте инженер приедет на замер в четверг в десять или в пятницу в два?',
  'C: В четверг в десять подходит.',
);

for (const { kind, skip } of await engines()) {
  describe(`company knowledge on ${kind}`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ engine: kind });
    });
    after(async () => {
      await server?.close();
    });

    const db = () => server.runtime.database.db;
    const signIn = (person: BuiltPerson): Promise<ApiClient> => ApiClient.signedIn(server.url, person);
    const company = (): Promise<BuiltCompany> => buildCompany(db());

    test('the integrator sets the script per stage; an empty text removes a stage; other stages keep theirs', async () => {
      const c = await company();
      const api = await signIn(c.integrator);
      assert.deepEqual((await api.request('GET', '/api/v1/knowledge/script')).body, { stages: {} });
      const put = await api.request('PUT', '/api/v1/knowledge/script', { stages: { greeting: '  Представиться и назвать компанию  ', closing: 'Назначить встречу на конкретное время' } });
      assert.equal(put.status, 200);
      assert.deepEqual(put.body.stages, { greeting: 'Представиться и назвать компанию', closing: 'Назначить встречу на конкретное время' });
      const head = await signIn(c.headOfSales);
      const second = await head.request('PUT', '/api/v1/knowledge/script', { stages: { closing: '', needs: 'Три открытых вопроса' } });
      assert.deepEqual(second.body.stages, { greeting: 'Представиться и назвать компанию', needs: 'Три открытых вопроса' });
      assert.deepEqual((await api.request('GET', '/api/v1/knowledge/script')).body.stages, second.body.stages);
      const unknownStage = await api.request('PUT', '/api/v1/knowledge/script', { stages: { farewell: 'Попрощаться' } });
      assert.equal(unknownStage.status, 400);
      assert.equal(unknownStage.body.error.code, 'invalid_input');
    });

    test('objections keep their order, can be reordered, changed and deleted; every change is audited', async () => {
      const c = await company();
      const api = await signIn(c.integrator);
      const expensive = await api.request('POST', '/api/v1/knowledge/objections', { text: 'Дорого', handling: 'Рассрочка 0% на 12 месяцев' });
      assert.equal(expensive.status, 201);
      assert.equal(expensive.body.position, 0);
      const think = await api.request('POST', '/api/v1/knowledge/objections', { text: 'Я подумаю', handling: 'Спросить, что смущает' });
      assert.equal(think.body.position, 1);
      const list = await api.request('GET', '/api/v1/knowledge/objections');
      assert.deepEqual(list.body.objections.map((o: { text: string }) => o.text), ['Дорого', 'Я подумаю']);

      const moved = await api.request('PATCH', `/api/v1/knowledge/objections/${think.body.id}`, { position: 0 });
      assert.equal(moved.status, 200);
      await api.request('PATCH', `/api/v1/knowledge/objections/${expensive.body.id}`, { position: 1, handling: 'Сначала узнать, с чем сравнивает' });
      const reordered = (await api.request('GET', '/api/v1/knowledge/objections')).body.objections;
      assert.deepEqual(reordered.map((o: { text: string }) => o.text), ['Я подумаю', 'Дорого']);
      assert.equal(reordered[1].handling, 'Сначала узнать, с чем сравнивает');

      const empty = await api.request('POST', '/api/v1/knowledge/objections', { text: '   ', handling: 'x' });
      assert.equal(empty.status, 400);
      assert.equal((await api.request('DELETE', `/api/v1/knowledge/objections/${think.body.id}`)).status, 204);
      assert.equal((await api.request('DELETE', `/api/v1/knowledge/objections/${think.body.id}`)).status, 404);
      assert.equal((await api.request('PATCH', '/api/v1/knowledge/objections/not-a-uuid', { text: 'x' })).status, 400);
      assert.deepEqual((await api.request('GET', '/api/v1/knowledge/objections')).body.objections.map((o: { text: string }) => o.text), ['Дорого']);

      const audit = (await api.request('GET', '/api/v1/audit')).body.entries.map((e: { action: string }) => e.action);
      for (const action of ['knowledge.objection_created', 'knowledge.objection_changed', 'knowledge.objection_deleted']) assert.ok(audit.includes(action), action);
    });

    test('expert rules are per stage or general; unknown stages are refused', async () => {
      const c = await company();
      const api = await signIn(c.headOfSales);
      const general = await api.request('POST', '/api/v1/knowledge/rules', { text: 'Не перебивать клиента' });
      assert.equal(general.status, 201);
      assert.equal(general.body.stage, null);
      const closing = await api.request('POST', '/api/v1/knowledge/rules', { stage: 'closing', text: 'Предлагать два времени встречи' });
      assert.equal(closing.body.stage, 'closing');
      assert.equal((await api.request('POST', '/api/v1/knowledge/rules', { stage: 'farewell', text: 'x' })).status, 400);
      const changed = await api.request('PATCH', `/api/v1/knowledge/rules/${general.body.id}`, { stage: 'greeting' });
      assert.equal(changed.body.stage, 'greeting');
      assert.equal(changed.body.text, 'Не перебивать клиента');
      const rules = (await api.request('GET', '/api/v1/knowledge/rules')).body.rules;
      assert.deepEqual(rules.map((r: { stage: string }) => r.stage).sort(), ['closing', 'greeting']);
      assert.equal((await api.request('DELETE', `/api/v1/knowledge/rules/${closing.body.id}`)).status, 204);
      assert.equal((await api.request('GET', '/api/v1/knowledge/rules')).body.rules.length, 1);
      const audit = (await api.request('GET', '/api/v1/audit')).body.entries.map((e: { action: string }) => e.action);
      for (const action of ['knowledge.rule_created', 'knowledge.rule_changed', 'knowledge.rule_deleted']) assert.ok(audit.includes(action), action);
    });

    test('a manager reads and edits none of the knowledge', async () => {
      const c = await company();
      const manager = await signIn(c.managers[0]!);
      const attempts: [string, string, unknown?][] = [
        ['GET', '/api/v1/knowledge/script'],
        ['PUT', '/api/v1/knowledge/script', { stages: { greeting: 'x' } }],
        ['GET', '/api/v1/knowledge/objections'],
        ['POST', '/api/v1/knowledge/objections', { text: 'Дорого', handling: 'x' }],
        ['GET', '/api/v1/knowledge/rules'],
        ['POST', '/api/v1/knowledge/rules', { text: 'x' }],
      ];
      for (const [method, path, body] of attempts) {
        const response = await manager.request(method, path, body);
        assert.equal(response.status, 403, `${method} ${path}`);
      }
      assert.equal((await new ApiClient(server.url).request('GET', '/api/v1/knowledge/script')).status, 401);
    });

    test("another company's objections and rules are not found and stay untouched", async () => {
      const mine = await company();
      const theirs = await company();
      const them = await signIn(theirs.integrator);
      const objection = (await them.request('POST', '/api/v1/knowledge/objections', { text: 'Дорого', handling: 'Рассрочка' })).body;
      const rule = (await them.request('POST', '/api/v1/knowledge/rules', { text: 'Правило' })).body;
      const me = await signIn(mine.integrator);
      assert.equal((await me.request('PATCH', `/api/v1/knowledge/objections/${objection.id}`, { text: 'Взлом' })).status, 404);
      assert.equal((await me.request('DELETE', `/api/v1/knowledge/objections/${objection.id}`)).status, 404);
      assert.equal((await me.request('PATCH', `/api/v1/knowledge/rules/${rule.id}`, { text: 'Взлом' })).status, 404);
      assert.equal((await me.request('DELETE', `/api/v1/knowledge/rules/${rule.id}`)).status, 404);
      assert.deepEqual((await me.request('GET', '/api/v1/knowledge/objections')).body.objections, []);
      assert.equal((await them.request('GET', '/api/v1/knowledge/objections')).body.objections[0].text, 'Дорого');
      assert.equal((await them.request('GET', '/api/v1/knowledge/rules')).body.rules[0].text, 'Правило');
    });

    test('reference calls: marked by the integrator, need a transcript, and reach the engine with the rest of the knowledge', async () => {
      const c = await company();
      const api = await signIn(c.integrator);
      await api.request('PUT', '/api/v1/knowledge/script', { stages: { closing: 'Два варианта времени' } });
      await api.request('POST', '/api/v1/knowledge/objections', { text: 'Дорого', handling: 'Рассрочка' });
      await api.request('POST', '/api/v1/knowledge/rules', { stage: 'closing', text: 'Предлагать два времени' });
      const golden = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: TURNS });
      const pending = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: null });

      const marked = await api.request('POST', `/api/v1/calls/${golden.id}/reference`, { reference: true });
      assert.equal(marked.status, 200);
      assert.equal(marked.body.isReference, true);
      const refused = await api.request('POST', `/api/v1/calls/${pending.id}/reference`, { reference: true });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.error.code, 'call.no_transcript');
      assert.equal((await api.request('POST', `/api/v1/calls/${randomUUID()}/reference`, { reference: true })).status, 404);
      const manager = await signIn(c.managers[0]!);
      assert.equal((await manager.request('POST', `/api/v1/calls/${golden.id}/reference`, { reference: false })).status, 403);

      const knowledge = await loadKnowledge(db(), c.companyId);
      assert.equal(knowledge.name, c.name);
      assert.deepEqual(knowledge.script, { closing: 'Два варианта времени' });
      assert.deepEqual(knowledge.objections.map((o) => o.text), ['Дорого']);
      assert.deepEqual(knowledge.expertRules.map((r) => [r.stage, r.text]), [['closing', 'Предлагать два времени']]);
      assert.deepEqual(knowledge.referenceCalls.map((r) => r.id), [golden.id]);
      assert.equal(knowledge.referenceCalls[0]!.turns.length, TURNS.length);

      await api.request('POST', `/api/v1/calls/${golden.id}/reference`, { reference: false });
      assert.deepEqual((await loadKnowledge(db(), c.companyId)).referenceCalls, []);
      const audit = (await api.request('GET', '/api/v1/audit')).body.entries.map((e: { action: string }) => e.action);
      assert.ok(audit.includes('knowledge.reference_marked'));
      assert.ok(audit.includes('knowledge.reference_unmarked'));
      assert.ok(audit.includes('knowledge.script_changed'));
    });
  });
}
