// The llm follow-up checker against a local server speaking the OpenAI chat-completions protocol
// (127.0.0.1 only): structured output per numbered point, quotes verified against the manager's
// turns, retries on unusable answers / 429 / 5xx / timeouts, and the marked fallback to the builtin
// checker when the server keeps failing. Also: the registry picks it from MENTOR_ENGINE.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createFollowUpChecker } from '../../src/analysis/followup-checker-registry.ts';
import { createLlmFollowUpChecker } from '../../src/analysis/llm/llm-followup-checker.ts';
import type { LlmFollowUpAnswer } from '../../src/analysis/llm/llm-followup-schema.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { FollowUpChecker, FollowUpInput, FollowUpVerdict } from '../../src/domain/follow-up.ts';
import { emptyKnowledge } from '../../src/domain/knowledge.ts';
import { startFakeChatServer } from '../support/fake-chat-server.ts';
import type { ChatRequestBody, FakeChatServer } from '../support/fake-chat-server.ts';

const input: FollowUpInput = {
  recommendation: 'Клиент ушёл на «дорого». Перезвоните, предложите рассрочку на 6 месяцев и пригласите на замер на конкретный день и время.',
  transcript: { language: 'ru', turns: [
    { speaker: 'manager', text: 'Павел, добрый день, «ТеплоДом». Платить всё сразу не нужно: разобьём на шесть равных частей, без переплаты.' },
    { speaker: 'client', text: 'Так уже интереснее.' },
    { speaker: 'manager', text: 'Мастер приедет и всё измерит. В четверг в десять или в субботу в двенадцать?' },
    { speaker: 'client', text: 'В субботу в двенадцать.' },
  ] },
  knowledge: emptyKnowledge('teplodom', 'ТеплоДом', 'ru'),
};

const userText = (body: ChatRequestBody | undefined): string => body?.messages.find((m) => m.role === 'user')?.content ?? '';
/** The point numbers the prompt shows, as "(n) …" lines. */
const pointNumbers = (body: ChatRequestBody): number[] => [...userText(body).matchAll(/^\((\d+)\)/gmu)].map((m) => Number(m[1]));

function doneAnswer(body: ChatRequestBody): LlmFollowUpAnswer {
  const quotes = ['разобьём на шесть равных частей', 'В четверг в десять или в субботу в двенадцать'];
  return {
    points: pointNumbers(body).map((point, i) => ({ point, done: true, evidence: [{ turn: i * 2, quote: quotes[i] ?? '' }], reason: 'сделано' })),
    clientAgreed: true,
    confidence: 0.9,
  };
}

function stubFallback(): FollowUpChecker & { calls: number } {
  const verdict: FollowUpVerdict = { applied: false, confidence: 0.5, points: [], explanation: 'from the fallback', clientAgreed: false, engine: 'builtin' };
  const checker = { name: 'builtin', calls: 0, check: () => { checker.calls += 1; return Promise.resolve(structuredClone(verdict)); } };
  return checker;
}

describe('llm follow-up checker against a local OpenAI-compatible server', () => {
  let server: FakeChatServer;
  before(async () => {
    server = await startFakeChatServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.setResponder((body) => JSON.stringify(doneAnswer(body)));
  });

  const checker = (fallback: FollowUpChecker = stubFallback(), timeoutMs = 2_000) =>
    createLlmFollowUpChecker({ baseUrl: server.url, model: 'local-model', timeoutMs, maxRetries: 2, retryDelayMs: 1, fallback });

  test('a valid structured answer becomes a verdict with the manager quotes; the request asks for the JSON schema', async () => {
    const seen = server.chatBodies().length;
    const v = await checker().check(input);
    assert.equal(v.engine, 'llm');
    assert.equal(v.applied, true, v.explanation);
    assert.equal(v.clientAgreed, true);
    assert.deepEqual(v.points.map((p) => p.evidence.map((e) => e.turn)), [[0], [2]]);
    const body = server.chatBodies()[seen]!;
    assert.equal(body.model, 'local-model');
    assert.equal(body.response_format?.type, 'json_schema');
    assert.equal(body.response_format?.json_schema?.name, 'follow_up_check');
    assert.deepEqual(pointNumbers(body), [1, 2], 'the call back is not a point for the model');
    assert.match(userText(body), /\[2\] Менеджер: Мастер приедет/);
  });

  test('not JSON, then a body that is not a chat completion, then a valid answer: retried and succeeds', async () => {
    let answered = 0;
    server.setResponder((body) => (answered++ === 0 ? 'да, всё выполнено' : JSON.stringify(doneAnswer(body))));
    server.failNext({ kind: 'garbage' });
    const fallback = stubFallback();
    const v = await checker(fallback).check(input);
    assert.equal(v.engine, 'llm');
    assert.equal(fallback.calls, 0);
    assert.ok(v.warnings?.some((w) => /answered after 3 attempts \(earlier: invalid_json\)/.test(w)), (v.warnings ?? []).join('; '));
  });

  test('an answer that skips a point is asked again', async () => {
    const seen = server.chatBodies().length;
    let answered = 0;
    server.setResponder((body) => {
      const a = doneAnswer(body);
      return JSON.stringify(answered++ === 0 ? { ...a, points: a.points.slice(0, 1) } : a);
    });
    const v = await checker().check(input);
    assert.equal(v.engine, 'llm');
    assert.ok(v.warnings?.some((w) => /earlier: invalid_answer/.test(w)), (v.warnings ?? []).join('; '));
    assert.equal(server.chatBodies().length - seen, 2);
  });

  test('a 429 followed by a valid answer is not a fallback', async () => {
    server.failNext({ kind: 'status', status: 429 });
    const v = await checker().check(input);
    assert.equal(v.engine, 'llm');
    assert.ok(v.warnings?.some((w) => /earlier: rate_limited/.test(w)));
  });

  for (const status of [500, 503]) {
    test(`HTTP ${status} on every attempt: retried, then the builtin checker answers and the verdict says so`, async () => {
      const before = server.requests.length;
      server.failNext({ kind: 'status', status }, 3);
      const fallback = stubFallback();
      const v = await checker(fallback).check(input);
      assert.equal(fallback.calls, 1);
      assert.equal(v.engine, 'llm→builtin');
      assert.equal(v.explanation, 'from the fallback');
      assert.match(v.warnings?.[0] ?? '', new RegExp(`server_error \\(HTTP ${status}\\) after 3 attempts; checked by the builtin checker`));
      assert.equal(server.requests.length - before, 3);
    });
  }

  test('a client error (HTTP 400) is not retried: the fallback answers after one attempt', async () => {
    const before = server.requests.length;
    server.failNext({ kind: 'status', status: 400 });
    const v = await checker().check(input);
    assert.equal(v.engine, 'llm→builtin');
    assert.match(v.warnings?.[0] ?? '', /http_error .* after 1 attempt;/);
    assert.equal(server.requests.length - before, 1);
  });

  test('a server that hangs: each attempt times out, then the real builtin checker answers, marked', async () => {
    server.failNext({ kind: 'hang' }, 3);
    const v = await checker(createFollowUpChecker({ engine: 'builtin', llm: { url: undefined, apiKey: undefined, model: undefined } }), 150).check(input);
    assert.equal(v.engine, 'llm→builtin');
    assert.match(v.warnings?.[0] ?? '', /timeout .* after 3 attempts/);
    assert.equal(v.applied, true, 'the builtin checker judged the same call');
  });

  test('a call with no manager turns costs no model call', async () => {
    const before = server.requests.length;
    const v = await checker().check({ ...input, transcript: { language: 'ru', turns: [{ speaker: 'client', text: 'Алло?' }] } });
    assert.equal(v.engine, 'llm→builtin');
    assert.equal(server.requests.length, before);
  });

  test('the registry: builtin by default, llm with MENTOR_ENGINE=llm, refused without MENTOR_LLM_URL', () => {
    const none = { url: undefined, apiKey: undefined, model: undefined };
    assert.equal(createFollowUpChecker({ engine: 'builtin', llm: none }).name, 'builtin');
    assert.equal(createFollowUpChecker({ engine: 'llm', llm: { ...none, url: server.url } }).name, 'llm');
    assert.throws(() => createFollowUpChecker({ engine: 'llm', llm: none }), (error: unknown) => error instanceof AppError && error.code === 'config.llm_url_missing');
  });
});
