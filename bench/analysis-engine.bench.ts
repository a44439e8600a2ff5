// Builtin engine speed and memory: ms per call and calls/s on one core for synthetic 10-minute
// calls (~1,500 words), and heap use over many calls. Usage:
//   node_modules/.bin/node bench/analysis-engine.bench.ts [--calls 20000] [--full]   (--full = 100k calls)
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { analyzeCall } from '../src/analysis/builtin/builtin-engine.ts';
import { emptyKnowledge } from '../src/domain/knowledge.ts';
import { syntheticCall } from './synthetic-calls.ts';


const argv = process.argv.slice(2);
const callsArg = argv.indexOf('--calls');
const total = argv.includes('--full') ? 100_000 : callsArg >= 0 ? Number(argv[callsArg + 1]) : 20_000;
const knowledge = emptyKnowledge('bench', 'Север', 'ru');
knowledge.script = { closing: 'Назначить встречу на конкретную дату и время' };
knowledge.expertRules = [{ stage: 'closing', text: 'Предлагать две конкретные даты' }];
const pool = Array.from({ length: 64 }, (_, s) => syntheticCall(s));

const cpuModel = cpus()[0]?.model ?? 'unknown cpu';
console.log(`machine: ${cpuModel}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString()}`);
console.log(`synthetic call: ${pool[0]?.length ?? 0} turns, ~1,500 words; calls: ${total}`);

for (let i = 0; i < 200; i++) analyzeCall({ transcript: { language: 'ru', turns: pool[i % pool.length] ?? [] }, knowledge }); // warm-up
globalThis.gc?.();
const heapStart = process.memoryUsage().heapUsed;
const checkpoints: string[] = [];
const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < total; i++) {
  analyzeCall({ transcript: { language: 'ru', turns: pool[i % pool.length] ?? [] }, knowledge });
  if ((i + 1) % Math.max(1, Math.floor(total / 5)) === 0) checkpoints.push(`${i + 1}: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = (cpu.user + cpu.system) / 1000;
// CPU time is what one core spends; wall time also counts waiting for a core on a busy machine
console.log(`wall: ${(ms / total).toFixed(3)} ms per call   cpu: ${(cpuMs / total).toFixed(3)} ms per call   calls/s per core (cpu): ${(total / (cpuMs / 1000)).toFixed(0)}`);
console.log(`heap at start ${(heapStart / 1e6).toFixed(1)} MB; over the run: ${checkpoints.join(', ')}`);
