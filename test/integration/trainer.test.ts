// The trainer through the real HTTP API and WebSocket on both engines: a text-mode session where
// the client presses on the manager's weak stage from analysed calls, the score and feedback
// stored at the end, isolation between managers, scenarios from the script alone, and the session
// going on in text when speech recognition is off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany, type BuiltPerson } from '../support/factories.ts';
import { sql } from 'drizzle-orm';
import { withTenant } from '../../src/db/tenant.ts';
import { analyses } from '../../src/db/schema/calls.ts';
import type { CallAnalysis } from '../../src/domain/call-analysis.ts';

const INTRO = 'Здравствуйте, меня зовут Иван, компания ОкнаПро. Вы оставляли заявку на окна, удобно говорить?';
const OPEN_1 = 'Расскажите, какие окна вы сейчас рассматриваете?';
const PITCH = 'Для вашей задачи у нас тёплые окна с гарантией 10 лет, бесплатный замер и монтаж за 3 дня — вы получите тишину и тепло.';
const GOOD_PRICE = 'Понимаю. А с чем сравниваете? Можем оформить рассрочку без переплаты на 12 месяцев, и окна окупаются за счёт экономии на отоплении.';
const STEP = 'Давайте я запишу вас на бесплатный замер в четверг в 10:00, вам удобно?';
const STEP_2 = 'Тогда предлагаю замер в пятницу в 18:00, когда вы дома — инженер привезёт образцы.';

/** An analysed call of the manager in which the closing stage was weak. */
async function analysedCall(server: TestServer, companyId: string, managerId: string): Promise<void> {
  const db = server.runtime.database.db;
  const call = await buildCall(db, companyId, { managerId, turns: dialogue('M: Добрый день', 'C: Я подумаю') });
  const result: CallAnalysis = {
    engine: 'builtin', engineVersion: 'test', knowledgeHash: 'k', language: 'ru', outcome: 'lost', confidence: 0.8,
    stages: [{ stage: 'greeting', score: 8, evidence: [], deductions: [] }, { stage: 'closing', score: 2, evidence: [], deductions: [] }],
    weakStages: ['closing'], loss: null, nextStep: null, warnings: [],
  };
  await withTenant(db, companyId, (tx) => tx.insert(analyses).values({
    companyId, callId: call.id, engine: 'builtin', engineVersion: 'test', knowledgeHash: 'k', outcome: 'lost', confidence: 0.8,
    scores: { greeting: 8, closing: 2 }, result,
  }));
}

function openSocket(server: TestServer, api: ApiClient, sessionId: string): { socket: WebSocket; next(type: string): Promise<any> } {
  const url = `${server.url.replace('http', 'ws')}/api/v1/trainer/sessions/${sessionId}/ws`;
  // Node's WebSocket (undici) takes headers as an extension: the session cookie signs the socket in.
  const socket = new WebSocket(url, { headers: { cookie: api.cookie } } as unknown as string[]);
  const seen: any[] = [];
  const waiters: { type: string; resolve(value: any): void }[] = [];
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') return;
    const message = JSON.parse(event.data);
    const waiter = waiters.find((w) => w.type === message.type);
    if (waiter) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    } else seen.push(message);
  });
  return {
    socket,
    next(type: string) {
      const index = seen.findIndex((m) => m.type === type);
      if (index >= 0) return Promise.resolve(seen.splice(index, 1)[0]);
      return new Promise((resolve) => waiters.push({ type, resolve }));
    },
  };
}

for (const { kind, skip } of await engines()) {
  describe(`trainer on ${kind}`, { skip }, () => {
    let server: TestServer;
    let company: BuiltCompany;
    before(async () => {
      server = await startTestServer({ engine: kind });
      company = await buildCompany(server.runtime.database.db, { name: 'ОкнаПро' });
      const integrator = await signIn(company.integrator);
      await integrator.request('POST', '/api/v1/knowledge/objections', { text: 'Дорого', handling: 'Уточнить, с чем сравнивает. Предложить рассрочку без переплаты на 12 месяцев; окна окупаются за счёт экономии на отоплении.' });
      await integrator.request('PUT', '/api/v1/knowledge/script', { stages: { presentation: 'Тёплые окна с гарантией 10 лет, бесплатный замер, монтаж за 3 дня', closing: 'Назначить бесплатный замер на конкретный день и время' } });
    });
    after(async () => {
      await server?.close();
    });

    const signIn = (person: BuiltPerson): Promise<ApiClient> => ApiClient.signedIn(server.url, person);

    test('text mode: the client presses on the weak closing stage, gives in to a concrete step; finish stores score and feedback', async () => {
      const manager = company.managers[0]!;
      await analysedCall(server, company.companyId, manager.id);
      const api = await signIn(manager);
      const scenarios = (await api.request('GET', '/api/v1/trainer/scenarios')).body.scenarios as { id: string; kind: string }[];
      assert.deepEqual(scenarios.map((s) => s.kind).sort(), ['objection', 'presentation', 'script']);
      const objection = scenarios.find((s) => s.kind === 'objection')!;
      const personas = (await api.request('GET', '/api/v1/trainer/personas')).body.personas as { id: string; avatarSvg: string }[];
      assert.ok(personas.length >= 5 && personas.every((p) => p.avatarSvg.startsWith('<svg')));

      const started = await api.request('POST', '/api/v1/trainer/sessions', { scenarioId: objection.id, personaId: 'viktor-director', mode: 'text' });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const session = started.body;
      assert.deepEqual(session.weakStages, ['closing']);
      assert.equal(session.turns.length, 1, 'the client picks up first');
      assert.equal(session.turns[0].speaker, 'client');

      const replies: any[] = [];
      for (const text of [INTRO, OPEN_1, PITCH, GOOD_PRICE]) {
        const turn = await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text });
        assert.equal(turn.status, 200, JSON.stringify(turn.body));
        replies.push(turn.body.clientTurn);
      }
      const stall = replies.at(-1);
      assert.equal(stall.pressedStage, 'closing', JSON.stringify(replies));
      // the wording varies with the session's seed; any stall without a next step will do
      assert.match(stall.text, /подума|обдума|наберу|перезвон|свяжусь/i);

      // A dropped connection loses nothing: every turn is already stored.
      const stored = (await api.request('GET', `/api/v1/trainer/sessions/${session.id}`)).body;
      assert.equal(stored.turns.length, 9);
      assert.equal(stored.status, 'active');

      const hesitation = (await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: STEP })).body.clientTurn;
      assert.equal(hesitation.reason, 'closing_hesitation', 'a weak closing makes the client hesitate once more');
      const agreed = (await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: STEP_2 })).body;
      assert.equal(agreed.clientTurn.done, true);
      assert.equal(agreed.session.outcome, 'agreed');
      const late = await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: 'Ещё вопрос' });
      assert.equal(late.status, 409);

      const finished = await api.request('POST', `/api/v1/trainer/sessions/${session.id}/finish`);
      assert.equal(finished.status, 200, JSON.stringify(finished.body));
      assert.equal(finished.body.status, 'finished');
      assert.equal(typeof finished.body.score, 'number');
      assert.ok(Object.keys(finished.body.stageScores).length >= 3, JSON.stringify(finished.body.stageScores));
      assert.equal(finished.body.feedback.outcome, 'agreed');
      assert.ok(finished.body.feedback.summary.length > 0);

      const history = (await api.request('GET', '/api/v1/trainer/sessions')).body.sessions;
      assert.equal(history[0].id, session.id);
      assert.equal(history[0].score, finished.body.score);

      const head = await signIn(company.headOfSales);
      const activity = (await head.request('GET', '/api/v1/trainer/activity')).body.managers as any[];
      const mine = activity.find((m) => m.managerId === manager.id);
      assert.equal(mine.finished, 1);
      assert.equal(mine.meanScore, finished.body.score);
      assert.equal((await api.request('GET', '/api/v1/trainer/activity')).status, 403, 'a manager does not see the team');
    });

    test("a manager cannot read, answer or finish another manager's session", async () => {
      const owner = await signIn(company.managers[0]!);
      const other = await signIn(company.managers[1]!);
      const session = (await owner.request('POST', '/api/v1/trainer/sessions', { mode: 'text' })).body;
      assert.equal((await other.request('GET', `/api/v1/trainer/sessions/${session.id}`)).status, 404);
      assert.equal((await other.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: INTRO })).status, 404);
      assert.equal((await other.request('POST', `/api/v1/trainer/sessions/${session.id}/finish`)).status, 404);
      assert.ok(!(await other.request('GET', '/api/v1/trainer/sessions')).body.sessions.some((s: { id: string }) => s.id === session.id));
      const ws = openSocket(server, other, session.id);
      const error = await ws.next('error');
      assert.equal(error.code, 'not_found');
      ws.socket.close();
    });

    test('a company with no objections trains on the script; the integrator can edit a scenario', async () => {
      const fresh = await buildCompany(server.runtime.database.db);
      const api = await signIn(fresh.managers[0]!);
      const scenarios = (await api.request('GET', '/api/v1/trainer/scenarios')).body.scenarios as { id: string; kind: string }[];
      assert.deepEqual(scenarios.map((s) => s.kind), ['script']);
      const session = (await api.request('POST', '/api/v1/trainer/sessions', { mode: 'text' })).body;
      assert.equal(session.scenarioId, 'script');
      assert.equal((await api.request('PUT', '/api/v1/trainer/scenarios/script', { title: 'Нельзя' })).status, 403);
      const integrator = await signIn(fresh.integrator);
      const edited = await integrator.request('PUT', '/api/v1/trainer/scenarios/script', { title: 'Входящий звонок по скрипту' });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.scenario.source, 'edited');
      assert.equal((await api.request('GET', '/api/v1/trainer/scenarios')).body.scenarios[0].title, 'Входящий звонок по скрипту');
    });

    test('speech recognition off: the voice socket says so and the session continues with typed turns', async () => {
      const api = await signIn(company.managers[1]!);
      const session = (await api.request('POST', '/api/v1/trainer/sessions', { mode: 'voice' })).body;
      const ws = openSocket(server, api, session.id);
      const ready = await ws.next('ready');
      assert.equal(ready.voiceIn, false);
      assert.equal(ready.sttUnavailable.code, 'stt.disabled');
      ws.socket.send(new Uint8Array(2000));
      ws.socket.send(JSON.stringify({ type: 'end-utterance' }));
      const textMode = await ws.next('text-mode');
      assert.equal(textMode.direction, 'stt');
      ws.socket.send(JSON.stringify({ type: 'text', text: INTRO }));
      const reply = await ws.next('client-turn');
      assert.equal(reply.managerTurn.text, INTRO);
      assert.ok(reply.turn.text.length > 0);
      ws.socket.close();
      const stored = (await api.request('GET', `/api/v1/trainer/sessions/${session.id}`)).body;
      assert.equal(stored.turns.length, 3);
      assert.equal(stored.status, 'active', 'a closed socket leaves the session resumable');

      // Reconnecting resumes: the transcript so far comes back and the conversation goes on.
      const again = openSocket(server, api, session.id);
      const resumed = await again.next('ready');
      assert.deepEqual(resumed.session.turns.map((t: { text: string }) => t.text), stored.turns.map((t: { text: string }) => t.text));
      again.socket.send(JSON.stringify({ type: 'text', text: 'Расскажите, что вы сейчас рассматриваете?' }));
      await again.next('client-turn');
      again.socket.close();
      assert.equal((await api.request('GET', `/api/v1/trainer/sessions/${session.id}`)).body.turns.length, 5);
    });

    test('a session left alone for more than 30 minutes ends as abandoned and keeps its transcript', async () => {
      const api = await signIn(company.managers[1]!);
      const session = (await api.request('POST', '/api/v1/trainer/sessions', { mode: 'text' })).body;
      await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: INTRO });
      const hourAgo = new Date(Date.now() - 60 * 60 * 1000).toISOString();
      await withTenant(server.runtime.database.db, company.companyId, (tx) => tx.execute(sql`
        update trainer_sessions set started_at = ${hourAgo}::timestamptz,
          turns = (select jsonb_agg(jsonb_set(t, '{at}', to_jsonb(${hourAgo}::text))) from jsonb_array_elements(turns) t)
        where id = ${session.id}`));
      const stored = (await api.request('GET', `/api/v1/trainer/sessions/${session.id}`)).body;
      assert.equal(stored.status, 'abandoned');
      assert.equal(stored.turns.length, 3);
      const late = await api.request('POST', `/api/v1/trainer/sessions/${session.id}/turns`, { text: OPEN_1 });
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'trainer.session_closed');
    });
  });
}
