import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CannotAnalyseError } from '../../domain/call-analysis.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';
import { knowledgeHash } from '../knowledge-hash.ts';
import { analyzeCall, createBuiltinEngine } from './builtin-engine.ts';

/** "M: …" / "C: …" lines → turns */
function turns(...lines: string[]): Turn[] {
  return lines.map((l) => ({ speaker: l.startsWith('M:') ? 'manager' : 'client', text: l.slice(2).trim() }));
}

function company(): CompanyKnowledge {
  const k = emptyKnowledge('autoservis', 'АвтоДок', 'ru');
  k.script = { closing: 'Записать на диагностику на конкретный день и время' };
  k.objections = [{ id: 'price', text: 'Дорого', handling: 'Разбить стоимость по работам, гарантия на ремонт год, оригинальные запчасти' }];
  k.expertRules = [{ stage: 'closing', text: 'Предлагать клиенту два варианта времени, а не спрашивать когда удобно' }];
  return k;
}

const analyse = (t: Turn[], k = company()) => analyzeCall({ transcript: { language: 'ru', turns: t }, knowledge: k });

const OPENING = ['M: Добрый день, меня зовут Олег, автосервис АвтоДок. Вам удобно сейчас говорить?', 'C: Да, удобно.',
  'M: Подскажите, какая у вас машина и что беспокоит?', 'C: Шкода Октавия, стучит что-то спереди на кочках.',
  'M: Понял. А пробег какой и когда последний раз было обслуживание?', 'C: Сто десять тысяч, ТО делали год назад.',
  'M: Скорее всего это стойки стабилизатора, у нас диагностика подвески бесплатно при ремонте, сама замена около четырёх тысяч с работой, гарантия год.'];

void test('a meeting at an agreed day and time is a success with the next step', () => {
  const a = analyse(turns(...OPENING, 'C: Звучит нормально.', 'M: Давайте запишу вас: завтра в девять или в субботу в двенадцать?',
    'C: В субботу в двенадцать удобно.', 'M: Записал: суббота, двенадцать ноль ноль, ждём вас.', 'C: Хорошо, до субботы.'));
  assert.equal(a.outcome, 'success');
  assert.equal(a.loss, null);
  assert.ok(a.nextStep?.when?.includes('суббот'));
  assert.equal(a.engine, 'builtin');
  assert.match(a.knowledgeHash, /^sha256:/);
  const closing = a.stages.find((s) => s.stage === 'closing');
  assert.ok(closing && closing.score >= 8, 'two concrete options and a recap make a good closing');
});

void test('"я подумаю" without an agreed follow-up is lost at closing', () => {
  const a = analyse(turns(...OPENING, 'C: Ясно. Ну я подумаю тогда.', 'M: Конечно, думайте, звоните если что.', 'C: Ладно, до свидания.'));
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'closing');
  assert.equal(a.loss?.reason, 'no_next_step');
  assert.ok(a.loss?.clientWords.some((w) => w.text.includes('подумаю')), 'the client\'s own words are the evidence');
  assert.ok(a.weakStages.includes('closing'));
});

void test('"нет проблем" and "почему нет" inside a successful call are not refusals', () => {
  const a = analyse(turns(...OPENING, 'C: Почему нет, можно и заменить.', 'M: Могу записать на среду в десять или в четверг в шесть вечера, как удобнее?',
    'C: Нет проблем, в четверг в шесть подъеду.', 'M: Отлично, четверг, восемнадцать ноль ноль.', 'C: Договорились.'));
  assert.equal(a.outcome, 'success');
});

void test('a refusal in the opening, before any conversation, is lost at greeting', () => {
  const a = analyse(turns('M: алло это вы машину продавали у нас скидки на ремонт', 'C: кто это откуда у вас мой номер',
    'M: ну мы по базе звоним', 'C: не надо мне ничего не звоните больше'));
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'greeting');
  assert.equal(a.loss?.reason, 'bad_opening');
  assert.deepEqual(a.weakStages, ['greeting']);
});

void test('a price objection brushed off and the client leaving is lost at objections', () => {
  const a = analyse(turns(...OPENING, 'C: Четыре тысячи? Это дорого, в гаражном сервисе за полторы сделают.',
    'M: Ну такая цена, у всех так.', 'C: Тогда я лучше в гараж поеду, спасибо.', 'M: Ну как хотите.'));
  assert.equal(a.outcome, 'lost');
  assert.equal(a.loss?.stage, 'objections');
  assert.equal(a.loss?.reason, 'unhandled_objection');
  assert.ok(a.weakStages.includes('objections'));
});

void test('the closing expert rule counts the concrete options offered', () => {
  const one = analyse(turns(...OPENING, 'C: Хорошо.', 'M: Когда вам удобно подъехать?', 'C: В пятницу в десять.', 'M: Записал, пятница десять.', 'C: Спасибо.'));
  const closing = one.stages.find((s) => s.stage === 'closing');
  assert.ok(closing?.deductions.some((d) => d.code === 'rule.two_options'), 'asking "когда удобно" breaks the two-options rule');
  assert.equal(one.outcome, 'success', 'the client still named a day and time');
});

void test('a conditional expert rule binds only when its situation arose in the call', () => {
  const k = company();
  k.expertRules = [
    { stage: 'greeting', text: 'Если клиенту неудобно говорить, договориться о точном времени перезвона.' },
    { stage: 'objections', text: 'На «дорого» разложить стоимость по работам и показать гарантию.' },
  ];
  const ruleDeductions = (a: ReturnType<typeof analyse>) => a.stages.flatMap((s) => s.deductions).filter((d) => d.code.startsWith('rule.'));
  const free = analyse(turns(...OPENING, 'C: Хорошо.', 'M: Давайте запишу вас: завтра в девять или в субботу в двенадцать?', 'C: В субботу в двенадцать.',
    'M: Записал: суббота, двенадцать.', 'C: До свидания.'), k);
  assert.deepEqual(ruleDeductions(free), [], 'the client was free to talk and never said "дорого": neither rule applies');
  const expensive = analyse(turns(...OPENING, 'C: Четыре тысячи? Это дорого.', 'M: Ну могу скидку десять процентов дать.', 'C: Ну ладно, давайте в субботу в двенадцать.',
    'M: Записал: суббота, двенадцать.', 'C: До свидания.'), k);
  assert.ok(ruleDeductions(expensive).some((d) => d.reason.includes('дорого')), 'the client said "дорого" and the manager jumped to a discount');
});

void test('a head of sales outcome correction on a similar call changes the verdict; an unrelated one does not', () => {
  const call = turns(...OPENING, 'C: Понятно. Ну я подумаю тогда.', 'M: Хорошо, звоните.', 'C: До свидания.');
  assert.equal(analyse(call).outcome, 'lost');
  const similar = company();
  similar.corrections = [{ id: 'c1', kind: 'outcome', outcome: 'success', stage: null, comment: 'Клиент постоянный, «подумаю» у него значит да',
    context: turns('C: Шкода Октавия, стучит спереди на кочках', 'C: Понятно. Ну я подумаю тогда.') }];
  const corrected = analyse(call, similar);
  assert.equal(corrected.outcome, 'success');
  assert.equal(corrected.loss, null);
  assert.ok(corrected.warnings.some((w) => w.includes('c1')));
  const unrelated = company();
  unrelated.corrections = [{ ...similar.corrections[0]!, id: 'c2', context: turns('C: Мне нужен кредит на квартиру в ипотеку под низкий процент') }];
  assert.equal(analyse(call, unrelated).outcome, 'lost');
});

void test('stage-score and deduction corrections apply to similar calls', () => {
  const call = turns(...OPENING, 'C: Ясно. Ну я подумаю тогда.', 'M: Хорошо.', 'C: До свидания.');
  const k = company();
  k.corrections = [
    { id: 's1', kind: 'stage_score', stage: 'greeting', score: 4, comment: 'Не назвал цель звонка', context: turns(OPENING[0]!, OPENING[2]!) },
    { id: 'd1', kind: 'deduction', stage: 'closing', target: 'closing.accepted_stall', comment: 'Здесь так принято', context: turns(OPENING[3]!, OPENING[5]!) },
  ];
  const a = analyse(call, k);
  assert.equal(a.stages.find((s) => s.stage === 'greeting')?.score, 4);
  assert.ok(!a.stages.find((s) => s.stage === 'closing')?.deductions.some((d) => d.code === 'closing.accepted_stall'));
});

void test('knowledge hash is stable across key order and changes with content', () => {
  const a = company();
  const b: CompanyKnowledge = { ...company(), script: { closing: a.script.closing ?? '' } };
  assert.equal(knowledgeHash(a), knowledgeHash(b));
  const c = company();
  c.expertRules = [];
  assert.notEqual(knowledgeHash(a), knowledgeHash(c));
});

void test('bad input is refused with a clear code, never a made-up verdict', () => {
  const code = (t: Turn[]) => {
    try { analyse(t); return 'analysed'; } catch (e) { assert.ok(e instanceof CannotAnalyseError); assert.match(e.message, /^cannot analyse: /); return e.code; }
  };
  assert.equal(code([]), 'empty_transcript');
  assert.equal(code(turns('M: Алло, добрый день', 'M: Алло, вы меня слышите?')), 'single_speaker');
  assert.equal(code([{ speaker: 'agent' as 'manager', text: 'Добрый день' }, { speaker: 'client', text: 'Да' }]), 'unknown_speaker');
  assert.equal(code(turns('M: Ð”Ð¾Ð±Ñ€Ñ‹Ð¹ Ð´ÐµÐ½ÑŒ, Ð¼ÐµÐ½Ñ Ð·Ð¾Ð²ÑƒÑ‚', 'C: Ð”Ð°, ÑÐ»ÑƒÑˆÐ°ÑŽ')), 'mojibake');
  assert.equal(code(turns('M: 您好，我们是汽车服务中心', 'C: 你好，请问有什么事')), 'unsupported_language');
});

void test('a three-hour call is analysed (linear in its length)', async () => {
  const long: Turn[] = [];
  for (let i = 0; i < 2500; i++) long.push(...turns(OPENING[i % OPENING.length]!, 'C: Да, понятно, продолжайте.'));
  long.push(...turns('M: Давайте запишу вас на вторник в десять или на среду в два?', 'C: Во вторник в десять.'));
  const a = await createBuiltinEngine().analyze({ transcript: { language: 'ru', turns: long }, knowledge: company() });
  assert.equal(a.outcome, 'success');
});

void test('English haggling: the buyer accepting a price is a deal, walking away is not', () => {
  const k = emptyKnowledge('market', 'market', 'en');
  const deal = analyzeCall({ knowledge: k, transcript: { language: 'en', turns: turns('C: Hi, is the desk still for sale?', 'M: Yes, asking $120.',
    'C: Would you take 90?', 'M: I could do 100 if you pick it up.', 'C: Deal, I can come tomorrow.') } });
  assert.equal(deal.outcome, 'success');
  const walk = analyzeCall({ knowledge: k, transcript: { language: 'en', turns: turns('C: Hi, is the desk still for sale?', 'M: Yes, asking $120.',
    'C: Would you take 60?', 'M: No, 110 is my lowest.', 'C: That is too much for me, no thanks.') } });
  assert.equal(walk.outcome, 'lost');
});

void test('an offer described only while answering an objection is scored as the presentation', () => {
  const a = analyse(turns('M: Добрый день, меня зовут Олег, автосервис АвтоДок. Вам удобно сейчас говорить?', 'C: Да, удобно.',
    'M: Как машина, что беспокоит?', 'C: Кондиционер не дует. Но боюсь, у вас это надолго, а машина мне каждый день нужна.',
    'M: Понимаю. У нас заправка кондиционера с проверкой на утечки занимает сорок минут, стоит полторы тысячи рублей, гарантия полгода.',
    'C: Хорошо, давайте в субботу в десять.', 'M: Записал: суббота, десять ноль ноль.', 'C: До субботы.'));
  assert.equal(a.outcome, 'success');
  assert.ok(a.stages.some((s) => s.stage === 'presentation'), 'the offer was presented');
});

void test('needs discovery made only of yes/no and leading questions costs a point', () => {
  const closed = analyse(turns('M: Добрый день, меня зовут Олег, автосервис АвтоДок. Вам удобно сейчас говорить?', 'C: Да, удобно.',
    'M: У вас ведь Шкода, да?', 'C: Да.', 'M: Стучит спереди, наверное?', 'C: Ну да, есть такое.', 'M: Давно уже, наверняка?', 'C: Месяц где-то.',
    'M: Давайте запишу вас: завтра в девять или в субботу в двенадцать?', 'C: В субботу в двенадцать.', 'M: Записал, суббота, двенадцать.', 'C: До субботы.'));
  const needs = closed.stages.find((s) => s.stage === 'needs');
  assert.ok(needs?.deductions.some((x) => x.code === 'needs.closed_questions'));
  const open = analyse(turns(...OPENING, 'C: Хорошо.', 'M: Давайте запишу вас: завтра в девять или в субботу в двенадцать?', 'C: В субботу в двенадцать.',
    'M: Записал: суббота, двенадцать.', 'C: До свидания.'));
  assert.ok(!open.stages.find((s) => s.stage === 'needs')?.deductions.some((x) => x.code === 'needs.closed_questions'));
});
