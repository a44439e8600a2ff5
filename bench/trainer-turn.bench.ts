// Server-side latency of one trainer turn: the manager's transcript in → the first byte of the
// client's audio out, with the builtin client and espeak-ng. Goal: p95 ≤ 300 ms. Also prints the
// policy alone and the full synthesis, so a regression shows where it is.
// Run: node_modules/.bin/node bench/trainer-turn.bench.ts [turns]
import { arch, cpus, freemem, loadavg, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createBuiltinClient } from '../src/trainer/builtin/builtin-client.ts';
import type { BuiltinClient } from '../src/trainer/builtin/builtin-client.ts';
import { generateScenarios } from '../src/trainer/scenarios.ts';
import { PERSONAS } from '../src/trainer/personas/persona-library.ts';
import { buildKnowledge } from '../src/trainer/trainer.fixtures.ts';
import { createEspeakTts } from '../src/providers/tts/espeak-tts.ts';
import { voiceForPersona } from '../src/trainer/trainer-setup.ts';
import type { Persona } from '../src/trainer/personas/persona.ts';

const TURNS = Number(process.argv[2] ?? 100);
const knowledge = buildKnowledge();
const scenarios = generateScenarios(knowledge);
const tts = createEspeakTts();
if (!tts.synthesizeStream) throw new Error('espeak adapter must stream');

// A realistic mix: good and bad moves through every stage, so every policy branch is timed.
const LINES = [
  'Здравствуйте, меня зовут Иван, компания ОкнаПро. Вы оставляли заявку на окна, удобно говорить?',
  'Расскажите, какие окна вы сейчас рассматриваете и для чего?',
  'А что вас не устраивает в старых окнах?',
  'Для вашей задачи у нас тёплые окна с гарантией 10 лет, бесплатный замер и монтаж за 3 дня — вы получите тишину и тепло.',
  'Поверьте, у нас лучшие окна, не переживайте.',
  'Сколько вам лет?',
  'Понимаю. А с чем сравниваете? Можем оформить рассрочку без переплаты на 12 месяцев, окна окупаются за счёт экономии на отоплении.',
  'Давайте посчитаем: рассрочка без переплаты около 7000 в месяц, а экономия на отоплении до 20% в год. Какой платёж вам комфортен?',
  'Давайте приедем на замер, когда жена будет дома, и покажем образцы профиля вместе?',
  'Давайте я запишу вас на бесплатный замер в четверг в 10:00, вам удобно?',
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

function report(name: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (n: number): string => n.toFixed(1).padStart(7);
  return `${name.padEnd(30)} p50 ${f(percentile(sorted, 50))} ms   p95 ${f(percentile(sorted, 95))} ms   max ${f(sorted.at(-1) ?? NaN)} ms`;
}

let session = 0;
let voice: string | undefined;
function newClient(): BuiltinClient {
  session += 1;
  const scenario = scenarios[session % scenarios.length];
  const persona = PERSONAS[session % PERSONAS.length];
  if (!scenario || !persona) throw new Error('no scenario or persona');
  voice = voiceForPersona(persona as Persona, 'espeak', 'ru');
  const client = createBuiltinClient({ scenario, persona, knowledge, weakStages: session % 2 === 0 ? ['objections', 'closing'] : [], seed: session });
  client.opening();
  return client;
}

async function main(): Promise<void> {
  // Warm-up: module loading, the stemmer's and chrono's first calls, espeak's voice files in the page cache.
  const warm = newClient();
  warm.respond(LINES[0] as string);
  await tts.synthesize('Прогрев.', { language: 'ru' });

  const policy: number[] = [];
  const firstByte: number[] = [];
  const full: number[] = [];
  let client = newClient();
  let line = 0;
  for (let turn = 0; turn < TURNS; turn += 1) {
    const text = LINES[line % LINES.length] as string;
    line += 1;
    const started = performance.now();
    const reply = client.respond(text);
    policy.push(performance.now() - started);
    let first = true;
    for await (const _chunk of tts.synthesizeStream!(reply.text || '…', { language: 'ru', ...(voice ? { voice } : {}) })) {
      if (first) {
        firstByte.push(performance.now() - started);
        first = false;
      }
    }
    full.push(performance.now() - started);
    if (reply.done || line % LINES.length === 0) {
      client = newClient();
      line = 0;
    }
  }

  const cpu = cpus()[0];
  console.log(`trainer turn latency — ${new Date().toISOString()}`);
  console.log(`machine: ${cpu?.model ?? 'unknown cpu'} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), ${platform()} ${release()} ${arch()}, Node ${process.version}`);
  console.log(`load average (1/5/15 min): ${loadavg().map((l) => l.toFixed(1)).join(' / ')} — figures are only comparable at a similar load`);
  console.log(`turns: ${TURNS}, builtin client + espeak-ng (persona voices ru+m3/ru+f3), streamed WAV`);
  console.log(report('policy (builtin respond)', policy));
  console.log(report('first audio byte', firstByte));
  console.log(report('full audio synthesized', full));
  const p95 = percentile([...firstByte].sort((a, b) => a - b), 95);
  console.log(`goal p95(first byte) ≤ 300 ms: ${p95 <= 300 ? 'met' : 'NOT met'}`);
}

await main();
