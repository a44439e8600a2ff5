// Lost clients and their recommendations through the real HTTP API on both engines: a lost call
// leaves a lost record and a grounded recommendation (with sources; with no reference calls the
// basis says so), different lost calls get different texts, a manager sees only own clients,
// "this recommendation is wrong" keeps the rejected phrasing out for good (also when rejected
// twice), and reminders, overdue and expiry follow the due date.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, type BuiltCompany, type BuiltPerson } from '../support/factories.ts';
import { addClinicKnowledge, analyse, PRICE_LOST, recordingSender, REFERENCE_CALL, SPOUSE_LOST, uniquePhone } from '../support/lost-client-fixtures.ts';
import { corrections } from '../../src/db/schema/knowledge.ts';
import { lostClients, recommendations } from '../../src/db/schema/outcomes.ts';
import { notifications } from '../../src/db/schema/people.ts';
import { asSystem } from '../../src/db/tenant.ts';
import type { Turn } from '../../src/domain/transcript.ts';
import { isOverdue } from '../../src/domain/recommendation-lifecycle.ts';
import { containsPhrasing } from '../../src/recommendations/retrieval/knowledge-retrieval.ts';
import { afterCallAnalysed, recommendationJobs } from '../../src/recommendations/recommendation-handlers.ts';
import { remindRecommendation } from '../../src/recommendations/reminders.service.ts';
import { startFakeChatServer } from '../support/fake-chat-server.ts';

for (const { kind, skip } of await engines()) {
  describe(`lost clients and recommendations on ${kind}`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ engine: kind });
    });
    after(async () => {
      await server?.close();
    });

    const db = () => server.runtime.database.db;
    const signIn = (person: BuiltPerson): Promise<ApiClient> => ApiClient.signedIn(server.url, person);
    const clinic = async (): Promise<BuiltCompany> => {
      const company = await buildCompany(db());
      await addClinicKnowledge(db(), company.companyId);
      return company;
    };
    /** A lost call analysed and carried through afterCallAnalysed → call.recommend, as the pipeline does. */
    const lostCall = async (company: BuiltCompany, manager: BuiltPerson, turns: Turn[], clientName = 'Ирина') => {
      const call = await buildCall(db(), company.companyId, { managerId: manager.id, turns, clientPhone: uniquePhone(), clientName });
      assert.equal(await analyse(db(), company.companyId, call.id), 'lost');
      const sender = recordingSender();
      assert.deepEqual(await afterCallAnalysed(db(), sender, company.companyId, call.id), { next: 'call.recommend' });
      const jobs = recommendationJobs(sender, { db: db(), config: server.config, telegram: null });
      const [job] = sender.take('call.recommend');
      const result = await jobs.recommend(job!.payload as { companyId: string; callId: string }) as { status: string; recommendationId: string; lostClientId: string };
      assert.equal(result.status, 'created');
      return { ...call, ...result, sender, jobs };
    };

    test('a lost call leaves a lost record and a recommendation with sources; with no reference calls the basis says so', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const lost = await lostCall(company, manager, PRICE_LOST);
      // reminders are queued a day before the due time, at it and at the expiry
      assert.equal(lost.sender.take('recommendation.remind').length, 3);
      // the job is idempotent: a repeat finds the same recommendation
      assert.equal((await lost.jobs.recommend({ companyId: company.companyId, callId: lost.id }) as { status: string }).status, 'exists');
      assert.equal((await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.callId, lost.id)))).length, 1);

      const head = await signIn(company.headOfSales);
      const list = await head.request('GET', '/api/v1/lost-clients');
      assert.equal(list.status, 200);
      assert.equal(list.body.total, 1);
      const item = list.body.lostClients[0];
      assert.equal(item.lossStage, 'objections');
      assert.equal(item.reason, 'unhandled_objection');
      assert.match(item.clientWords, /слишком дорого/);
      assert.equal(item.manager.id, manager.id);
      assert.equal(item.recommendation.status, 'open');

      const card = await head.request('GET', `/api/v1/lost-clients/${lost.lostClientId}`);
      assert.equal(card.status, 200);
      const rec = card.body.recommendations[0];
      assert.match(rec.text, /^В этом диалоге клиент ушёл на этапе «обработка возражений»/);
      assert.match(rec.text, /Рекомендуется перезвонить и сказать следующее/);
      assert.match(rec.basis, /Эталонных и успешных звонков нет/);
      assert.ok(rec.sources.some((s: { kind: string }) => s.kind === 'objection_handling'));
      assert.ok(rec.sources.some((s: { kind: string }) => s.kind === 'expert_rule'));
      const words = rec.sources.find((s: { kind: string }) => s.kind === 'client_context');
      assert.equal(words.callId, lost.id, "the client's words link to the lost call");
      assert.ok(card.body.calls.some((c: { id: string; isLostCall: boolean }) => c.id === lost.id && c.isLostCall));
      assert.match(card.body.loss.clientWords[0].text, /дорого/);
      assert.ok(new Date(rec.dueAt).getTime() > Date.now(), 'due in the future (3 working days)');
    });

    test('a lost call without a client phone still gets a lost record (a client of its own) and a recommendation', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const call = await buildCall(db(), company.companyId, { managerId: manager.id, turns: SPOUSE_LOST });
      assert.equal(call.clientId, null);
      await analyse(db(), company.companyId, call.id);
      const sender = recordingSender();
      const result = await recommendationJobs(sender, { db: db(), config: server.config, telegram: null }).recommend({ companyId: company.companyId, callId: call.id }) as { status: string; lostClientId: string };
      assert.equal(result.status, 'created');
      const card = await (await signIn(manager)).request('GET', `/api/v1/lost-clients/${result.lostClientId}`);
      assert.equal(card.status, 200);
      assert.equal(card.body.lostClient.client.phone, null);
      assert.deepEqual(card.body.calls.map((c: { id: string }) => c.id), [call.id], 'the call is linked to the new client');
    });

    test('a reference call is quoted and linked; two different lost calls get different texts', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const reference = await buildCall(db(), company.companyId, { managerId: manager.id, turns: REFERENCE_CALL, isReference: true });
      const price = await lostCall(company, manager, PRICE_LOST);
      const spouse = await lostCall(company, manager, SPOUSE_LOST, 'Марина');
      const head = await signIn(company.headOfSales);
      const priceCard = (await head.request('GET', `/api/v1/lost-clients/${price.lostClientId}`)).body;
      const spouseCard = (await head.request('GET', `/api/v1/lost-clients/${spouse.lostClientId}`)).body;
      const priceRec = priceCard.recommendations[0];
      const cited = priceRec.sources.find((s: { kind: string }) => s.kind === 'reference_call');
      assert.ok(cited, 'the reference call is a source');
      assert.equal(cited.callId, reference.id);
      assert.ok(priceRec.text.includes('двенадцать месяцев'), 'quotes how the reference call answered');
      assert.notEqual(priceRec.text, spouseCard.recommendations[0].text);
      assert.match(spouseCard.recommendations[0].text, /посоветоваться с мужем/);
      // the list filters by stage
      const byStage = await head.request('GET', '/api/v1/lost-clients?stage=objections');
      assert.deepEqual(byStage.body.lostClients.map((l: { id: string }) => l.id), [price.lostClientId]);
    });

    test("a manager sees only own lost clients and recommendations; a colleague's or another company's is 404", async () => {
      const company = await clinic();
      const [first, second] = company.managers as [BuiltPerson, BuiltPerson];
      const mine = await lostCall(company, first, PRICE_LOST);
      const theirs = await lostCall(company, second, SPOUSE_LOST, 'Марина');
      const api = await signIn(first);
      const list = await api.request('GET', `/api/v1/lost-clients?manager=${second.id}`);
      assert.equal(list.body.total, 0, 'a manager cannot widen the scope with a filter');
      assert.deepEqual((await api.request('GET', '/api/v1/lost-clients')).body.lostClients.map((l: { id: string }) => l.id), [mine.lostClientId]);
      assert.equal((await api.request('GET', `/api/v1/lost-clients/${theirs.lostClientId}`)).status, 404);
      assert.equal((await api.request('POST', `/api/v1/recommendations/${theirs.recommendationId}/called`)).status, 404);
      assert.deepEqual((await api.request('GET', '/api/v1/recommendations')).body.recommendations.map((r: { id: string }) => r.id), [mine.recommendationId]);
      // a manager cannot mark a recommendation wrong
      assert.equal((await api.request('POST', `/api/v1/recommendations/${mine.recommendationId}/reject`, { comment: 'не нравится' })).status, 403);
      const other = await buildCompany(db());
      const outsider = await signIn(other.headOfSales);
      assert.equal((await outsider.request('GET', `/api/v1/lost-clients/${mine.lostClientId}`)).status, 404);
      assert.equal((await outsider.request('POST', `/api/v1/recommendations/${mine.recommendationId}/reject`, { comment: 'чужая' })).status, 404);
      assert.equal((await outsider.request('GET', `/api/v1/lost-clients/${randomUUID()}`)).status, 404);
    });

    test('mark wrong: the rejected phrasing never comes back, for this client or the next; rejected twice is clear', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const lost = await lostCall(company, manager, PRICE_LOST);
      const phrase = 'рассрочка без переплаты';
      const before = (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, lost.recommendationId))))[0]!;
      assert.ok(containsPhrasing(before.text, phrase, 'ru'), 'the first text proposes it');
      const head = await signIn(company.headOfSales);
      const rejected = await head.request('POST', `/api/v1/recommendations/${lost.recommendationId}/reject`, { comment: 'У нас так не говорят: рассрочку предлагаем только после расчёта плана', phrase });
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
      assert.ok(rejected.body.rejected.rejectedAt);
      assert.equal(rejected.body.rejected.status, 'expired', 'a rejected recommendation no longer counts as overdue');
      const replacement = rejected.body.replacement;
      assert.ok(replacement, rejected.body.note);
      assert.ok(!containsPhrasing(replacement.text, phrase, 'ru'), replacement.text);
      assert.ok(!containsPhrasing(replacement.script, phrase, 'ru'));
      const stored = await asSystem(db(), (tx) => tx.select().from(corrections).where(and(eq(corrections.companyId, company.companyId), eq(corrections.kind, 'recommendation'))));
      assert.deepEqual(stored.map((c) => c.target), [phrase]);
      // a second rejection of the same recommendation is refused; the card shows both
      assert.equal((await head.request('POST', `/api/v1/recommendations/${lost.recommendationId}/reject`, { comment: 'ещё раз' })).status, 409);
      const card = (await head.request('GET', `/api/v1/lost-clients/${lost.lostClientId}`)).body;
      assert.equal(card.recommendations[0].id, replacement.id, 'the current recommendation first');
      assert.equal(card.lostClient.recommendation.id, replacement.id);

      // the next lost client of the company does not get the phrasing either
      const next = await lostCall(company, manager, PRICE_LOST.map((t, i) => (i === 3 ? { ...t, text: 'Дорого, честно, не потяну такую сумму.' } : t)), 'Ольга');
      const nextText = (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, next.recommendationId))))[0]!.text;
      assert.ok(!containsPhrasing(nextText, phrase, 'ru'), nextText);

      // rejected twice: the second rejection is stored too, and the answer is either a new text
      // that respects both or a note saying what material to add — never the rejected words
      const again = await head.request('POST', `/api/v1/recommendations/${replacement.id}/reject`, { comment: 'Не обещайте врача, сначала администратор' });
      assert.equal(again.status, 200);
      const secondTarget = (await asSystem(db(), (tx) => tx.select().from(corrections).where(eq(corrections.recommendationId, replacement.id))))[0]!.target!;
      if (again.body.replacement) {
        assert.ok(!containsPhrasing(again.body.replacement.text, phrase, 'ru'));
        assert.ok(!containsPhrasing(again.body.replacement.script, secondTarget, 'ru'));
      } else {
        assert.match(again.body.note, /Add a reference call/);
      }
    });

    test('with MENTOR_ENGINE=llm the chat model writes on the same grounding and cites it; a failing server falls back to builtin', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const chat = await startFakeChatServer(() => JSON.stringify({
        text: 'В этом диалоге клиент ушёл на этапе обработки возражений: «слишком дорого». Перезвоните и предложите разбить оплату на двенадцать месяцев.',
        script: 'Ирина, давайте разобьём сумму на двенадцать месяцев и начнём с зуба, который болит. Удобно в среду в десять или в пятницу в три?',
        sources: [1, 3],
      }));
      try {
        const config = { ...server.config, engine: 'llm' as const, llm: { url: chat.url, apiKey: undefined, model: 'local-model' } };
        const write = async (turns: Turn[]) => {
          const call = await buildCall(db(), company.companyId, { managerId: manager.id, turns, clientPhone: uniquePhone(), clientName: 'Ирина' });
          await analyse(db(), company.companyId, call.id);
          const sender = recordingSender();
          const created = await recommendationJobs(sender, { db: db(), config, telegram: null }).recommend({ companyId: company.companyId, callId: call.id }) as { recommendationId: string };
          return (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, created.recommendationId))))[0]!;
        };
        const written = await write(PRICE_LOST);
        assert.equal(written.engine, 'llm');
        assert.match(written.text, /двенадцать месяцев/);
        assert.ok(written.sources.length >= 2, 'the cited material is stored as sources');
        assert.match(chat.chatBodies()[0]!.messages[1]!.content, /objection_handling/);
        chat.failNext({ kind: 'status', status: 503 });
        const fallback = await write(SPOUSE_LOST);
        assert.equal(fallback.engine, 'llm→builtin');
        assert.match(fallback.text, /^В этом диалоге клиент ушёл/);
      } finally {
        await chat.close();
      }
    });

    test('reminders before and after the due date, overdue, and expiry after the due date', async () => {
      const company = await clinic();
      const manager = company.managers[0]!;
      const lost = await lostCall(company, manager, PRICE_LOST);
      const rec = (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, lost.recommendationId))))[0]!;
      const at = (offsetMs: number) => ({ db: db(), telegram: null, now: () => new Date(rec.dueAt.getTime() + offsetMs) });
      const hour = 3_600_000;
      assert.deepEqual(await remindRecommendation(at(-3 * 24 * hour), company.companyId, rec.id), { action: 'none' });
      assert.deepEqual(await remindRecommendation(at(-2 * hour), company.companyId, rec.id), { action: 'due_soon' });
      assert.deepEqual(await remindRecommendation(at(-hour), company.companyId, rec.id), { action: 'none' }, 'reminded once');
      assert.deepEqual(await remindRecommendation(at(hour), company.companyId, rec.id), { action: 'overdue' });
      assert.deepEqual(await remindRecommendation(at(2 * hour), company.companyId, rec.id), { action: 'none' }, 'a repeated job sends nothing twice');
      const sent = await asSystem(db(), (tx) => tx.select().from(notifications).where(eq(notifications.userId, manager.id)));
      assert.deepEqual(sent.map((n) => n.kind).sort(), ['recommendation.due_soon', 'recommendation.overdue']);
      assert.equal(sent[0]!.data.recommendationId, rec.id);
      assert.ok(isOverdue({ status: 'open', dueAt: rec.dueAt }, new Date(rec.dueAt.getTime() + hour)), 'open and past due: the sabotage scan sees it');

      assert.deepEqual(await remindRecommendation(at(15 * 24 * hour), company.companyId, rec.id), { action: 'expired' });
      const after = (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, rec.id))))[0]!;
      assert.equal(after.status, 'expired');
      const record = (await asSystem(db(), (tx) => tx.select().from(lostClients).where(eq(lostClients.id, lost.lostClientId))))[0]!;
      assert.equal(record.status, 'expired');
      const head = await signIn(company.headOfSales);
      assert.equal((await head.request('GET', '/api/v1/lost-clients?status=expired')).body.total, 1);
      // an expired recommendation cannot be marked called
      const own = await signIn(manager);
      assert.equal((await own.request('POST', `/api/v1/recommendations/${rec.id}/called`)).status, 409);
    });
  });
}
