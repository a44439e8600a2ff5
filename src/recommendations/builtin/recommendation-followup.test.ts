// The writer and the follow-up checker must agree: a call back that does what the written
// recommendation says is "applied"; one that only drops its keywords is not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeRecommendation } from './recommendation-writer.ts';
import { checkFollowUp } from '../../analysis/followup/followup-checker.ts';
import { emptyKnowledge, type CompanyKnowledge } from '../../domain/knowledge.ts';
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import type { Turn } from '../../domain/transcript.ts';

const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });

const knowledge: CompanyKnowledge = {
  ...emptyKnowledge('smile', 'Улыбка', 'ru'),
  script: { closing: 'Записать на бесплатную консультацию врача на конкретный день и время' },
  objections: [{ id: 'price', text: 'Дорого', handling: 'Рассрочка без переплаты на 12 месяцев и лечение по этапам, начиная с самого срочного' }],
  expertRules: [{ id: 'r1', stage: 'closing', text: 'Называть два конкретных времени приёма' }],
};

const lostCall: Turn[] = [
  m('Добрый день, клиника «Улыбка», меня зовут Ольга. Вы оставляли заявку на лечение.'),
  c('Да, нужно вылечить два зуба и поставить коронку.'),
  m('Полное лечение по плану — сорок восемь тысяч.'),
  c('Ой, это слишком дорого для меня, я такие деньги не потяну.'),
  m('Понятно. Ну, если что — звоните.'),
];

const analysis: CallAnalysis = {
  engine: 'test', engineVersion: '0', knowledgeHash: '', language: 'ru', outcome: 'lost', confidence: 0.8,
  stages: [], weakStages: ['objections'], nextStep: null, warnings: [],
  loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [{ turn: 3, text: lostCall[3]!.text }], explanation: '' },
};

const recommendation = writeRecommendation({ transcript: { language: 'ru', turns: lostCall }, analysis, knowledge, successfulCalls: [] }).text;
const check = (turns: Turn[]) => checkFollowUp({ recommendation, transcript: { language: 'ru', turns }, knowledge });

void test('a call back that does what the written recommendation says, in other words, is applied', () => {
  const v = check([
    m('Ирина, здравствуйте, Ольга, «Улыбка». Вы сказали, что сумма для вас неподъёмная. Есть пара минут?'),
    c('Есть.'),
    m('Всю сумму сразу платить не нужно: разобьём на двенадцать равных платежей, сверху ни рубля. И начнём с того зуба, который болит, остальное — потом, по шагам.'),
    c('Так уже можно думать.'),
    m('Давайте врач вас бесплатно посмотрит и составит план. Удобно в среду в десять или в пятницу в три?'),
    c('В пятницу в три.'),
  ]);
  assert.equal(v.applied, true, v.explanation);
  assert.equal(v.clientAgreed, true);
});

void test('a call back that only repeats the recommendation\'s keywords is not applied', () => {
  const v = check([
    m('Здравствуйте, «Улыбка». У нас есть рассрочка, лечение по этапам, консультация бесплатная.'),
    c('И?'),
    m('Ну, если надумаете — звоните, запишем как-нибудь.'),
    c('Ладно, подумаю.'),
  ]);
  assert.equal(v.applied, false, v.explanation);
  assert.equal(v.clientAgreed, false);
});
