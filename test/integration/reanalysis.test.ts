// A change of knowledge re-analyses the company's calls as a background job with visible progress.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { engines } from '../support/database.ts';
import { buildCall, buildCompany, dialogue, type BuiltCompany } from '../support/factories.ts';
import { analyseCall } from '../../src/calls/analyse-call.ts';
import { createBuiltinEngine } from '../../src/analysis/builtin/builtin-engine.ts';

async function waitFor<T>(probe: () => Promise<T>, done: (value: T) => boolean, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

for (const { kind, skip } of await engines()) {
  describe(`company re-analysis on ${kind}`, { skip }, () => {
    let server: TestServer;
    let company: BuiltCompany;
    const callIds: string[] = [];
    before(async () => {
      server = await startTestServer({ engine: kind });
      const db = server.runtime.database.db;
      company = await buildCompany(db, { managers: 1 });
      const engine = createBuiltinEngine();
      const conversations = [
        dialogue('M: Добрый день, компания Тест, меня зовут Ольга. Удобно говорить?', 'C: Да, слушаю.', 'M: Что для вас важно при выборе?', 'C: Цена и сроки.', 'M: Предлагаю встречу в четверг в 11:00 или в пятницу в 15:00.', 'C: Давайте в четверг в 11.'),
        dialogue('M: Здравствуйте, это компания Тест. Вам удобно?', 'C: Удобно.', 'M: Расскажу о нашем предложении: гарантия три года.', 'C: Нет, нам это не актуально, спасибо.', 'M: Понял, до свидания.'),
      ];
      for (const turns of conversations) {
        const call = await buildCall(db, company.companyId, { managerId: company.managers[0]!.id, turns, clientPhone: `+7999${Math.floor(1_000_000 + Math.random() * 8_999_999)}` });
        await analyseCall(db, engine, company.companyId, call.id);
        callIds.push(call.id);
      }
    });
    after(async () => {
      await server?.close();
    });

    test('re-analysis runs as a job, shows progress and is refused to managers', async () => {
      const head = new ApiClient(server.url);
      await head.login(company.headOfSales.email, company.headOfSales.password);
      const idle = await head.request('GET', '/api/v1/knowledge/reanalysis');
      assert.equal(idle.status, 200);
      assert.equal(idle.body.status, 'idle');

      // a knowledge change makes every stored analysis stale
      assert.equal((await head.request('POST', '/api/v1/knowledge/rules', { stage: 'closing', text: 'Всегда предлагать две конкретные даты встречи' })).status, 201);
      const queued = await head.request('POST', '/api/v1/knowledge/reanalysis', { reason: 'new rule' });
      assert.equal(queued.status, 202);
      assert.ok(['queued', 'running', 'finished'].includes(queued.body.status));
      const again = await head.request('POST', '/api/v1/knowledge/reanalysis', {});
      assert.equal(again.body.jobId, queued.body.jobId, 'a second request while one runs returns the same job');

      const finished = await waitFor(async () => (await head.request('GET', '/api/v1/knowledge/reanalysis')).body, (state) => state.status === 'finished' || state.status === 'failed');
      assert.equal(finished.status, 'finished', JSON.stringify(finished));
      assert.equal(finished.progress.total, 2);
      assert.equal(finished.progress.analysed, 2, 'both calls were re-analysed with the new knowledge');

      const manager = new ApiClient(server.url);
      await manager.login(company.managers[0]!.email, company.managers[0]!.password);
      assert.equal((await manager.request('POST', '/api/v1/knowledge/reanalysis', {})).status, 403);
      const audit = await head.request('GET', '/api/v1/audit');
      assert.ok(audit.body.entries.some((e: { action: string }) => e.action === 'knowledge.reanalysis_requested'));
    });
  });
}
