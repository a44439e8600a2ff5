// The whole loop through the runtime `npm start` runs (not a harness): a call arrives through the
// API with a transcript, is analysed by the job workers, the lost client gets a win-back
// recommendation, and the manager's next call that carries it out is checked by meaning.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, seconds = 90): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function sendCall(token: string, url: string, fields: Record<string, string>, transcript: string): Promise<string> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set('transcript', new Blob([transcript], { type: 'text/plain' }), 'call.txt');
  const response = await fetch(`${url}/api/v1/calls`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await response.json()) as { id: string };
  assert.equal(response.status, 202, JSON.stringify(body));
  return body.id;
}

const LOST_CALL = [
  'Менеджер: Добрый день! Меня зовут Анна, компания ТеплоСфера. Удобно говорить?',
  'Клиент: Да, слушаю.',
  'Менеджер: Вы оставляли заявку на отопление. Какая у вас площадь дома?',
  'Клиент: Сто пятьдесят метров, газа нет.',
  'Менеджер: Тогда подойдёт электрический котёл, монтаж под ключ за три дня.',
  'Клиент: А по цене сколько выйдет?',
  'Менеджер: Около двухсот тридцати тысяч.',
  'Клиент: Дорого. Я подумаю.',
  'Менеджер: Хорошо, до свидания.',
].join('\n');

for (const { kind, skip } of await engines()) {
  describe(`the call-to-recommendation pipeline on ${kind}`, { skip }, () => {
    let server: TestServer;
    let head: ApiClient;
    let token = '';
    before(async () => {
      server = await startTestServer({ engine: kind });
      head = new ApiClient(server.url);
      await head.login(server.demo.headOfSales.email, server.demo.headOfSales.password);
      token = (await head.request('POST', '/api/v1/api-tokens', { name: 'pipeline' })).body.token;
    });
    after(async () => {
      await server?.close();
    });

    test('a lost call becomes a lost client with a recommendation the manager can read', async () => {
      const callId = await sendCall(token, server.url, { manager_extension: '101', client_phone: '+7 916 555-12-34', external_id: `p-${kind}-1` }, LOST_CALL);
      const call = await waitFor(async () => (await head.request('GET', `/api/v1/calls/${callId}`)).body, (body) => ['analysed', 'failed'].includes(body.call?.status));
      assert.equal(call.call.status, 'analysed', JSON.stringify(call.call));
      assert.equal(call.analysis.result.outcome, 'lost');
      assert.equal(call.call.manager.name, 'Анна Смирнова', 'matched by extension 101');

      const lost = await waitFor(
        async () => (await head.request('GET', '/api/v1/lost-clients')).body,
        (body) => (body.lostClients ?? body.items ?? []).some((c: any) => JSON.stringify(c).includes(callId) || JSON.stringify(c).includes('79165551234')),
      );
      const entries: any[] = lost.lostClients ?? lost.items ?? [];
      const entry = entries.find((c) => JSON.stringify(c).includes(callId) || JSON.stringify(c).includes('79165551234'));
      assert.ok(entry, `the lost client is listed: ${JSON.stringify(lost).slice(0, 500)}`);

      const anna = new ApiClient(server.url);
      await anna.login('anna@demo.mentor', server.demo.managers[0]!.password);
      const card = await waitFor(async () => (await anna.request('GET', `/api/v1/lost-clients/${entry.id}`)), (r) => r.status === 200 && JSON.stringify(r.body).includes('Рекомендуется'));
      assert.equal(card.status, 200);
      assert.match(JSON.stringify(card.body), /Рекомендуется перезвонить/);
      const other = new ApiClient(server.url);
      await other.login('igor@demo.mentor', server.demo.managers[1]!.password);
      assert.equal((await other.request('GET', `/api/v1/lost-clients/${entry.id}`)).status, 404, 'another manager does not see it');
    });
  });
}
