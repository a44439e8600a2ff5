// Golden snapshot of the builtin engine and the language module, for performance work that must not
// change a single output. `record` writes one hash per call (and per language-API probe) to a folder;
// `check` recomputes them and lists every difference. Usage:
//   node_modules/.bin/node bench/analysis-engine-golden.ts record /tmp/engine-golden
//   node_modules/.bin/node bench/analysis-engine-golden.ts check  /tmp/engine-golden
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeCall } from '../src/analysis/builtin/builtin-engine.ts';
import { readDataset } from '../src/analysis/eval/dataset-reader.ts';
import { checkFollowUp } from '../src/analysis/followup/followup-checker.ts';
import { conceptWords, findConcepts } from '../src/analysis/followup/concepts.ts';
import * as L from '../src/analysis/language/index.ts';
import { emptyKnowledge } from '../src/domain/knowledge.ts';
import type { CompanyKnowledge } from '../src/domain/knowledge.ts';
import type { Turn } from '../src/domain/transcript.ts';
import { syntheticCall } from './synthetic-calls.ts';
import { linearCall } from './synthetic-linear-call.ts';
import { minimalKnowledge, realisticKnowledge } from './synthetic-knowledge.ts';

const [mode, dir] = process.argv.slice(2);
if ((mode !== 'record' && mode !== 'check') || !dir) {
  console.error('usage: analysis-engine-golden.ts record|check DIR');
  process.exit(2);
}

const DATASETS = ['/work/shared/eval/dev-ru', '/work/shared/eval/craigslist-en', 'test/fixtures/analysis-holdout'];
const out: Record<string, string> = {};
const hash = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 24);

function run(id: string, fn: () => unknown): void {
  try { out[id] = hash(fn()); } catch (err) { out[id] = `throw:${(err as Error).message}`; }
}


const texts = new Set<string>();
const allKnowledge: CompanyKnowledge[] = [];
for (const d of DATASETS) {
  const ds = await readDataset(d);
  allKnowledge.push(...ds.knowledge.values());
  for (const call of ds.calls) {
    for (const t of call.turns) if (typeof t.text === 'string') texts.add(t.text);
    if (call.reference) continue;
    const knowledge = ds.knowledge.get(call.company) ?? emptyKnowledge(call.company, call.company, call.language);
    run(`${d}:${call.id}`, () => analyzeCall({ transcript: { language: call.language, turns: call.turns }, knowledge }));
    // the same call analysed twice in a row must give the same answer (no state leaks between calls)
    run(`${d}:${call.id}:again`, () => analyzeCall({ transcript: { language: call.language, turns: call.turns }, knowledge }));
    // the other language's knowledge and an empty one, to reach more branches
    run(`${d}:${call.id}:empty`, () => analyzeCall({ transcript: { language: call.language, turns: call.turns }, knowledge: emptyKnowledge('x', 'x', call.language) }));
  }
  const fu = join(d, 'followups.jsonl');
  if (existsSync(fu)) {
    for (const line of readFileSync(fu, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { id: string; company: string; language?: string; recommendation?: string; turns?: Turn[] };
      if (row.recommendation) texts.add(row.recommendation);
      for (const t of row.turns ?? []) if (typeof t.text === 'string') texts.add(t.text);
      // the follow-up check reads the same language module (cue sets, dates)
      const language = row.language ?? ds.knowledge.get(row.company)?.language ?? 'ru';
      const knowledge = ds.knowledge.get(row.company) ?? emptyKnowledge(row.company, '', language);
      run(`${fu}:${row.id}`, () => checkFollowUp({ recommendation: row.recommendation ?? '', transcript: { language, turns: row.turns ?? [] }, knowledge }));
    }
  }
}
const benchKnowledge = minimalKnowledge();
const realKnowledge = realisticKnowledge();
for (const ref of realKnowledge.referenceCalls) for (const t of ref.turns) texts.add(t.text);
for (const c of realKnowledge.corrections) for (const t of c.context ?? []) texts.add(t.text);
for (let s = 0; s < 64; s++) {
  const turns = syntheticCall(s);
  for (const t of turns) texts.add(t.text);
  run(`bench:${s}`, () => analyzeCall({ transcript: { language: 'ru', turns }, knowledge: benchKnowledge }));
  run(`bench:${s}:real`, () => analyzeCall({ transcript: { language: 'ru', turns }, knowledge: realKnowledge }));
  // a fresh copy of the knowledge, as the pipeline loads it for every call
  run(`bench:${s}:fresh`, () => analyzeCall({ transcript: { language: 'ru', turns }, knowledge: structuredClone(realKnowledge) }));
}
allKnowledge.push(realKnowledge);
// many corrections (the similarity index), each a pair of turns from other calls
const manyCorrections = realisticKnowledge();
const someTurns = DATASETS.length > 0 ? [...texts].slice(0, 400) : [];
for (let i = 0; i + 1 < someTurns.length && manyCorrections.corrections.length < 40; i += 7) {
  manyCorrections.corrections.push({ id: `m${i}`, kind: i % 3 === 0 ? 'outcome' : i % 3 === 1 ? 'stage_score' : 'deduction', outcome: 'success', stage: 'needs', score: 7,
    target: 'needs.few_questions', comment: 'x', context: [{ speaker: 'client', text: someTurns[i] ?? '' }, { speaker: 'manager', text: someTurns[i + 1] ?? '' }] });
}
for (let s = 0; s < 64; s++) {
  const turns = linearCall(s);
  for (const t of turns) texts.add(t.text);
  run(`linear:${s}`, () => analyzeCall({ transcript: { language: 'ru', turns }, knowledge: realKnowledge }));
  run(`linear:${s}:minimal`, () => analyzeCall({ transcript: { language: 'ru', turns }, knowledge: benchKnowledge }));
}
for (let s = 0; s < 64; s += 3) run(`bench:${s}:many-corrections`, () => analyzeCall({ transcript: { language: 'ru', turns: syntheticCall(s) }, knowledge: manyCorrections }));
allKnowledge.push(manyCorrections);
// every dataset call analysed with every company's knowledge (reference calls, scripts, rules)
for (const d of DATASETS.slice(0, 1).concat(DATASETS.slice(2))) {
  const ds = await readDataset(d);
  for (const call of ds.calls.slice(0, 30)) {
    allKnowledge.forEach((k, ki) => run(`${d}:${call.id}:k${ki}`, () => analyzeCall({ transcript: { language: call.language, turns: call.turns }, knowledge: k })));
  }
}

// the language module's public API over every distinct text, both languages
for (const text of texts) {
  for (const lang of ['ru', 'en']) {
    const n = L.normalizeText(text);
    run(`lang:${lang}:${text}`, () => ({
      n, tok: L.tokenize(n), sent: L.splitSentences(text), cl: L.splitClauses(n), q: L.questionSentences(text, lang),
      qs: L.isQuestionSentence(text, lang), cw: L.contentWords(n, lang), cs: L.contentStems(n, lang), bag: [...L.stemBag(n, lang)],
      ct: L.cueTokens(n), an: L.detectTimeAnchors(n, lang), ua: L.analyzeUtterance(text, lang), uap: L.analyzeUtterance(text, lang, { answersProposal: true }),
      ref: L.detectRefusal(n, lang, { answersProposal: true }), acc: L.detectAcceptance(n, lang), def: L.detectDeferral(n, lang),
      con: L.detectConcern(n, lang), neu: L.neutralizeNegations(n, lang), sc: L.detectScript(text),
    }));
  }
  run(`concepts:${text}`, () => ({ found: findConcepts(text), words: [...conceptWords(text)] }));
  // every clause and sentence on its own too: cue and date matching at the edges of a text
  for (const part of new Set([...L.splitSentences(text), ...L.splitClauses(L.normalizeText(text))])) {
    if (part === text) continue;
    for (const lang of ['ru', 'en']) {
      const n = L.normalizeText(part);
      run(`part:${lang}:${part}`, () => ({ ua: L.analyzeUtterance(part, lang), an: L.detectTimeAnchors(n, lang), ref: L.detectRefusal(n, lang), cs: L.contentStems(n, lang) }));
    }
  }
}

// generated date/time phrases, for the date/time gates: prepositions × hours × minutes × what follows
const PREPS = ['', 'в', 'к', 'до', 'около', 'после', 'часам к', 'где-то в', 'на', 'с', 'во', 'ближе к', 'через', 'at', 'by', 'around'];
const HOURS = ['час', 'два', 'двух', 'три', 'трех', 'пять', 'семь', 'семи', 'десять', 'десяти', 'двенадцать', 'двадцать', 'двадцати', 'одного',
  '7', '10', '23', '9:30', '14.03', '14.03.2024', '5pm', 'noon', 'seven', 'полдень', 'пол второго', 'полвторого', 'половине восьмого', 'пол-третьего'];
const MINUTES = ['', 'ноль ноль', 'ноль-ноль', 'тридцать', 'сорок пять', 'пятнадцать'];
const TAILS = ['', 'часов', 'часа', 'утра', 'вечера', 'раза', 'человек', 'с половиной раза', 'лет', 'минут', 'dollars', 'мая', 'числа', 'т', '%'];
const DAYS = ['в среду', 'в среды', 'посредник', 'в понедельник', 'вторником', 'завтра', 'послезавтра', 'сегодня', 'первого мая', '1-го мая', 'двадцатого числа',
  'на этой неделе', 'на следующей неделе', 'на днях', 'через неделю', 'в течение дня', 'попозже', 'как-нибудь', 'после обеда', 'в обед', 'утром', 'с утра',
  'в первой половине', 'after work', 'on friday', 'tomorrow', 'next week', 'this weekend', 'jan 5th', 'in the morning', 'sometime', 'later', 'soon'];
for (const prep of PREPS) {
  const phrases: string[] = [];
  for (const h of HOURS) for (const m of MINUTES) for (const t of TAILS) phrases.push([prep, h, m, t].filter(Boolean).join(' '));
  for (const lang of ['ru', 'en']) {
    run(`time:${lang}:${prep}`, () => phrases.map((p) => [L.detectTimeAnchors(p, lang), L.detectTimeAnchors(`давайте ${p}, или ${DAYS[p.length % DAYS.length] ?? ''}?`, lang)]));
  }
}
for (const lang of ['ru', 'en']) run(`days:${lang}`, () => DAYS.map((d) => [L.detectTimeAnchors(d, lang), L.analyzeUtterance(`Давайте ${d} в 10:30`, lang)]));

if (mode === 'record') {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'golden.json'), JSON.stringify(out));
  console.log(`recorded ${Object.keys(out).length} hashes to ${dir}`);
} else {
  const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Record<string, string>;
  const diffs = Object.keys({ ...golden, ...out }).filter((k) => golden[k] !== out[k]);
  for (const k of diffs.slice(0, 20)) console.log(`DIFF ${k.slice(0, 160)}: ${golden[k]} -> ${out[k]}`);
  console.log(`${Object.keys(out).length} hashes, ${diffs.length} differences`);
  process.exit(diffs.length === 0 ? 0 : 1);
}
