// The llm call-analysis engine against a local server speaking the OpenAI chat-completions
// protocol (127.0.0.1 only): structured output, grounding, validation of the model's evidence,
// retries, and the marked fallback to the builtin engine when the server fails.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { createAnalysisEngine } from '../../src/analysis/engine-registry.ts';
import { knowledgeHash } from '../../src/analysis/knowledge-hash.ts';
import { createLlmEngine } from '../../src/analysis/llm/llm-engine.ts';
import type { LlmEngineOptions } from '../../src/analysis/llm/llm-engine.ts';
import type { LlmAnswer } from '../../src/analysis/llm/llm-schema.ts';
import { evalCommand } from '../../src/cli/eval.command.ts';
import type { CallAnalysis, CallAnalysisEngine } from '../../src/domain/call-analysis.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { CompanyKnowledge } from '../../src/domain/knowledge.ts';
import type { Transcript } from '../../src/domain/transcript.ts';
import { startFakeChatServer } from '../support/fake-chat-server.ts';
import type { ChatRequestBody, FakeChatServer } from '../support/fake-chat-server.ts';

const transcript: Transcript = {
  language: 'ru',
  turns: [
    { speaker: 'manager', text: 'Здравствуйте, компания Окна Плюс, меня зовут Анна. Удобно говорить?' },
    { speaker: 'client', text: 'Да, удобно.' },
    { speaker: 'manager', text: 'Сколько окон нужно поменять и к какому сроку?' },
    { speaker: 'client', text: 'Три окна, до осени.' },
    { speaker: 'manager', text: 'Профиль с гарантией десять лет, замер бесплатный.' },
    { speaker: 'client', text: 'Дорого, наверное.' },
    { speaker: 'manager', text: 'Есть рассрочка ноль процентов на двенадцать месяцев.' },
    { speaker: 'client', text: 'Тогда нет проблем.' },
    { speaker: 'manager', text: 'Замерщик приедет в четверг в десять или в пятницу в два?' },
    { speaker: 'client', text: 'В четверг в десять.' },
  ],
};

const knowledge: CompanyKnowledge = {
  companyId: 'okna-plus',
  name: 'Окна Плюс',
  language: 'ru',
  product: 'Пластиковые окна, бесплатный замер',
  script: { greeting: 'Представиться и назвать компанию Окна Плюс', closing: 'Назначить замер на конкретную дату и время' },
  objections: [{ id: 'expensive', text: 'Дорого', handling: 'Рассрочка 0% на 12 месяцев, расчёт экономии на отоплении' }],
  expertRules: [{ stage: 'closing', text: 'Всегда предлагать две конкретные даты замера' }],
  referenceCalls: [
    { id: 'ref-windows', turns: [
      { speaker: 'manager', text: 'Окна Плюс, добрый день. Сколько окон планируете менять?' },
      { speaker: 'client', text: 'Три окна, дорого не хочу.' },
      { speaker: 'manager', text: 'Рассрочка без переплаты, замерщик Игорь приедет с образцами профиля в четверг.' },
    ] },
    { id: 'ref-cars', turns: [
      { speaker: 'manager', text: 'Автосервис Мотор, масло меняем за сорок минут.' },
      { speaker: 'client', text: 'Запишите на субботу.' },
    ] },
  ],
  corrections: [{ id: 'c1', kind: 'deduction', stage: 'objections', target: 'не предложил скидку', comment: 'У нас не дают скидок, отвечаем рассрочкой', context: [{ speaker: 'client', text: 'Дорого' }] }],
};

function validAnswer(overrides: Partial<LlmAnswer> = {}): LlmAnswer {
  return {
    stages: [
      { stage: 'greeting', score: 9, evidence: [{ turn: 0, quote: 'компания Окна Плюс' }], deductions: [], span: { from: 0, to: 1 } },
      { stage: 'needs', score: 4, evidence: [{ turn: 2, quote: 'Сколько окон нужно поменять' }], deductions: [{ points: 3, reason: 'Не спросил о бюджете', code: 'needs.no_budget', turn: 2 }], span: { from: 2, to: 3 } },
      { stage: 'objections', score: 12, evidence: [{ turn: 6, quote: 'рассрочка ноль процентов' }], deductions: [], span: { from: 5, to: 7 } },
      { stage: 'closing', score: 9, evidence: [{ turn: 8, quote: 'в четверг в десять или в пятницу в два' }], deductions: [], span: { from: 8, to: 9 } },
    ],
    outcome: 'success',
    confidence: 0.9,
    loss: null,
    nextStep: { text: 'Замер в четверг в 10:00', turn: 9, when: 'четверг 10:00' },
    ...overrides,
  };
}

const stubResult: CallAnalysis = {
  engine: 'builtin', engineVersion: 'stub-1', knowledgeHash: 'stub', language: 'ru', outcome: 'success', confidence: 0.5,
  stages: [], weakStages: [], loss: null, nextStep: null, warnings: ['from the fallback'],
};

function stubFallback(): CallAnalysisEngine & { calls: number } {
  const engine = { name: 'builtin', version: 'stub-1', calls: 0, analyze: () => { engine.calls += 1; return Promise.resolve(structuredClone(stubResult)); } };
  return engine;
}

function userText(body: ChatRequestBody | undefined): string {
  return (body?.messages ?? []).map((m) => m.content).join('\n');
}

let server: FakeChatServer;
before(async () => { server = await startFakeChatServer(); });
after(async () => { await server.close(); });

describe('llm engine', () => {
  let fallback: ReturnType<typeof stubFallback>;
  let seen = 0;
  beforeEach(() => { fallback = stubFallback(); seen = server.chatBodies().length; });
  const engine = (options: Partial<LlmEngineOptions> = {}): CallAnalysisEngine =>
    createLlmEngine({ baseUrl: server.url, model: 'test-model', retryDelayMs: 5, timeoutMs: 5_000, fallback, ...options });
  const newBodies = (): ChatRequestBody[] => server.chatBodies().slice(seen);

  test('a valid structured answer becomes a validated, versioned CallAnalysis grounded in the company knowledge', async () => {
    server.setResponder(() => JSON.stringify(validAnswer()));
    const analysis = await engine({ apiKey: 'sk-test', promptLimits: { referenceExcerpts: 1 } }).analyze({ transcript, knowledge });
    assert.equal(analysis.engine, 'llm');
    assert.match(analysis.engineVersion, /test-model/);
    assert.equal(analysis.knowledgeHash, knowledgeHash(knowledge));
    assert.equal(analysis.outcome, 'success');
    assert.deepEqual(analysis.stages.map((s) => [s.stage, s.score]), [['greeting', 9], ['needs', 4], ['objections', 10], ['closing', 9]]);
    assert.deepEqual(analysis.weakStages, ['needs']);
    assert.deepEqual(analysis.stages[1]?.deductions, [{ points: 3, reason: 'Не спросил о бюджете', code: 'needs.no_budget', turn: 2 }]);
    assert.deepEqual(analysis.nextStep, { text: 'Замер в четверг в 10:00', turn: 9, when: 'четверг 10:00' });
    assert.equal(fallback.calls, 0);

    const [body, ...rest] = newBodies();
    assert.equal(rest.length, 0);
    assert.equal(body?.model, 'test-model');
    assert.equal(body?.response_format?.type, 'json_schema');
    const schema = body?.response_format?.json_schema?.schema as { properties?: Record<string, unknown> } | undefined;
    assert.deepEqual(Object.keys(schema?.properties ?? {}).sort(), ['confidence', 'loss', 'nextStep', 'outcome', 'stages']);
    const prompt = userText(body);
    for (const grounded of ['Назначить замер на конкретную дату и время', 'Рассрочка 0% на 12 месяцев', 'Всегда предлагать две конкретные даты замера',
      'У нас не дают скидок, отвечаем рассрочкой', 'замерщик Игорь приедет с образцами профиля', '[9] Клиент: В четверг в десять.', '«Нет проблем»']) {
      assert.ok(prompt.includes(grounded), `the prompt carries: ${grounded}`);
    }
    assert.ok(!prompt.includes('масло меняем'), 'an unrelated reference call is not retrieved');
    assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-test');
  });

  test('an English call gets the English instructions', async () => {
    server.setResponder(() => JSON.stringify(validAnswer({ stages: [], nextStep: null })));
    const en: Transcript = { language: 'en', turns: [{ speaker: 'manager', text: 'Hello, this is Anna from Bright Windows, is it a good time?' }, { speaker: 'client', text: 'Sure, go ahead, I need three windows replaced.' }] };
    await engine().analyze({ transcript: en, knowledge: { ...knowledge, language: 'en' } });
    const prompt = userText(newBodies()[0]);
    assert.ok(prompt.includes('"No problem", "why not"'));
    assert.ok(prompt.includes('[1] Client: Sure, go ahead'));
  });

  test('a non-JSON answer, then a body that is not a chat completion, then a valid answer: retried and succeeds', async () => {
    let answered = 0;
    server.setResponder(() => (answered++ === 0 ? 'Конечно! Вот анализ звонка: {stages: оценки' : JSON.stringify(validAnswer())));
    server.failNext({ kind: 'garbage' });
    const analysis = await engine().analyze({ transcript, knowledge });
    assert.equal(analysis.engine, 'llm');
    assert.equal(newBodies().length, 3);
    assert.equal(fallback.calls, 0);
    assert.ok(analysis.warnings.some((w) => w.includes('after 3 attempts')), analysis.warnings.join('; '));
  });

  test('an answer that says lost without a loss is retried', async () => {
    let answered = 0;
    server.setResponder(() => JSON.stringify(answered++ === 0 ? validAnswer({ outcome: 'lost', loss: null }) : validAnswer()));
    const analysis = await engine().analyze({ transcript, knowledge });
    assert.equal(analysis.engine, 'llm');
    assert.equal(newBodies().length, 2);
  });

  for (const status of [429, 500]) {
    test(`HTTP ${status} on every attempt: retried, then the builtin fallback answers and the result says so`, async () => {
      server.setResponder(() => JSON.stringify(validAnswer()));
      server.failNext({ kind: 'status', status }, 3);
      const analysis = await engine({ maxRetries: 2 }).analyze({ transcript, knowledge });
      assert.equal(newBodies().length, 3);
      assert.equal(fallback.calls, 1);
      assert.equal(analysis.engine, 'llm→builtin');
      assert.equal(analysis.engineVersion, 'stub-1');
      assert.match(analysis.warnings[0] ?? '', status === 429 ? /rate_limited/ : /server_error/);
      assert.ok(analysis.warnings.includes('from the fallback'));
    });
  }

  test('a 429 followed by a valid answer is not a fallback', async () => {
    server.setResponder(() => JSON.stringify(validAnswer()));
    server.failNext({ kind: 'status', status: 429 });
    const analysis = await engine().analyze({ transcript, knowledge });
    assert.equal(analysis.engine, 'llm');
    assert.equal(fallback.calls, 0);
  });

  test('a client error (HTTP 400) is not retried: fallback after one attempt', async () => {
    server.failNext({ kind: 'status', status: 400 });
    const analysis = await engine().analyze({ transcript, knowledge });
    assert.equal(newBodies().length, 1);
    assert.equal(analysis.engine, 'llm→builtin');
    assert.match(analysis.warnings[0] ?? '', /http_error.*after 1 attempt\b/);
  });

  test('a server that hangs: each attempt times out, then the fallback answers', async () => {
    server.failNext({ kind: 'hang' }, 2);
    const analysis = await engine({ timeoutMs: 200, maxRetries: 1 }).analyze({ transcript, knowledge });
    assert.equal(newBodies().length, 2);
    assert.equal(analysis.engine, 'llm→builtin');
    assert.match(analysis.warnings[0] ?? '', /timeout/);
  });

  test('evidence outside the transcript or quoting words nobody said is dropped with a warning; scores are clamped', async () => {
    const answer = validAnswer({
      outcome: 'lost',
      loss: { stage: 'closing', reason: 'no_next_step', clientWords: [{ turn: 42, quote: 'Я подумаю и перезвоню' }], explanation: 'нет шага' },
      nextStep: { text: 'Замер', turn: 99, when: null },
    });
    answer.stages[0] = { stage: 'greeting', score: -3, evidence: [{ turn: 57, quote: 'Мы лучшие в городе' }, { turn: 3, quote: 'Удобно говорить?' }], deductions: [], span: { from: 0, to: 80 } };
    server.setResponder(() => JSON.stringify(answer));
    const analysis = await engine().analyze({ transcript, knowledge });
    assert.equal(analysis.engine, 'llm');
    const greeting = analysis.stages.find((s) => s.stage === 'greeting');
    assert.equal(greeting?.score, 0);
    // the invented quote is gone; the real one pointed at the wrong turn is moved to the turn that has it
    assert.deepEqual(greeting?.evidence, [{ turn: 0, text: 'Удобно говорить?' }]);
    assert.equal(greeting?.span, undefined);
    assert.deepEqual(analysis.loss?.clientWords, []);
    assert.equal(analysis.nextStep, null);
    assert.ok(analysis.warnings.some((w) => /dropped 2 evidence quote/.test(w)), analysis.warnings.join('; '));
    assert.ok(analysis.warnings.some((w) => /turn 99, outside the transcript/.test(w)));
  });

  test('a transcript that cannot be analysed is refused without a model call', async () => {
    await assert.rejects(engine().analyze({ transcript: { language: 'ru', turns: [{ speaker: 'client', text: 'Алло?' }] }, knowledge }), { code: 'single_speaker' });
    assert.equal(newBodies().length, 0);
  });
});

describe('engine registry and mentor eval --engine llm', () => {
  const noLlm = { url: undefined, apiKey: undefined, model: undefined };

  test('MENTOR_ENGINE=llm without MENTOR_LLM_URL is refused with the variable to set', () => {
    assert.throws(() => createAnalysisEngine({ engine: 'llm', llm: noLlm }), (error: unknown) => error instanceof AppError && error.code === 'config.llm_url_missing' && /MENTOR_LLM_URL/.test(error.message));
  });

  test('with MENTOR_LLM_URL the registry builds the llm engine with the model in its version', () => {
    const engine = createAnalysisEngine({ engine: 'llm', llm: { ...noLlm, url: server.url, model: 'qwen-test' } });
    assert.equal(engine.name, 'llm');
    assert.match(engine.version, /qwen-test/);
  });

  async function runEvalCommand(argv: string[], env: Record<string, string | undefined>): Promise<{ code: number; out: string[]; err: string[] }> {
    const saved = { MENTOR_LLM_URL: process.env.MENTOR_LLM_URL, MENTOR_LLM_MODEL: process.env.MENTOR_LLM_MODEL };
    const out: string[] = [];
    const err: string[] = [];
    const { log, error } = console;
    console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
    console.error = (...a: unknown[]) => { err.push(a.join(' ')); };
    for (const [k, v] of Object.entries(env)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    try {
      return { code: await evalCommand(argv), out, err };
    } finally {
      console.log = log;
      console.error = error;
      for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
    }
  }

  const DIR = fileURLToPath(new URL('../fixtures/llm-eval', import.meta.url));

  test('mentor eval --engine llm without MENTOR_LLM_URL prints the clear message and exits 2', async () => {
    const { code, err } = await runEvalCommand([DIR, '--engine', 'llm', '--json'], { MENTOR_LLM_URL: undefined });
    assert.equal(code, 2);
    assert.match(err.join('\n'), /MENTOR_LLM_URL/);
  });

  test('mentor eval --engine llm scores the dataset through the fake server and prints the JSON line', async () => {
    const seen = server.chatBodies().length;
    server.setResponder((body) => {
      const call = userText(body).split('## Транскрипт')[1] ?? '';
      const lost = call.includes('Я подумаю');
      return JSON.stringify(lost
        ? validAnswer({ stages: [{ stage: 'objections', score: 1, evidence: [], deductions: [], span: null }], outcome: 'lost', nextStep: null,
          loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [{ turn: 3, quote: 'Это дорого' }], explanation: 'возражение не отработано' } })
        : validAnswer({ stages: [{ stage: 'closing', score: 9, evidence: [], deductions: [], span: null }], nextStep: null }));
    });
    const { code, out, err } = await runEvalCommand([DIR, '--engine', 'llm', '--json'], { MENTOR_LLM_URL: server.url, MENTOR_LLM_MODEL: 'eval-model' });
    assert.equal(code, 0, err.join('\n'));
    const summary = JSON.parse(out.at(-1) ?? '{}') as Record<string, unknown>;
    assert.equal(summary.engine, 'llm');
    assert.equal(summary.calls, 2);
    assert.equal(summary.outcome_accuracy, 1);
    assert.equal(summary.loss_stage_accuracy, 1);
    const bodies = server.chatBodies().slice(seen);
    assert.equal(bodies.length, 2);
    assert.equal(bodies[0]?.model, 'eval-model');
    // the dataset's reference call is knowledge: it reaches the prompt as an excerpt
    assert.ok(userText(bodies[0]).includes('Сто сорок метров, до холодов.'));
  });
});
