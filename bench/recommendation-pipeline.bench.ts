// From the analysis of a lost call to a stored recommendation, on the embedded default (PGlite
// in a data folder, as `npm start` runs it). A company with the clinic's knowledge, 5 reference
// calls and 30 analysed successful calls; then N lost calls, each: analyse (builtin) → stored
// analysis → afterCallAnalysed → call.recommend (lost record, retrieval over the DB, builtin
// writer, insert). Prints p50/p95 of "analysis stored → recommendation stored" and of the whole
// "analyse + recommend", with the machine. Goal: ≤ 5 s per lost call. Never a timed test.
// Usage: node_modules/.bin/node bench/recommendation-pipeline.bench.ts [--calls 50]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { machineLine, summarize } from './support.ts';
import { openDatabase } from '../src/db/database.ts';
import { loadConfig } from '../src/config.ts';
import { buildCall, buildCompany } from '../test/support/factories.ts';
import { addClinicKnowledge, analyse, APPLIED_FOLLOW_UP, PRICE_LOST, recordingSender, REFERENCE_CALL, SPOUSE_LOST, uniquePhone } from '../test/support/lost-client-fixtures.ts';
import { afterCallAnalysed, recommendationJobs } from '../src/recommendations/recommendation-handlers.ts';
import type { Turn } from '../src/domain/transcript.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '50' } } });
const count = Number(values.calls);
const dataDir = mkdtempSync(join(tmpdir(), 'mentor-bench-rec-'));
const database = await openDatabase({ dataDir });
try {
  await database.migrate();
  const db = database.db;
  const company = await buildCompany(db, { managers: 3 });
  await addClinicKnowledge(db, company.companyId);
  const manager = company.managers[0]!;
  for (let i = 0; i < 5; i++) await buildCall(db, company.companyId, { managerId: manager.id, turns: REFERENCE_CALL, isReference: true });
  for (let i = 0; i < 30; i++) {
    const ok = await buildCall(db, company.companyId, { managerId: manager.id, turns: APPLIED_FOLLOW_UP, clientPhone: uniquePhone() });
    await analyse(db, company.companyId, ok.id);
  }
  const sender = recordingSender();
  const jobs = recommendationJobs(sender, { db, config: loadConfig({ MENTOR_DATA_DIR: dataDir }), telegram: null });
  // every lost call is a little different, so nothing is served from a cache
  const lostTurns = (i: number): Turn[] => (i % 2 === 0 ? PRICE_LOST : SPOUSE_LOST).map((t, j) => (j === 1 ? { ...t, text: `${t.text} Заявка номер ${i + 100}.` } : t));
  const afterAnalysis: number[] = [];
  const whole: number[] = [];
  let created = 0;
  for (let i = 0; i < count + 2; i++) {
    const call = await buildCall(db, company.companyId, { managerId: company.managers[i % 3]!.id, turns: lostTurns(i), clientPhone: uniquePhone(), clientName: `Клиент ${i}` });
    const start = performance.now();
    const outcome = await analyse(db, company.companyId, call.id);
    const analysed = performance.now();
    if (outcome !== 'lost') throw new Error(`bench call ${i} was not lost`);
    await afterCallAnalysed(db, sender, company.companyId, call.id);
    const [job] = sender.take('call.recommend');
    const result = await jobs.recommend(job!.payload as { companyId: string; callId: string }) as { status: string };
    const done = performance.now();
    sender.sent.length = 0;
    if (result.status === 'created') created++;
    if (i < 2) continue; // warm-up: first queries plan and JIT
    afterAnalysis.push(done - analysed);
    whole.push(done - start);
  }
  const a = summarize(afterAnalysis);
  const w = summarize(whole);
  console.log(machineLine());
  console.log(`embedded PGlite (data folder), builtin engine and writer, 5 reference + 30 successful calls, ${count} lost calls, ${created} recommendations created`);
  console.log(`analysis stored → recommendation stored: p50 ${a.p50.toFixed(0)} ms, p95 ${a.p95.toFixed(0)} ms, mean ${a.mean.toFixed(0)} ms`);
  console.log(`analyse + recommend:                    p50 ${w.p50.toFixed(0)} ms, p95 ${w.p95.toFixed(0)} ms, mean ${w.mean.toFixed(0)} ms`);
  console.log(`goal ≤ 5000 ms per lost call: ${a.p95 <= 5000 ? 'met' : 'NOT met'}`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
