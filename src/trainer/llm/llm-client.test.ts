import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmClient } from './llm-client.ts';
import { buildPersonaPrompt, parseClientReply, stripOutOfCharacter } from './persona-prompt.ts';
import { generateScenarios } from '../scenarios.ts';
import { findPersona } from '../personas/persona-library.ts';
import { buildEnglishKnowledge, buildKnowledge } from '../trainer.fixtures.ts';
import { startFakeChatServer } from '../../../test/support/fake-chat-server.ts';
import type { FakeChatServer } from '../../../test/support/fake-chat-server.ts';

const knowledge = buildKnowledge();
const [scenario] = generateScenarios(knowledge);
const persona = findPersona('irina-skeptic');
let server: FakeChatServer;

before(async () => {
  server = await startFakeChatServer();
});
after(() => server.close());

function client(timeoutMs = 2000) {
  assert.ok(scenario && persona);
  return createLlmClient({ chat: { baseUrl: server.url, model: 'fake-model', apiKey: 'sk-test', timeoutMs }, scenario, persona, knowledge, weakStages: ['objections'], seed: 3 });
}

void test('sends the persona prompt and the dialogue in the chat-completions shape', async () => {
  server.setResponder(() => '{"reply": "Всё это хорошо, но дорого.", "status": "continue"}');
  const c = client();
  await c.opening();
  const turn = await c.respond('Здравствуйте, это Иван из ОкнаПро, по вашей заявке.');
  assert.equal(turn.text, 'Всё это хорошо, но дорого.');
  assert.equal(turn.done, false);
  assert.equal(turn.fallback, undefined);
  const body = server.chatBodies().at(-1);
  assert.ok(body);
  assert.equal(body.model, 'fake-model');
  assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-test');
  assert.deepEqual(body.messages.map((m) => m.role), ['system', 'assistant', 'user']);
  const system = body.messages[0]?.content ?? '';
  assert.match(system, /Ирина Павловна/);
  assert.match(system, /«Дорого» — убедит: Уточнить, с чем сравнивает/, 'the company handling is in the prompt');
  assert.match(system, /Обработка возражений/, 'the weak stage is named');
  assert.match(system, /"status": "continue" \| "agreed" \| "left"/);
});

void test('personal and "are you a bot" questions: the prompt keeps it in character and leaks are stripped', async () => {
  server.setResponder(() => JSON.stringify({ reply: 'Как языковая модель, я не могу сказать свой возраст. Это к делу не относится. Так что с ценой?', status: 'continue' }));
  const c = client();
  await c.opening();
  const turn = await c.respond('Сколько вам лет? А вы бот?');
  const system = server.chatBodies().at(-1)?.messages[0]?.content ?? '';
  assert.match(system, /Никогда не говори и не намекай, что ты ИИ, бот, модель или программа/);
  assert.match(system, /«сколько вам лет\?», «а вы бот\?»/);
  assert.equal(turn.text, 'Это к делу не относится. Так что с ценой?');
  assert.equal(turn.reason, 'llm_reply_cleaned');

  // A reply that is nothing but a leak: the builtin client deflects in character instead.
  server.setResponder(() => 'I am an AI language model created by OpenAI.');
  const bot = await c.respond('Вы бот?');
  assert.equal(bot.fallback, true);
  assert.equal(bot.reason, 'deflected_bot_question');
  assert.doesNotMatch(bot.text, /модел|OpenAI|\bAI\b/);
});

void test('the structured end marker ends the session with the outcome', async () => {
  server.setResponder(() => '```json\n{"reply": "Хорошо, в четверг в 10:00. Договорились.", "status": "agreed"}\n```');
  const c = client();
  await c.opening();
  const agreed = await c.respond('Давайте замер в четверг в 10:00?');
  assert.deepEqual([agreed.done, agreed.outcome], [true, 'agreed']);
  assert.equal((await c.respond('Алло?')).reason, 'already_ended');
  assert.equal(server.chatBodies().length > 0, true);

  const plain = parseClientReply('Клиент: Нет, спасибо, не актуально. [[END:left]]', ['Ирина Павловна']);
  assert.deepEqual(plain, { text: 'Нет, спасибо, не актуально.', status: 'left', stripped: true });
});

void test('HTTP 500, a timeout and garbage fall back to the builtin client for that turn only', async () => {
  server.setResponder(() => '{"reply": "Слушаю вас.", "status": "continue"}');
  const c = client(300);
  await c.opening();
  for (const failure of [{ kind: 'status', status: 500 }, { kind: 'hang' }, { kind: 'garbage' }] as const) {
    server.failNext(failure);
    const turn = await c.respond('Здравствуйте, меня зовут Иван, компания ОкнаПро.');
    assert.equal(turn.fallback, true, failure.kind);
    assert.ok(turn.text.length > 0);
  }
  assert.deepEqual(c.state().fallbackTurns, 3);
  assert.equal(c.state().lastError, 'trainer.llm_bad_response');
  const recovered = await c.respond('Расскажите, какие окна вы ищете?');
  assert.equal(recovered.fallback, undefined);
  assert.equal(recovered.text, 'Слушаю вас.');
});

void test('the prompt is in English for an English company', () => {
  const en = buildEnglishKnowledge();
  const [enScenario] = generateScenarios(en);
  assert.ok(enScenario && persona);
  const prompt = buildPersonaPrompt({ scenario: enScenario, persona, knowledge: en, weakStages: ['closing'], language: 'en' });
  assert.match(prompt, /^You are Irene Palmer/);
  assert.match(prompt, /Never say or hint that you are an AI/);
  assert.match(prompt, /Agree only to a concrete next step with a date and a time/);
  assert.doesNotMatch(prompt, /[а-я]/i);
});

void test('stripping keeps in-character words and removes stage directions and AI talk', () => {
  assert.deepEqual(stripOutOfCharacter('*вздыхает* Смотрите: дорого. As an AI, I cannot decide.'), { text: 'Смотрите: дорого.', stripped: true });
  assert.deepEqual(stripOutOfCharacter('Я что, похож на робота? Давайте по делу.'), { text: 'Я что, похож на робота? Давайте по делу.', stripped: false });
});

void test('a failure after the builtin policy has ended its own dialogue still says goodbye in character', async () => {
  server.setResponder(() => '{"reply": "Ну, допустим.", "status": "continue"}');
  const c = client();
  await c.opening();
  // The shadow policy runs out of patience on these; the model keeps talking.
  for (let i = 0; i < 12; i += 1) await c.respond('Поверьте, у нас лучшие окна, не переживайте.');
  server.failNext({ kind: 'status', status: 503 });
  const turn = await c.respond('Ну так что?');
  assert.equal(turn.fallback, true);
  assert.equal(turn.outcome, 'left');
  assert.ok(turn.text.length > 0);
});
