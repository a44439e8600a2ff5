// Win-back recommendation and follow-up check speed on realistic inputs: a 16-turn lost call
// with 8 reference/successful calls to search, and an 8-turn follow-up call. Prints the mean and
// p95 ms per operation after a warm-up, and the first (cold) call separately. Inputs are made unique
// per run so that memoised work is not counted as free.
// Usage: node_modules/.bin/node bench/recommendation.bench.ts [--runs 2000]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { machineLine, percentile } from './support.ts';
import { writeRecommendation } from '../src/recommendations/builtin/recommendation-writer.ts';
import { checkFollowUp } from '../src/analysis/followup/followup-checker.ts';
import { emptyKnowledge, type CompanyKnowledge } from '../src/domain/knowledge.ts';
import type { CallAnalysis } from '../src/domain/call-analysis.ts';
import type { Turn } from '../src/domain/transcript.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '2000' } } });
const runs = Number(values.runs);
const m = (text: string): Turn => ({ speaker: 'manager', text });
const c = (text: string): Turn => ({ speaker: 'client', text });

const lostCall: Turn[] = [
  m('Добрый день! Меня зовут Ольга, клиника «Улыбка». Вы оставляли заявку на лечение, удобно говорить?'), c('Да, здравствуйте, удобно.'),
  m('Расскажите, что беспокоит?'), c('Болит зуб справа, и ещё нужно поставить коронку, старая сломалась.'),
  m('Когда последний раз были у стоматолога?'), c('Года два назад, всё откладывала.'),
  m('Понятно. У нас полный план лечения с коронкой будет около сорока восьми тысяч.'), c('Сколько? Ой, это слишком дорого для меня.'),
  m('Ну, это стандартная цена по городу.'), c('Я такие деньги сейчас не потяну, честно.'),
  m('Понимаю. Может, подумаете?'), c('Да, я подумаю, наверное.'),
  m('Хорошо, если что — звоните.'), c('Ладно, спасибо.'), m('Всего доброго.'), c('До свидания.'),
];
const analysis: CallAnalysis = {
  engine: 'bench', engineVersion: '0', knowledgeHash: '', language: 'ru', outcome: 'lost', confidence: 0.8, stages: [], weakStages: ['objections'],
  nextStep: null, warnings: [],
  loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [{ turn: 7, text: lostCall[7]!.text }, { turn: 9, text: lostCall[9]!.text }], explanation: '' },
};
const successful = Array.from({ length: 8 }, (_, i): Turn[] => [
  m(`Здравствуйте, клиника «Улыбка», звоню по заявке номер ${i + 1}.`), c('Да, слушаю.'),
  m('Что вас беспокоит?'), c(i % 2 === 0 ? 'Цена кусается, если честно.' : 'Надо с мужем посоветоваться.'),
  m(i % 2 === 0 ? 'Давайте разобьём сумму на двенадцать месяцев без переплаты и начнём с самого срочного.' : 'Приходите вдвоём на бесплатную консультацию.'),
  c('Давайте.'), m('В среду в десять или в пятницу в три?'), c('В пятницу в три.'),
]);
const knowledge: CompanyKnowledge = {
  ...emptyKnowledge('smile', 'Улыбка', 'ru'),
  script: { objections: 'Дорого -> рассрочка и лечение по этапам', closing: 'Записать на бесплатную консультацию на конкретный день и время' },
  objections: [{ id: 'price', text: 'Дорого', handling: 'Рассрочка без переплаты на 12 месяцев и лечение по этапам' }, { id: 'spouse', text: 'Посоветуюсь с мужем', handling: 'Пригласить вдвоём' }],
  expertRules: [{ id: 'r1', stage: 'closing', text: 'Называть два конкретных времени приёма' }, { id: 'r2', stage: 'objections', text: 'Не спорить о цене, а раскладывать её' }],
  referenceCalls: successful.slice(0, 2).map((turns, i) => ({ id: `ref-${i}`, turns })),
  corrections: [{ id: 'corr-1', kind: 'recommendation', target: 'скидку 10%', comment: 'Скидок не даём' }],
};
const input = {
  transcript: { language: 'ru', turns: lostCall }, analysis, knowledge,
  successfulCalls: successful.slice(2).map((turns, i) => ({ callId: `ok-${i}`, transcript: { language: 'ru', turns } })),
};
const followUp: Turn[] = [
  m('Ирина, здравствуйте, Ольга, «Улыбка». Вы сказали, что сумма неподъёмная. Есть пара минут?'), c('Есть.'),
  m('Всю сумму сразу платить не нужно: разобьём на двенадцать равных платежей, сверху ни рубля.'), c('Так уже можно думать.'),
  m('И начнём с того зуба, который болит, остальное потом, по шагам.'), c('Хорошо.'),
  m('Давайте врач вас бесплатно посмотрит. Удобно в среду в десять или в пятницу в три?'), c('В пятницу в три.'),
];

/**
 * Every run gets texts that differ by an invisible suffix (zero-width characters encode the run
 * number), so per-text memos cannot make a repeated input look faster than a new call would be.
 */
function unique(turns: Turn[], run: number): Turn[] {
  const tag = '\u200b' + run.toString(2).replace(/0/g, '\u200c').replace(/1/g, '\u200d');
  return turns.map((t) => ({ ...t, text: t.text + tag }));
}

function measure(label: string, op: (run: number) => unknown): void {
  const t0 = performance.now();
  op(0);
  const cold = performance.now() - t0;
  for (let i = 1; i <= Math.min(200, runs); i++) op(-i);
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const s = performance.now();
    op(i);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((s, t) => s + t, 0) / times.length;
  console.log(`${label}: cold ${cold.toFixed(1)} ms · mean ${mean.toFixed(3)} ms · p95 ${percentile(times, 95).toFixed(3)} ms · ${runs} runs`);
}

console.log(machineLine());
measure('write one recommendation (16-turn lost call, 8 calls searched)', (run) =>
  writeRecommendation({ ...input, transcript: { language: 'ru', turns: unique(lostCall, run) } }));
const recommendation = writeRecommendation(input).text;
measure('check one follow-up (8-turn call)', (run) =>
  checkFollowUp({ recommendation: recommendation + (run === 0 ? '' : ` ${'\u200b'.repeat(1 + (Math.abs(run) % 7))}`), transcript: { language: 'ru', turns: unique(followUp, run) }, knowledge }));
