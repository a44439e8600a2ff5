// The Telegram bot that `mentor start` runs when a token is set, against a local server speaking
// the Bot API: a person links the chat with the one-time code from the app; a manager lists own
// lost clients with /lost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient, startTestServer, type TestServer } from '../support/test-server.ts';
import { FakeTelegramServer } from '../support/fake-telegram-server.ts';

describe('the Telegram bot in the runtime', () => {
  let telegram: FakeTelegramServer;
  let server: TestServer;
  before(async () => {
    telegram = await FakeTelegramServer.start();
    server = await startTestServer({ env: { MENTOR_TELEGRAM_BOT_TOKEN: telegram.token, MENTOR_TELEGRAM_API_ROOT: telegram.apiRoot } });
  });
  after(async () => {
    await server?.close();
    await telegram?.close();
  });

  test('a manager links the chat with the code from the app and asks for own lost clients', async () => {
    const anna = new ApiClient(server.url);
    await anna.login(server.demo.managers[0]!.email, server.demo.managers[0]!.password);
    const code = await anna.request('POST', '/api/v1/telegram/link-code');
    assert.equal(code.status, 200);
    assert.equal(code.body.botConfigured, true);

    telegram.queueText({ id: 4242, first_name: 'Анна' }, `/start ${code.body.code}`);
    const [linked] = await telegram.waitForSent(1, 60_000);
    assert.equal(String(linked!.chat_id), '4242');
    assert.match(linked!.text, /Анна|привязан|Готово|связан/i);

    telegram.queueText({ id: 4242, first_name: 'Анна' }, '/lost');
    const messages = await telegram.waitForSent(2, 60_000);
    assert.equal(String(messages[1]!.chat_id), '4242');
    assert.ok(messages[1]!.text.length > 0, 'the bot answers /lost for a linked manager');

    telegram.queueText({ id: 4242, first_name: 'Анна' }, `/start ${code.body.code}`);
    const reused = await telegram.waitForSent(3, 60_000);
    assert.match(reused[2]!.text, /уже|недействител|истёк|used|invalid|не найден/i, 'a used code is refused');
  });
});
