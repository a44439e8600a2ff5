// The pipeline's analyse step per call (src/calls/analyse-call.ts: read the transcript, load the
// company's knowledge, run the builtin engine, store the analysis) on PGlite and PostgreSQL, for a
// company with N reference calls of 10 minutes (~1,500 words each) and a realistic script,
// objections, expert rules and corrections (./synthetic-knowledge.ts).
//   reused    the product's path: the knowledge loaded for the previous call is handed out again
//             while companies.knowledge_version is unchanged (migration 0006)
//   afresh    the baseline in the same run: the knowledge read from the database for every call
//             (loadKnowledge with reuse: false), as before the reuse existed
// Both run alternately in rounds on the same database, so load on the machine hits them alike.
// Usage: node_modules/.bin/node bench/analyse-step.bench.ts [--calls 200] [--references 20] [--engines pglite,postgres]
import { parseArgs } from 'node:util';
import { analyseCall } from '../src/calls/analyse-call.ts';
import { createBuiltinEngine } from '../src/analysis/builtin/builtin-engine.ts';
import { createCompany } from '../src/companies/companies.service.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { calls, transcripts } from '../src/db/schema/calls.ts';
import { corrections, expertRules, objections, scriptStages } from '../src/db/schema/knowledge.ts';
import { withTenant } from '../src/db/tenant.ts';
import { loadKnowledge } from '../src/knowledge/load-knowledge.ts';
import { STAGES } from '../src/domain/stages.ts';
import { syntheticCall } from './synthetic-calls.ts';
import { realisticKnowledge } from './synthetic-knowledge.ts';
import { BENCH_ADMIN_URL, benchEnvironment, machineLine, summarize } from './support.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '200' }, references: { type: 'string', default: '20' }, engines: { type: 'string', default: 'pglite,postgres' } } });
const CALLS = Number(values.calls);
const REFERENCES = Number(values.references);

async function seed(database: Database): Promise<{ companyId: string; callIds: string[] }> {
  const k = realisticKnowledge();
  const company = await createCompany(database.db, { name: k.name, industry: k.industry, product: k.product, averageCheck: k.averageCheck });
  const companyId = company.id;
  const callIds = await withTenant(database.db, companyId, async (tx) => {
    await tx.insert(scriptStages).values(STAGES.filter((s) => k.script[s]).map((stage) => ({ companyId, stage, text: k.script[stage]! })));
    await tx.insert(objections).values(k.objections.map((o, position) => ({ companyId, text: o.text, handling: o.handling, position })));
    await tx.insert(expertRules).values(k.expertRules.map((r) => ({ companyId, stage: r.stage, text: r.text })));
    await tx.insert(corrections).values(k.corrections.map((c) => ({ companyId, kind: c.kind, stage: c.stage, outcome: c.outcome, score: c.score, target: c.target, comment: c.comment, context: c.context ?? null })));
    const references = [...k.referenceCalls.map((r) => r.turns), ...Array.from({ length: Math.max(0, REFERENCES - k.referenceCalls.length) }, (_, i) => syntheticCall(10_000 + i))].slice(0, REFERENCES);
    const ids: string[] = [];
    for (const [i, turns] of [...references, ...Array.from({ length: CALLS }, (_, n) => syntheticCall(n))].entries()) {
      const isReference = i < references.length;
      const [row] = await tx.insert(calls).values({ companyId, startedAt: new Date(Date.now() - (CALLS + REFERENCES - i) * 60_000), status: 'transcribed', isReference }).returning({ id: calls.id });
      await tx.insert(transcripts).values({ callId: row!.id, companyId, language: 'ru', turns, source: 'import' });
      if (!isReference) ids.push(row!.id);
    }
    return ids;
  });
  return { companyId, callIds };
}

async function measure(kind: 'pglite' | 'postgres'): Promise<void> {
  const env = kind === 'postgres' ? await benchEnvironment('postgres', 'mentor_bench_analyse') : null;
  const database = await openDatabase(kind === 'pglite' ? { memory: true } : { databaseUrl: env!.env.DATABASE_URL! });
  try {
    await database.migrate();
    const { companyId, callIds } = await seed(database);
    const engine = createBuiltinEngine();
    const times = { reused: [] as number[], afresh: [] as number[] };
    const step = async (mode: 'reused' | 'afresh', callId: string): Promise<void> => {
      const start = performance.now();
      const knowledge = mode === 'afresh' ? await loadKnowledge(database.db, companyId, { reuse: false }) : undefined;
      const result = await analyseCall(database.db, engine, companyId, callId, knowledge ? { knowledge } : {});
      if (result.status !== 'analysed') throw new Error(`call ${callId} was not analysed: ${result.errorMessage}`);
      times[mode].push(performance.now() - start);
    };
    // warm-up: every call once (compiles the engine and the queries), not counted
    for (const id of callIds) await step('afresh', id);
    times.afresh.length = 0;
    for (let round = 0; round < 2; round++) {
      for (const [i, id] of callIds.entries()) await step(i % 2 === round ? 'reused' : 'afresh', id);
    }
    const line = (mode: 'reused' | 'afresh'): string => {
      const s = summarize(times[mode]);
      return `${kind.padEnd(8)} ${mode.padEnd(7)} ${s.n} calls · ${s.mean.toFixed(1)} ms/call mean · p50 ${s.p50.toFixed(1)} · p95 ${s.p95.toFixed(1)} ms`;
    };
    console.log(line('reused'));
    console.log(line('afresh'));
    console.log(`${kind.padEnd(8)} afresh / reused mean: ×${(summarize(times.afresh).mean / summarize(times.reused).mean).toFixed(2)}`);
  } finally {
    await database.close();
    await env?.cleanup();
  }
}

console.log(`analyse step bench · ${machineLine()} · ${REFERENCES} reference calls, ${CALLS} calls · PostgreSQL ${new URL(BENCH_ADMIN_URL).host}`);
for (const kind of values.engines.split(',') as ('pglite' | 'postgres')[]) await measure(kind);
