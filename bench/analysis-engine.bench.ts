// Builtin engine speed and memory: CPU ms per call and calls/s on one core for synthetic 10-minute
// calls (~1,500 words, ./synthetic-calls.ts), and heap use over many calls, in three set-ups:
//   minimal    the first bench's knowledge (one closing script line, one expert rule)
//   realistic  a real deployment's knowledge (./synthetic-knowledge.ts), the same object every call
//              (a company re-analysis, `mentor eval`)
//   fresh      the same knowledge as a new object every call, as the pipeline's analyse step loads it
//              from the database, and one word never seen before in every call (caches must stay bounded)
//   linear     realistic knowledge, on calls that move through the stages once with a larger
//              vocabulary (./synthetic-linear-call.ts) instead of cycling the same twelve lines
// With --baseline DIR (another version: `git archive <commit> src package.json | tar -x -C DIR` and
// `ln -s $PWD/node_modules DIR/node_modules`) both engines run alternately in this process and the ratio is printed.
// Usage:
//   node_modules/.bin/node --expose-gc bench/analysis-engine.bench.ts [--calls 20000] [--full] [--only minimal,realistic,fresh,linear] [--baseline DIR]
//   (--full = 100k calls per set-up; --expose-gc makes the heap checkpoints read the live heap)
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeCall } from '../src/analysis/builtin/builtin-engine.ts';
import type { AnalysisInput } from '../src/domain/call-analysis.ts';
import type { CompanyKnowledge } from '../src/domain/knowledge.ts';
import type { Turn } from '../src/domain/transcript.ts';
import { machineLine } from './support.ts';
import { syntheticCall } from './synthetic-calls.ts';
import { linearCall } from './synthetic-linear-call.ts';
import { minimalKnowledge, realisticKnowledge } from './synthetic-knowledge.ts';

type Analyze = (input: AnalysisInput) => unknown;

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const total = argv.includes('--full') ? 100_000 : Number(option('--calls') ?? 20_000);
const only = new Set((option('--only') ?? 'minimal,realistic,fresh,linear').split(','));
const baselineDir = option('--baseline');
const ROUNDS = 10;

const pool = Array.from({ length: 64 }, (_, s) => syntheticCall(s));
const linearPool = Array.from({ length: 64 }, (_, s) => linearCall(s));
const linearWords = linearPool[0]?.reduce((n, t) => n + t.text.split(/\s+/).filter(Boolean).length, 0) ?? 0;
const words = pool[0]?.reduce((n, t) => n + t.text.split(/\s+/).filter(Boolean).length, 0) ?? 0;
const turnWords = pool[0] ? words / pool[0].length : 0;

// a word that was never seen before: the call number spelled in Cyrillic letters
function unseenWord(n: number): string {
  let s = '';
  for (let x = n + 1; x > 0; x = Math.floor(x / 32)) s += String.fromCharCode(0x430 + (x % 32));
  return `${s}ский`;
}
function withUnseenWord(turns: Turn[], n: number): Turn[] {
  const out = turns.slice();
  const t = out[3];
  if (t) out[3] = { ...t, text: `${t.text} ${unseenWord(n)}` };
  return out;
}

interface Setup { name: string; label: string; input: (i: number) => AnalysisInput }
const minimal = minimalKnowledge();
const realistic = realisticKnowledge();
const realisticJson = JSON.stringify(realistic);
const SETUPS: Setup[] = [
  { name: 'minimal', label: 'minimal knowledge', input: (i) => ({ transcript: { language: 'ru', turns: pool[i % pool.length] ?? [] }, knowledge: minimal }) },
  { name: 'realistic', label: 'realistic knowledge', input: (i) => ({ transcript: { language: 'ru', turns: pool[i % pool.length] ?? [] }, knowledge: realistic }) },
  {
    name: 'fresh', label: 'realistic, fresh object + unseen word',
    input: (i) => ({ transcript: { language: 'ru', turns: withUnseenWord(pool[i % pool.length] ?? [], i) }, knowledge: JSON.parse(realisticJson) as CompanyKnowledge }),
  },
  { name: 'linear', label: 'realistic knowledge, linear calls', input: (i) => ({ transcript: { language: 'ru', turns: linearPool[i % linearPool.length] ?? [] }, knowledge: realistic }) },
];

interface Result { cpuMs: number; calls: number; heap: string[]; nextHeap: number }

/** Analyses `count` calls; inputs are built before the clock starts, in batches so memory stays small. */
function runBatch(analyze: Analyze, setup: Setup, from: number, count: number, result: Result, heapEvery: number): void {
  const BATCH = 50;
  for (let b = 0; b < count; b += BATCH) {
    const n = Math.min(BATCH, count - b);
    const inputs: AnalysisInput[] = [];
    for (let k = 0; k < n; k++) inputs.push(setup.input(from + b + k));
    const cpu0 = process.cpuUsage();
    for (const input of inputs) analyze(input);
    const cpu = process.cpuUsage(cpu0);
    result.cpuMs += (cpu.user + cpu.system) / 1000;
    result.calls += n;
    if (heapEvery > 0 && result.calls >= result.nextHeap) {
      globalThis.gc?.(); // with --expose-gc the figure is the live heap, not the garbage not yet collected
      result.heap.push(`${(result.calls / 1000).toFixed(1)}k: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
      result.nextHeap += heapEvery;
    }
  }
}

const figure = (r: Result): string => {
  const ms = r.cpuMs / r.calls;
  return `${ms.toFixed(3)} ms per call (cpu), ${(1000 / ms).toFixed(0)} calls/s per core`;
};

async function loadBaseline(dir: string): Promise<Analyze> {
  const url = pathToFileURL(join(resolve(dir), 'src/analysis/builtin/builtin-engine.ts')).href;
  const mod = (await import(url)) as { analyzeCall: Analyze };
  return mod.analyzeCall;
}

const baseline = baselineDir ? await loadBaseline(baselineDir) : null;
console.log(`machine: ${machineLine()} · load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`synthetic call: ${pool[0]?.length ?? 0} turns, ${words} words (${turnWords.toFixed(1)} per turn); linear call: ${linearPool[0]?.length ?? 0} turns, ${linearWords} words; calls per set-up: ${total}`);
if (baselineDir) console.log(`baseline: ${resolve(baselineDir)} (run alternately in ${ROUNDS} rounds)`);

for (const setup of SETUPS.filter((s) => only.has(s.name))) {
  const engines: [string, Analyze][] = [['this', analyzeCall], ...(baseline ? [['baseline', baseline] as [string, Analyze]] : [])];
  for (const [, analyze] of engines) for (let i = 0; i < 300; i++) analyze(setup.input(i)); // warm-up
  globalThis.gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  const perRound = Math.ceil(total / ROUNDS);
  const heapEvery = baseline ? 0 : Math.max(1, Math.floor(total / 5));
  const results = new Map(engines.map(([name]) => [name, { cpuMs: 0, calls: 0, heap: [], nextHeap: heapEvery } as Result]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, analyze] of engines) {
      const result = results.get(name);
      if (result) runBatch(analyze, setup, r * perRound, Math.min(perRound, total - r * perRound), result, heapEvery);
    }
  }
  const mine = results.get('this');
  const base = results.get('baseline');
  if (!mine) continue;
  console.log(`\n${setup.label}: ${figure(mine)}`);
  if (base) console.log(`  baseline: ${figure(base)}   speed-up ×${(base.cpuMs / base.calls / (mine.cpuMs / mine.calls)).toFixed(2)}`);
  else console.log(`  heap at start ${(heapStart / 1e6).toFixed(1)} MB; over the run: ${mine.heap.join(', ')}`);
}
