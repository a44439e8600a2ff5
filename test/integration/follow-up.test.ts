// The follow-up check in the product on both engines: "I called" → the next call with the client
// is checked by meaning → applied (and returned when the client agrees, or pays later), keywords
// without substance → not applied (and the lost call gets the next recommendation), a call about
// something else leaves the recommendation waiting, a colleague's call counts, and a call linked
// to the client only by phone is found. With MENTOR_ENGINE=llm the verify job uses the llm checker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, type BuiltCompany, type BuiltPerson } from '../support/factories.ts';
import {
  addClinicKnowledge, analyse, APPLIED_FOLLOW_UP, buildFollowUpCall, KEYWORDS_FOLLOW_UP, PRICE_LOST, recordingSender, UNRELATED_FOLLOW_UP, uniquePhone,
} from '../support/lost-client-fixtures.ts';
import { payments, recommendations } from '../../src/db/schema/outcomes.ts';
import { asSystem, withTenant } from '../../src/db/tenant.ts';
import type { Turn } from '../../src/domain/transcript.ts';
import { afterCallAnalysed, recommendationJobs } from '../../src/recommendations/recommendation-handlers.ts';
import { startFakeChatServer, type ChatRequestBody } from '../support/fake-chat-server.ts';

for (const { kind, skip } of await engines()) {
  describe(`follow-up check on ${kind}`, { skip }, () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ engine: kind });
    });
    after(async () => {
      await server?.close();
    });

    const db = () => server.runtime.database.db;
    const signIn = (person: BuiltPerson): Promise<ApiClient> => ApiClient.signedIn(server.url, person);
    const recommendation = async (id: string) => (await asSystem(db(), (tx) => tx.select().from(recommendations).where(eq(recommendations.id, id))))[0]!;

    /** A clinic with a lost price call of one client and its open recommendation. */
    const lostClient = async () => {
      const company: BuiltCompany = await buildCompany(db());
      await addClinicKnowledge(db(), company.companyId);
      const manager = company.managers[0]!;
      const phone = uniquePhone();
      const call = await buildCall(db(), company.companyId, { managerId: manager.id, turns: PRICE_LOST, clientPhone: phone, clientName: 'Ирина', startedAt: new Date(Date.now() - 2 * 86_400_000) });
      await analyse(db(), company.companyId, call.id);
      const sender = recordingSender();
      const jobs = recommendationJobs(sender, { db: db(), config: server.config, telegram: null });
      await afterCallAnalysed(db(), sender, company.companyId, call.id);
      const created = await jobs.recommend(sender.take('call.recommend')[0]!.payload as { companyId: string; callId: string }) as { recommendationId: string; lostClientId: string };
      sender.take('recommendation.remind');
      /** A later call with this client: analysed, then whatever afterCallAnalysed sends is run. */
      const followUp = async (turns: Turn[], by: BuiltPerson = manager, options: { linkByPhoneOnly?: boolean; jobs?: typeof jobs } = {}) => {
        const callId = await buildFollowUpCall(db(), company.companyId, { clientId: call.clientId!, managerId: by.id, turns, phone });
        if (options.linkByPhoneOnly) await withTenant(db(), company.companyId, (tx) => tx.execute(`update calls set client_id = null where id = '${callId}'`));
        const outcome = await analyse(db(), company.companyId, callId);
        const next = await afterCallAnalysed(db(), sender, company.companyId, callId);
        const [job] = sender.take('recommendation.verify');
        const verified = job ? await (options.jobs ?? jobs).verify(job.payload as { companyId: string; recommendationId: string; callId: string }) : null;
        return { callId, outcome, next, verified: verified as null | { status: string; recommendationStatus?: string; reason?: string } };
      };
      return { company, manager, call, ...created, sender, jobs, followUp };
    };

    test('"I called" → verifying → a call back that applies the meaning in other words → applied, and returned as the client agrees', async () => {
      const c = await lostClient();
      const api = await signIn(c.manager);
      const called = await api.request('POST', `/api/v1/recommendations/${c.recommendationId}/called`);
      assert.equal(called.status, 200);
      assert.equal(called.body.status, 'called');
      assert.ok(called.body.calledAt);
      assert.equal((await api.request('POST', `/api/v1/recommendations/${c.recommendationId}/called`)).body.status, 'called', 'pressing twice is harmless');

      const back = await c.followUp(APPLIED_FOLLOW_UP);
      assert.deepEqual(back.next, { next: 'recommendation.verify', recommendationId: c.recommendationId });
      assert.equal(back.verified?.status, 'verified');
      assert.equal(back.verified?.recommendationStatus, 'returned');
      const card = (await api.request('GET', `/api/v1/lost-clients/${c.lostClientId}`)).body;
      assert.equal(card.lostClient.status, 'returned');
      const rec = card.recommendations[0];
      assert.equal(rec.status, 'returned');
      assert.equal(rec.verdict.applied, true);
      assert.equal(rec.verdict.clientAgreed, true);
      assert.equal(rec.verdict.callId, back.callId);
      assert.ok(rec.verdict.explanation.length > 20);
      assert.ok(rec.verdict.points.some((p: { done: boolean; evidence: unknown[] }) => p.done && p.evidence.length > 0), 'evidence quotes');
      // the job is idempotent
      assert.equal((await c.jobs.verify({ companyId: c.company.companyId, recommendationId: c.recommendationId, callId: back.callId }) as { status: string }).status, 'already_verified');
      const head = await signIn(c.company.headOfSales);
      assert.equal((await head.request('GET', '/api/v1/lost-clients?status=returned')).body.total, 1);
    });

    test('a call back that only drops the keywords is not applied, and the lost call back gets the next recommendation', async () => {
      const c = await lostClient();
      const api = await signIn(c.manager);
      await api.request('POST', `/api/v1/recommendations/${c.recommendationId}/called`);
      const back = await c.followUp(KEYWORDS_FOLLOW_UP);
      assert.equal(back.verified?.recommendationStatus, 'not_applied');
      const rec = await recommendation(c.recommendationId);
      assert.equal(rec.status, 'not_applied');
      assert.equal((rec.verdict as { applied: boolean }).applied, false);
      assert.equal(back.outcome, 'lost');
      assert.ok(c.sender.take('recommendation.remind').some((j) => j.options?.singletonKey?.includes(':verdict:')), 'the verdict waits for a payment or its expiry');
      // lost again: the follow-up call becomes the one to win back from
      const [next] = c.sender.take('call.recommend');
      assert.equal(next?.payload.callId, back.callId);
      const second = await c.jobs.recommend(next!.payload as { companyId: string; callId: string }) as { status: string; lostClientId: string };
      assert.equal(second.status, 'created');
      assert.equal(second.lostClientId, c.lostClientId, 'the same lost record, updated to the newer call');
      const card = (await api.request('GET', `/api/v1/lost-clients/${c.lostClientId}`)).body;
      assert.equal(card.lostClient.callId, back.callId);
      assert.deepEqual(card.recommendations.map((r: { status: string }) => r.status), ['open', 'not_applied']);
    });

    test('a call about something else leaves the recommendation waiting; a colleague applying it counts', async () => {
      const c = await lostClient();
      const colleague = c.company.managers[1]!;
      const other = await c.followUp(UNRELATED_FOLLOW_UP, colleague);
      assert.deepEqual(other.verified, { status: 'skipped', reason: 'not_same_deal' });
      const waiting = await recommendation(c.recommendationId);
      assert.equal(waiting.status, 'open', 'still waiting and still due');
      assert.equal(waiting.verdict?.skippedCallId, other.callId);
      assert.equal(c.sender.take('call.recommend').length, 0, 'no second recommendation while one waits');

      const back = await c.followUp(APPLIED_FOLLOW_UP, colleague);
      assert.equal(back.verified?.recommendationStatus, 'returned', 'the colleague applied it and the client agreed');
      const rec = await recommendation(c.recommendationId);
      assert.ok(rec.calledAt, 'an unannounced call back counts as called');
    });

    test('a call linked to the client only by phone is checked; applied without agreement turns returned on a later payment', async () => {
      const c = await lostClient();
      const turns = APPLIED_FOLLOW_UP.slice(0, 5).concat([{ speaker: 'client', text: 'Я подумаю и сама перезвоню.' }]);
      const back = await c.followUp(turns, c.manager, { linkByPhoneOnly: true });
      assert.equal(back.next.next, 'recommendation.verify');
      assert.equal(back.verified?.recommendationStatus, 'applied', 'applied even though the client did not agree yet');
      const remind = () => c.jobs.remind({ companyId: c.company.companyId, recommendationId: c.recommendationId }) as Promise<{ action: string }>;
      assert.deepEqual(await remind(), { action: 'none' });
      await withTenant(db(), c.company.companyId, (tx) => tx.insert(payments).values({
        companyId: c.company.companyId, clientId: c.call.clientId, amount: 48_000, paidAt: new Date(), source: 'manual', externalKey: `test-${c.recommendationId}`,
      }));
      assert.deepEqual(await remind(), { action: 'returned' });
      assert.equal((await recommendation(c.recommendationId)).status, 'returned');
      const paid = await asSystem(db(), (tx) => tx.select().from(payments).where(eq(payments.clientId, c.call.clientId!)));
      assert.equal(paid[0]!.recommendationId, c.recommendationId, 'the payment names the recommendation, so it is counted once');
    });

    test('with MENTOR_ENGINE=llm the verify job asks the chat model per point; a failing server falls back to builtin, marked', async () => {
      // the fake model marks every point done, quoting the first manager turn it is shown
      const quoteOf = (body: ChatRequestBody): { turn: number; quote: string } => {
        const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
        const [, turn, text] = /^\[(\d+)\] Менеджер: (.+)$/mu.exec(user) ?? [];
        return { turn: Number(turn), quote: (text ?? '').split(' ').slice(0, 4).join(' ') };
      };
      const chat = await startFakeChatServer((body) => JSON.stringify({
        points: [...(body.messages[1]?.content ?? '').matchAll(/^\((\d+)\)/gmu)].map((m) => ({ point: Number(m[1]), done: true, evidence: [quoteOf(body)], reason: 'сделано' })),
        clientAgreed: true,
        confidence: 0.8,
      }));
      try {
        const config = { ...server.config, engine: 'llm' as const, llm: { url: chat.url, apiKey: undefined, model: 'local-model' } };
        const c = await lostClient();
        const back = await c.followUp(APPLIED_FOLLOW_UP, c.manager, { jobs: recommendationJobs(c.sender, { db: db(), config, telegram: null }) });
        assert.equal(back.verified?.recommendationStatus, 'returned');
        const verdict = (await recommendation(c.recommendationId)).verdict as { engine: string; points: { evidence: { turn: number }[] }[] };
        assert.equal(verdict.engine, 'llm');
        assert.equal(verdict.points[0]?.evidence[0]?.turn, 0, 'the quote the model gave, verified against the call');
        assert.equal(chat.chatBodies().length, 1);

        const d = await lostClient();
        chat.failNext({ kind: 'status', status: 503 }, 3);
        const fallback = await d.followUp(APPLIED_FOLLOW_UP, d.manager, { jobs: recommendationJobs(d.sender, { db: db(), config, telegram: null }) });
        assert.equal(fallback.verified?.recommendationStatus, 'returned', 'the builtin checker judged it instead');
        const marked = (await recommendation(d.recommendationId)).verdict as { engine: string; warnings: string[] };
        assert.equal(marked.engine, 'llm→builtin');
        assert.match(marked.warnings[0] ?? '', /server_error/);
      } finally {
        await chat.close();
      }
    });
  });
}
