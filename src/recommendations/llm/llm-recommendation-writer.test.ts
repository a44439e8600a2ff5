// The llm recommendation writer against a local fake OpenAI-compatible chat server: grounded
// prompt with numbered material and the rejected phrasings, cited sources kept, and a fallback to
// the builtin draft on HTTP errors, garbage, a wrong JSON shape, invented citations, a rejected
// phrasing, or a timeout.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeChatServer, type FakeChatServer } from '../../../test/support/fake-chat-server.ts';
import { emptyKnowledge, type CompanyKnowledge } from '../../domain/knowledge.ts';
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import type { Turn } from '../../domain/transcript.ts';
import type { RecommendationInput } from '../../domain/recommendation.ts';
import type { AppError } from '../../domain/errors.ts';
import { createLlmRecommendationWriter, LLM_FALLBACK_ENGINE } from './llm-recommendation-writer.ts';
import { createRecommendationWriter } from '../writer-registry.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });
const turns: Turn[] = [
  m('Добрый день, клиника «Улыбка», меня зовут Ольга.'),
  c('Мне нужно вылечить два зуба.'),
  m('Полное лечение — сорок восемь тысяч.'),
  c('Ой, это слишком дорого для меня.'),
  m('Понятно, звоните.'),
];
const analysis: CallAnalysis = {
  engine: 'test', engineVersion: '0', knowledgeHash: '', language: 'ru', outcome: 'lost', confidence: 0.8, stages: [], weakStages: ['objections'], nextStep: null, warnings: [],
  loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [{ turn: 3, text: turns[3]!.text }], explanation: '' },
};
const knowledge: CompanyKnowledge = {
  ...emptyKnowledge('smile', 'Улыбка', 'ru'),
  objections: [{ id: 'price', text: 'Дорого', handling: 'Рассрочка на 12 месяцев и лечение по этапам' }],
  expertRules: [{ id: 'r1', stage: 'closing', text: 'Называть два конкретных времени приёма' }],
  corrections: [{ id: 'k1', kind: 'recommendation', target: 'скидку 10%', comment: 'Скидок не даём' }],
};
const input: RecommendationInput = { transcript: { language: 'ru', turns }, analysis, knowledge, successfulCalls: [] };

const good = JSON.stringify({
  text: 'В этом диалоге клиент ушёл на этапе обработки возражений: сказал «слишком дорого», и ответа не было. Рекомендуется перезвонить и предложить рассрочку на двенадцать месяцев, начав с самого срочного зуба, и назвать два времени приёма.',
  script: 'Ирина, вы сказали, что дорого. Давайте разобьём сумму на двенадцать месяцев и начнём с самого срочного. Вам удобнее в среду в десять или в пятницу в три?',
  sources: [3, 4],
});

let chat: FakeChatServer;
before(async () => {
  chat = await startFakeChatServer(() => good);
});
after(async () => {
  await chat.close();
});

void test('writes with the chat model, citing the numbered material it was given', async () => {
  chat.setResponder(() => good);
  const writer = createLlmRecommendationWriter({ url: chat.url, model: 'test-model', apiKey: 'k' });
  const draft = await writer.write(input);
  assert.equal(draft.engine, 'llm');
  assert.match(draft.text, /двенадцать месяцев/);
  assert.ok(draft.text.includes('Рекомендуется перезвонить и сказать следующее') || draft.text.includes(draft.script.slice(0, 40)));
  assert.ok(draft.sources.some((s) => s.kind === 'client_context'), "the client's words stay a source");
  assert.ok(draft.sources.every((s) => s.excerpt.length > 0));
  const body = chat.chatBodies().at(-1)!;
  assert.equal(body.model, 'test-model');
  assert.equal(body.response_format?.type, 'json_object');
  const prompt = body.messages.map((x) => x.content).join('\n');
  assert.match(prompt, /\[1\] client_context/);
  assert.match(prompt, /objection_handling \(price\): Дорого → Рассрочка на 12 месяцев/);
  assert.match(prompt, /«скидку 10%»/, 'the rejected phrasing is forbidden in the prompt');
  assert.equal(chat.requests.at(-1)!.headers.authorization, 'Bearer k');
});

void test('falls back to the builtin draft on every kind of bad answer', async () => {
  const reasons: string[] = [];
  const writer = createLlmRecommendationWriter({ url: chat.url, model: 'm', timeoutMs: 500, onFallback: (e: AppError) => reasons.push(e.code) });
  const cases: (() => void)[] = [
    () => chat.failNext({ kind: 'status', status: 500 }),
    () => chat.failNext({ kind: 'garbage' }),
    () => chat.failNext({ kind: 'hang' }),
    () => chat.setResponder(() => 'Конечно! Вот рекомендация без JSON.'),
    () => chat.setResponder(() => JSON.stringify({ text: 'коротко', script: '', sources: [] })),
    () => chat.setResponder(() => JSON.stringify({ ...JSON.parse(good) as object, sources: [42] })),
    () => chat.setResponder(() => JSON.stringify({ ...JSON.parse(good) as object, script: 'Дадим вам скидку 10% прямо сегодня, приходите в пятницу в три.' })),
  ];
  for (const arrange of cases) {
    chat.setResponder(() => good);
    arrange();
    const draft = await writer.write(input);
    assert.equal(draft.engine, LLM_FALLBACK_ENGINE);
    assert.match(draft.text, /^В этом диалоге клиент ушёл/);
    assert.ok(draft.sources.length > 0);
  }
  assert.deepEqual(reasons, [
    'recommendation.llm_http_error', 'recommendation.llm_bad_response', 'recommendation.llm_timeout', 'recommendation.llm_not_json',
    'recommendation.llm_bad_shape', 'recommendation.llm_bad_citation', 'recommendation.llm_rejected_phrasing',
  ]);
});

void test('the registry picks builtin by default and asks for MENTOR_LLM_URL when llm has none', () => {
  assert.equal(createRecommendationWriter({ engine: 'builtin', llm: { url: undefined, apiKey: undefined, model: undefined } }).name, 'builtin');
  assert.equal(createRecommendationWriter({ engine: 'llm', llm: { url: chat.url, apiKey: undefined, model: undefined } }).name, 'llm');
  assert.throws(() => createRecommendationWriter({ engine: 'llm', llm: { url: undefined, apiKey: undefined, model: undefined } }), /MENTOR_LLM_URL/);
});
