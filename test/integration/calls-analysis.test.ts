// Calls and their analysis through the real HTTP API on both engines: analysing and re-analysing,
// an engine that refuses, corrections that change the next analysis, the manager's scope,
// filters and Russian full-text search, and another company's ids.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany, type BuiltPerson } from '../support/factories.ts';
import { analyses, calls } from '../../src/db/schema/calls.ts';
import { asSystem } from '../../src/db/tenant.ts';
import { createBuiltinEngine } from '../../src/analysis/builtin/builtin-engine.ts';
import { createAnalysisEngine } from '../../src/analysis/engine-registry.ts';
import { analyseCall, reanalyseCompany, type ReanalyseProgress } from '../../src/calls/analyse-call.ts';
import type { CallAnalysisEngine } from '../../src/domain/call-analysis.ts';
import { AppError } from '../../src/domain/errors.ts';

/** Lost: an objection brushed off, "я подумаю" and no next step. Mentions «рассрочку». */
const LOST = dialogue(
  'M: Добрый день! Меня зовут Анна, компания ТеплоСфера. Вам удобно говорить?',
  'C: Да, слушаю.',
  'M: Вы оставляли заявку на котёл. Какая площадь дома и есть ли газ?',
  'C: Дом сто двадцать метров, газ есть.',
  'M: Отлично, подойдёт газовый котёл, монтаж за три дня, гарантия пять лет. Стоимость сто восемьдесят тысяч.',
  'C: Дорого. А рассрочку можно оформить?',
  'M: Ну, цена такая, у всех так.',
  'C: Понятно. Я подумаю.',
  'M: Хорошо, до свидания.',
);

/** Success: a concrete visit agreed, two options offered, the agreement confirmed. */
const SUCCESS = dialogue(
  'M: Добрый день! Меня зовут Анна, компания ТеплоСфера. Вам удобно говорить?',
  'C: Да, слушаю.',
  'M: Вы оставляли заявку на котёл. Какая площадь дома и есть ли газ?',
  'C: Дом сто двадцать метров, газ есть.',
  'M: Отлично, подойдёт газовый котёл, монтаж за три дня, гарантия пять лет.',
  'C: Звучит хорошо.',
  'M: Давайте инженер приедет на бесплатный замер. Вам удобнее в четверг в десять утра или в пятницу в два часа дня?',
  'C: В четверг в десять подходит.',
  'M: Записал: четверг, десять утра, инженер позвонит за час. До встречи!',
  'C: Спасибо, до свидания.',
);

/**
 * The client promises that someone else will call back and the manager just waits. The builtin
 * engine reads the friendly ending as agreement; this company's head of sales says it is a loss.
 */
const waitsForCallback = (manager: string, ending: string) => dialogue(
  `M: Добрый день! Меня зовут ${manager}, компания ТеплоСфера. Вам удобно говорить?`,
  'C: Да, слушаю.',
  'M: Вы оставляли заявку на котёл. Какая площадь дома и есть ли газ?',
  'C: Дом сто двадцать метров, газ есть.',
  'M: Отлично, подойдёт газовый котёл, монтаж за три дня, гарантия пять лет.',
  'C: Хорошо. Жена сама вам перезвонит завтра, она решает по деньгам.',
  `M: ${ending}`,
  'C: Да, до свидания.',
);

for (const { kind, skip } of await engines()) {
  describe(`calls and analysis on ${kind}`, { skip }, () => {
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
    const analysisRows = (callId: string) => asSystem(db(), (tx) => tx.select().from(analyses).where(eq(analyses.callId, callId)));

    test('analysing a call stores scores and a verdict; re-analysing on the same knowledge replaces, never duplicates', async () => {
      const c = await company();
      const call = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: LOST, clientPhone: '+79161234567', clientName: 'Пётр' });
      const head = await signIn(c.headOfSales);
      const before = await head.request('GET', `/api/v1/calls/${call.id}`);
      assert.equal(before.body.call.status, 'transcribed');
      assert.equal(before.body.analysis, null);

      const first = await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      assert.equal(first.status, 200);
      assert.equal(first.body.status, 'analysed');
      assert.equal(first.body.outcome, 'lost');
      const shown = await head.request('GET', `/api/v1/calls/${call.id}`);
      assert.equal(shown.body.call.status, 'analysed');
      assert.equal(shown.body.call.client.name, 'Пётр');
      assert.equal(shown.body.transcript.turns.length, LOST.length);
      assert.equal(shown.body.analysis.id, first.body.analysisId);
      assert.equal(shown.body.analysis.engine, 'builtin');
      assert.equal(shown.body.analysis.result.outcome, 'lost');
      assert.ok(shown.body.analysis.result.loss.stage);
      assert.ok(shown.body.analysis.result.stages.length >= 3);
      assert.equal(shown.body.call.analysis.outcome, 'lost');
      assert.equal(typeof shown.body.call.analysis.scores.greeting, 'number');

      const second = await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      assert.equal(second.body.analysisId, first.body.analysisId);
      const rows = await analysisRows(call.id);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.isCurrent, true);
      assert.equal(rows[0]!.lossStage, shown.body.analysis.result.loss.stage);
      assert.match(rows[0]!.knowledgeHash, /^sha256:/);

      // a change of knowledge gives a new current analysis and keeps the old one as history
      await head.request('POST', '/api/v1/knowledge/rules', { stage: 'closing', text: 'Назначать встречу на конкретное время' });
      const third = await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      assert.notEqual(third.body.analysisId, first.body.analysisId);
      const history = await analysisRows(call.id);
      assert.equal(history.length, 2);
      assert.deepEqual(history.filter((r) => r.isCurrent).map((r) => r.id), [third.body.analysisId]);
    });

    test('an empty transcript fails the call with a clear message, never a made-up verdict', async () => {
      const c = await company();
      const call = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: [] });
      const head = await signIn(c.headOfSales);
      const result = await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      assert.equal(result.status, 200);
      assert.equal(result.body.status, 'failed');
      assert.equal(result.body.errorCode, 'analysis.empty_transcript');
      assert.match(result.body.errorMessage, /^cannot analyse: /);
      const shown = await head.request('GET', `/api/v1/calls/${call.id}`);
      assert.equal(shown.body.call.status, 'failed');
      assert.equal(shown.body.call.errorCode, 'analysis.empty_transcript');
      assert.match(shown.body.call.errorMessage, /no spoken turns/);
      assert.equal(shown.body.analysis, null);
      assert.equal((await analysisRows(call.id)).length, 0);
      const failed = await head.request('GET', '/api/v1/calls?status=failed');
      assert.deepEqual(failed.body.calls.map((x: { id: string }) => x.id), [call.id]);

      const untranscribed = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: null });
      const early = await head.request('POST', `/api/v1/calls/${untranscribed.id}/analyse`);
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'call.no_transcript');
    });

    test('an engine crash marks the call failed and is rethrown for the job to retry', async () => {
      const c = await company();
      const call = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: SUCCESS });
      const broken: CallAnalysisEngine = { name: 'broken', version: '0', analyze: () => Promise.reject(new Error('model server is down')) };
      await assert.rejects(analyseCall(db(), broken, c.companyId, call.id), /model server is down/);
      const row = (await asSystem(db(), (tx) => tx.select().from(calls).where(eq(calls.id, call.id))))[0]!;
      assert.equal(row.status, 'failed');
      assert.equal(row.errorCode, 'analysis.engine_error');
      assert.match(row.errorMessage ?? '', /model server is down/);
      const retried = await analyseCall(db(), createBuiltinEngine(), c.companyId, call.id);
      assert.equal(retried.status, 'analysed');
    });

    test('a correction is stored with its context, shown on the call, and changes the next analysis of this and similar calls', async () => {
      const c = await company();
      const [anna, olga] = c.managers as [BuiltPerson, BuiltPerson];
      const corrected = await buildCall(db(), c.companyId, { managerId: anna.id, turns: waitsForCallback('Анна', 'Договорились, ждём звонка, всего доброго.') });
      const similar = await buildCall(db(), c.companyId, { managerId: olga.id, turns: waitsForCallback('Ольга', 'Хорошо, будем ждать звонка, всего хорошего.') });
      const unrelated = await buildCall(db(), c.companyId, { managerId: olga.id, turns: SUCCESS });
      const head = await signIn(c.headOfSales);
      for (const call of [corrected, similar, unrelated]) assert.equal((await head.request('POST', `/api/v1/calls/${call.id}/analyse`)).body.outcome, 'success');
      const hashBefore = (await head.request('GET', `/api/v1/calls/${corrected.id}`)).body.analysis.knowledgeHash;

      const manager = await signIn(anna);
      const body = { kind: 'outcome', outcome: 'lost', stage: 'closing', comment: 'Клиент сам не перезвонит: нужно было назначить время звонка' };
      assert.equal((await manager.request('POST', `/api/v1/calls/${corrected.id}/corrections`, body)).status, 403);
      assert.equal((await head.request('POST', `/api/v1/calls/${corrected.id}/corrections`, { kind: 'stage_score', score: 3, comment: 'x' })).status, 400);
      assert.equal((await head.request('POST', `/api/v1/calls/${corrected.id}/corrections`, { kind: 'outcome', comment: 'x' })).status, 400);
      const fresh = await buildCall(db(), c.companyId, { managerId: anna.id, turns: SUCCESS });
      assert.equal((await head.request('POST', `/api/v1/calls/${fresh.id}/corrections`, body)).status, 409);

      const saved = await head.request('POST', `/api/v1/calls/${corrected.id}/corrections`, body);
      assert.equal(saved.status, 201);
      assert.equal(saved.body.outcome, 'lost');
      assert.equal(saved.body.createdBy.name, c.headOfSales.name);
      assert.ok(saved.body.context.length > 0);
      assert.ok(saved.body.context.some((t: { text: string }) => t.text.includes('Жена сама вам перезвонит')));
      const audit = (await head.request('GET', '/api/v1/audit')).body.entries.map((e: { action: string }) => e.action);
      assert.ok(audit.includes('knowledge.correction_added'));

      // the manager sees the correction on her own call
      const onCall = await manager.request('GET', `/api/v1/calls/${corrected.id}`);
      assert.deepEqual(onCall.body.corrections.map((x: { id: string; comment: string }) => [x.id, x.comment]), [[saved.body.id, body.comment]]);

      const again = await head.request('POST', `/api/v1/calls/${corrected.id}/analyse`);
      assert.equal(again.body.outcome, 'lost');
      const after = (await head.request('GET', `/api/v1/calls/${corrected.id}`)).body.analysis;
      assert.notEqual(after.knowledgeHash, hashBefore);
      assert.equal(after.result.loss.stage, 'closing');
      assert.ok(after.result.warnings.some((w: string) => w.includes(saved.body.id)));
      assert.equal((await head.request('POST', `/api/v1/calls/${similar.id}/analyse`)).body.outcome, 'lost');
      assert.equal((await head.request('POST', `/api/v1/calls/${unrelated.id}/analyse`)).body.outcome, 'success');

      // withdrawn by mistake: the next analysis no longer follows it
      assert.equal((await manager.request('DELETE', `/api/v1/calls/${corrected.id}/corrections/${saved.body.id}`)).status, 403);
      assert.equal((await head.request('DELETE', `/api/v1/calls/${similar.id}/corrections/${saved.body.id}`)).status, 404);
      assert.equal((await head.request('DELETE', `/api/v1/calls/${corrected.id}/corrections/${saved.body.id}`)).status, 204);
      assert.deepEqual((await head.request('GET', `/api/v1/calls/${corrected.id}`)).body.corrections, []);
      assert.equal((await head.request('POST', `/api/v1/calls/${similar.id}/analyse`)).body.outcome, 'success');
    });

    test('a stage score correction and a deduction correction change the next analysis of the call', async () => {
      const c = await company();
      const call = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns: LOST });
      const head = await signIn(c.headOfSales);
      await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      const first = (await head.request('GET', `/api/v1/calls/${call.id}`)).body.analysis.result;
      const greeting = first.stages.find((s: { stage: string }) => s.stage === 'greeting');
      assert.ok(greeting.score < 10);
      const needs = first.stages.find((s: { stage: string }) => s.stage === 'needs');
      const wrong = needs.deductions[0];
      assert.ok(wrong, 'the needs stage lost points');

      const score = await head.request('POST', `/api/v1/calls/${call.id}/corrections`, { kind: 'stage_score', stage: 'greeting', score: 10, comment: 'Приветствие по нашему стандарту' });
      assert.equal(score.status, 201);
      assert.equal(score.body.score, 10);
      const deduction = await head.request('POST', `/api/v1/calls/${call.id}/corrections`, { kind: 'deduction', stage: 'needs', target: wrong.code, comment: 'Двух вопросов здесь достаточно' });
      assert.equal(deduction.status, 201);
      assert.equal(deduction.body.target, wrong.code);

      await head.request('POST', `/api/v1/calls/${call.id}/analyse`);
      const shown = (await head.request('GET', `/api/v1/calls/${call.id}`)).body;
      const next = shown.analysis.result;
      assert.equal(next.stages.find((s: { stage: string }) => s.stage === 'greeting').score, 10);
      const nextNeeds = next.stages.find((s: { stage: string }) => s.stage === 'needs');
      assert.ok(!nextNeeds.deductions.some((d: { code: string }) => d.code === wrong.code));
      assert.ok(nextNeeds.score > needs.score);
      assert.equal(shown.call.analysis.scores.greeting, 10);
      assert.deepEqual(shown.corrections.map((x: { kind: string }) => x.kind), ['stage_score', 'deduction']);
    });

    test('re-analysing a company applies new knowledge to every analysed call, reports progress, and resumes without redoing work', async () => {
      const c = await company();
      const engine = createBuiltinEngine();
      const ids = [];
      for (const [i, turns] of [waitsForCallback('Анна', 'Договорились, ждём звонка, всего доброго.'), waitsForCallback('Ольга', 'Хорошо, будем ждать звонка, всего хорошего.'), SUCCESS].entries()) {
        const call = await buildCall(db(), c.companyId, { managerId: c.managers[0]!.id, turns, startedAt: new Date(Date.UTC(2026, 9, 1 + i)) });
        await analyseCall(db(), engine, c.companyId, call.id);
        ids.push(call.id);
      }
      const head = await signIn(c.headOfSales);
      await head.request('POST', `/api/v1/calls/${ids[0]}/corrections`, { kind: 'outcome', outcome: 'lost', comment: 'Ждать звонка клиента — это потеря' });
      const seen: ReanalyseProgress[] = [];
      const result = await reanalyseCompany(db(), engine, c.companyId, (p) => void seen.push(p));
      assert.deepEqual({ ...result }, { done: 3, total: 3, analysed: 3, failed: 0, unchanged: 0, skipped: 0 });
      assert.deepEqual(seen.map((p) => p.done), [1, 2, 3]);
      const outcomes = (await head.request('GET', '/api/v1/calls')).body.calls.map((x: { id: string; analysis: { outcome: string } }) => [x.id, x.analysis.outcome]);
      assert.deepEqual(new Map(outcomes), new Map([[ids[0], 'lost'], [ids[1], 'lost'], [ids[2], 'success']]));
      const rerun = await reanalyseCompany(db(), engine, c.companyId);
      assert.equal(rerun.unchanged, 3);
      assert.equal(rerun.analysed, 0);
      for (const id of ids) assert.equal((await analysisRows(id!)).filter((r) => r.isCurrent).length, 1);
    });

    test('a manager sees only own calls, in the list and one by one; the head of sales sees all', async () => {
      const c = await company();
      const [anna, olga] = c.managers as [BuiltPerson, BuiltPerson];
      const annas = await buildCall(db(), c.companyId, { managerId: anna.id, turns: SUCCESS });
      const olgas = await buildCall(db(), c.companyId, { managerId: olga.id, turns: LOST });
      const api = await signIn(anna);
      const list = await api.request('GET', '/api/v1/calls');
      assert.equal(list.status, 200);
      assert.deepEqual(list.body.calls.map((x: { id: string }) => x.id), [annas.id]);
      assert.equal(list.body.total, 1);
      assert.equal(list.body.calls[0].manager.name, anna.name);
      assert.deepEqual((await api.request('GET', `/api/v1/calls?managerId=${olga.id}`)).body.calls, []);
      assert.equal((await api.request('GET', `/api/v1/calls/${annas.id}`)).status, 200);
      const other = await api.request('GET', `/api/v1/calls/${olgas.id}`);
      assert.equal(other.status, 404);
      assert.equal(other.body.error.code, 'not_found');
      assert.equal((await api.request('GET', '/api/v1/calls?q=рассрочка')).body.calls.length, 0);
      assert.equal((await api.request('POST', `/api/v1/calls/${annas.id}/analyse`)).status, 403);
      const head = await signIn(c.headOfSales);
      assert.equal((await head.request('GET', '/api/v1/calls')).body.total, 2);
      assert.deepEqual((await head.request('GET', `/api/v1/calls?managerId=${olga.id}`)).body.calls.map((x: { id: string }) => x.id), [olgas.id]);
    });

    test('filters: status, outcome, period, reference; Russian full-text search finds inflected forms', async () => {
      const c = await company();
      const manager = c.managers[0]!.id;
      const lost = await buildCall(db(), c.companyId, { managerId: manager, turns: LOST, startedAt: new Date('2026-10-05T10:00:00Z') });
      const won = await buildCall(db(), c.companyId, { managerId: manager, turns: SUCCESS, startedAt: new Date('2026-11-05T10:00:00Z') });
      const waiting = await buildCall(db(), c.companyId, { managerId: manager, turns: null, startedAt: new Date('2026-11-06T10:00:00Z') });
      const engine = createBuiltinEngine();
      await analyseCall(db(), engine, c.companyId, lost.id);
      await analyseCall(db(), engine, c.companyId, won.id);
      const head = await signIn(c.headOfSales);
      const ids = async (query: string) => (await head.request('GET', `/api/v1/calls${query}`)).body.calls.map((x: { id: string }) => x.id);

      assert.deepEqual(await ids(''), [waiting.id, won.id, lost.id]);
      assert.deepEqual(await ids('?outcome=lost'), [lost.id]);
      assert.deepEqual(await ids('?outcome=success'), [won.id]);
      assert.deepEqual(await ids('?status=received'), [waiting.id]);
      assert.deepEqual(await ids('?from=2026-11-01&to=2026-12-01'), [waiting.id, won.id]);
      assert.deepEqual(await ids('?to=2026-11-01'), [lost.id]);
      assert.deepEqual(await ids('?limit=1&offset=1'), [won.id]);
      assert.equal((await head.request('GET', '/api/v1/calls?limit=1')).body.total, 3);

      // «рассрочку» in the call, «рассрочка» in the query; «замер» only in the successful call
      assert.deepEqual(await ids(`?q=${encodeURIComponent('рассрочка')}`), [lost.id]);
      assert.deepEqual(await ids(`?q=${encodeURIComponent('замеры инженера')}`), [won.id]);
      assert.deepEqual(await ids(`?q=${encodeURIComponent('гарантии')}`), [won.id, lost.id]);
      assert.deepEqual(await ids(`?q=${encodeURIComponent('бассейн')}`), []);
      assert.deepEqual(await ids(`?q=${encodeURIComponent('рассрочка')}&outcome=success`), []);

      await head.request('POST', `/api/v1/calls/${won.id}/reference`, { reference: true });
      assert.deepEqual(await ids('?reference=true'), [won.id]);
      assert.equal((await head.request('GET', '/api/v1/calls?status=nonsense')).status, 400);
      assert.equal((await head.request('GET', '/api/v1/calls?managerId=not-a-uuid')).status, 400);
    });

    test("another company's call is 404 on every call endpoint and stays untouched", async () => {
      const mine = await company();
      const theirs = await company();
      const call = await buildCall(db(), theirs.companyId, { managerId: theirs.managers[0]!.id, turns: LOST });
      await analyseCall(db(), createBuiltinEngine(), theirs.companyId, call.id);
      const me = await signIn(mine.headOfSales);
      const attempts: [string, string, unknown?][] = [
        ['GET', `/api/v1/calls/${call.id}`],
        ['POST', `/api/v1/calls/${call.id}/analyse`],
        ['POST', `/api/v1/calls/${call.id}/reference`, { reference: true }],
        ['POST', `/api/v1/calls/${call.id}/corrections`, { kind: 'outcome', outcome: 'success', comment: 'чужой звонок' }],
        ['GET', `/api/v1/calls/${randomUUID()}`],
      ];
      for (const [method, path, body] of attempts) {
        const response = await me.request(method, path, body);
        assert.equal(response.status, 404, `${method} ${path}`);
        assert.equal(response.body.error.code, 'not_found');
      }
      assert.deepEqual((await me.request('GET', '/api/v1/calls')).body.calls, []);
      assert.equal((await me.request('GET', '/api/v1/calls/not-a-uuid')).status, 400);
      const row = (await asSystem(db(), (tx) => tx.select().from(calls).where(and(eq(calls.id, call.id), eq(calls.companyId, theirs.companyId)))))[0]!;
      assert.equal(row.isReference, false);
      assert.equal(row.status, 'analysed');
    });
  });
}

describe('analysis engine selection', () => {
  const llm = { url: undefined, apiKey: undefined, model: undefined };

  test('builtin is the default engine', () => {
    const engine = createAnalysisEngine({ engine: 'builtin', llm });
    assert.equal(engine.name, 'builtin');
  });

  test('the llm engine without MENTOR_LLM_URL is refused with the variable to set', () => {
    assert.throws(() => createAnalysisEngine({ engine: 'llm', llm }), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, 'config.llm_url_missing');
      assert.match(error.message, /MENTOR_LLM_URL/);
      return true;
    });
  });

  test('a registered llm engine is used when its URL is set', () => {
    const fake: CallAnalysisEngine = { name: 'llm', version: 'test', analyze: () => Promise.reject(new Error('unused')) };
    const engine = createAnalysisEngine({ engine: 'llm', llm: { ...llm, url: 'http://127.0.0.1:9/v1' } }, { llm: () => fake });
    assert.equal(engine, fake);
  });
});
