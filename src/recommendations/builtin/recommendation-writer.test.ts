import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltinRecommendationWriter, writeRecommendation } from './recommendation-writer.ts';
import { containsPhrasing } from '../retrieval/knowledge-retrieval.ts';
import { emptyKnowledge, type CompanyKnowledge } from '../../domain/knowledge.ts';
import type { CallAnalysis, LossReason } from '../../domain/call-analysis.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';
import type { RecommendationInput } from '../../domain/recommendation.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });

function lostAnalysis(turns: Turn[], stage: Stage, reason: LossReason, lossTurns: number[]): CallAnalysis {
  return {
    engine: 'test', engineVersion: '0', knowledgeHash: '', language: 'ru', outcome: 'lost', confidence: 0.8,
    stages: [], weakStages: [stage], nextStep: null, warnings: [],
    loss: { stage, reason, clientWords: lossTurns.map((i) => ({ turn: i, text: turns[i]?.text ?? '' })), explanation: '' },
  };
}

function clinic(): CompanyKnowledge {
  return {
    ...emptyKnowledge('smile', 'Улыбка', 'ru'),
    script: { objections: 'Дорого -> рассрочка, план лечения по этапам', closing: 'Записать на бесплатную консультацию на конкретный день и время' },
    objections: [{ id: 'price', text: 'Дорого', handling: 'Рассрочка без переплаты на 12 месяцев и лечение по этапам, начиная с самого срочного' }],
    expertRules: [{ id: 'r1', stage: 'closing', text: 'Всегда называть два конкретных времени приёма' }],
  };
}

const PRICE_CALL: Turn[] = [
  m('Добрый день, клиника «Улыбка», меня зовут Ольга. Вы оставляли заявку на лечение.'),
  c('Да, мне нужно вылечить два зуба и поставить коронку, болит уже неделю.'),
  m('Полное лечение по плану — сорок восемь тысяч.'),
  c('Ой, это слишком дорого для меня, я такие деньги не потяну.'),
  m('Понятно. Ну, если что — звоните.'),
];

const input = (over: Partial<RecommendationInput> = {}): RecommendationInput => ({
  transcript: { language: 'ru', turns: PRICE_CALL },
  analysis: lostAnalysis(PRICE_CALL, 'objections', 'unhandled_objection', [3]),
  knowledge: clinic(),
  successfulCalls: [],
  ...over,
});

void test('the text follows the spec: stage, the client\'s own words, and what to say on the call back', () => {
  const d = writeRecommendation(input());
  assert.match(d.text, /^В этом диалоге клиент ушёл на этапе «обработка возражений»/);
  assert.ok(d.text.includes('это слишком дорого для меня'), 'quotes the client');
  assert.match(d.text, /Рекомендуется перезвонить и сказать следующее: «/);
  assert.ok(d.text.includes(d.script), 'the script is part of the text');
  assert.match(d.text, /рассрочка без переплаты на 12 месяцев/i, 'uses the company\'s way of handling the objection');
  assert.ok(d.text.includes('вылечить два зуба'), 'mentions what the client needed');
  assert.equal(d.engine, 'builtin');
});

void test('with no reference or successful calls the basis says so and the sources are rules and script', () => {
  const d = writeRecommendation(input());
  assert.match(d.basis, /Эталонных и успешных звонков нет/);
  assert.ok(d.sources.some((s) => s.kind === 'expert_rule' && s.refId === 'r1'));
  assert.ok(d.sources.some((s) => s.kind === 'objection_handling' && s.refId === 'price'));
  assert.ok(d.sources.some((s) => s.kind === 'client_context' && s.refId === 'turn-3'));
  assert.ok(!d.sources.some((s) => s.kind === 'reference_call'));
});

void test('a reference call that met the same objection in other words is quoted and cited', () => {
  const knowledge = {
    ...clinic(),
    referenceCalls: [{ id: 'ref-7', turns: [
      m('Здравствуйте, клиника «Улыбка».'),
      c('Честно, цена кусается, не знаю, потяну ли.'),
      m('Понимаю. Давайте разобьём сумму на двенадцать месяцев без переплаты, а начнём с того зуба, который болит.'),
      c('Так можно. Давайте.'),
    ] }],
  };
  const d = writeRecommendation(input({ knowledge }));
  assert.match(d.text, /эталонном звонке ref-7/);
  assert.ok(d.text.includes('Давайте разобьём сумму на двенадцать месяцев'));
  const source = d.sources.find((s) => s.kind === 'reference_call');
  assert.equal(source?.refId, 'ref-7');
  assert.match(d.basis, /эталонный звонок ref-7/);
});

void test('two different lost calls get different texts', () => {
  const other: Turn[] = [
    m('Добрый день, клиника «Улыбка». Вы интересовались имплантацией.'),
    c('Да, но я пока подумаю, надо с женой посоветоваться.'),
    m('Хорошо, подумайте.'),
  ];
  const a = writeRecommendation(input());
  const b = writeRecommendation(input({ transcript: { language: 'ru', turns: other }, analysis: lostAnalysis(other, 'closing', 'no_next_step', [1]) }));
  assert.notEqual(a.text, b.text);
  assert.match(b.text, /на этапе «закрытие»/);
  assert.ok(b.text.includes('надо с женой посоветоваться'));
});

void test('a phrasing the head of sales rejected is never proposed again', () => {
  const knowledge: CompanyKnowledge = {
    ...clinic(),
    objections: [{ id: 'price', text: 'Дорого', handling: 'Предложить скидку 10% на всё лечение' }],
    referenceCalls: [{ id: 'ref-1', turns: [c('Дорого очень.'), m('Тогда дадим вам скидку 10% прямо сейчас.'), c('Хорошо.')] }],
    expertRules: [{ id: 'r2', stage: 'objections', text: 'На «дорого» — скидка 10%' }],
  };
  const before = writeRecommendation(input({ knowledge }));
  assert.ok(containsPhrasing(before.text, 'скидку 10%', 'ru'), 'without the correction the phrasing is used');

  knowledge.corrections = [{ id: 'corr-1', kind: 'recommendation', target: 'скидку 10%', comment: 'У нас так не говорят: скидок мы не даём' }];
  const after = writeRecommendation(input({ knowledge }));
  for (const text of [after.text, after.script]) {
    assert.equal(containsPhrasing(text, 'скидку 10%', 'ru'), false, text);
    assert.ok(!/скидк\p{L}* (в )?10/u.test(text), text);
  }
  assert.ok(after.sources.some((s) => s.kind === 'correction' && s.refId === 'corr-1'));
  assert.match(after.basis, /правки РОПа/);
});

void test('a call that was not lost gets no recommendation', () => {
  const analysis: CallAnalysis = { ...lostAnalysis(PRICE_CALL, 'closing', 'no_next_step', [3]), outcome: 'success', loss: null };
  assert.throws(() => writeRecommendation(input({ analysis })), (e: Error & { code?: string }) => e.code === 'not_lost');
});

void test('an English company gets an English recommendation through the port', async () => {
  const turns: Turn[] = [m('Hi, this is Dan from Brightdesk.'), c('Honestly it is too expensive for us right now.'), m('I see. Bye then.')];
  const writer = createBuiltinRecommendationWriter();
  const d = await writer.write({
    transcript: { language: 'en', turns },
    analysis: lostAnalysis(turns, 'objections', 'unhandled_objection', [1]),
    knowledge: { ...emptyKnowledge('bd', 'Brightdesk', 'en'), objections: [{ id: 'p', text: 'Too expensive', handling: 'Monthly billing and a smaller starter plan' }] },
    successfulCalls: [],
  });
  assert.match(d.text, /^In this call the client was lost at the "objection handling" stage/);
  assert.match(d.text, /Monthly billing/i);
  assert.equal(writer.name, 'builtin');
});
