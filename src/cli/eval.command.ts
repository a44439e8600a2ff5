// `mentor eval DIR [--json] [--engine builtin|llm] [--floor metric=value ...]`: runs the analysis
// engine over a labelled dataset and prints the metrics. Thin: parse, run, shape the output.
import { createBuiltinEngine } from '../analysis/builtin/builtin-engine.ts';
import { createAnalysisEngine } from '../analysis/engine-registry.ts';
import { createFollowUpChecker } from '../analysis/followup-checker-registry.ts';
import type { FollowUpChecker } from '../domain/follow-up.ts';
import { loadConfig } from '../config.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { runEval } from '../analysis/eval/eval-runner.ts';
import type { EvalSummary } from '../analysis/eval/eval-runner.ts';
import { formatReport } from '../analysis/eval/report-format.ts';

const HELP = `usage: mentor eval DIR [--json] [--engine builtin|llm] [--floor metric=value ...]

Runs the call-analysis engine over a labelled dataset (companies.json, calls.jsonl,
optional followups.jsonl; see ../shared/eval/FORMAT.md) and prints the metrics.

  --json                 print one JSON object with the metrics on the last line
  --engine builtin|llm   which engine (and follow-up checker) to evaluate (default builtin)
  --floor metric=value   exit 1 when the metric is below value (stage_mae: above); repeatable
  --help                 this text

exit codes: 0 ok, 1 a floor was not met, 2 bad usage or the dataset/engine is unavailable`;

const METRICS = ['outcome_accuracy', 'lost_precision', 'lost_recall', 'lost_f1', 'loss_stage_accuracy', 'weak_stage_f1', 'stage_mae', 'followup_accuracy', 'ms_per_call'] as const;
type Metric = (typeof METRICS)[number];
const LOWER_IS_BETTER = new Set<Metric>(['stage_mae', 'ms_per_call']);

export async function evalCommand(argv: string[]): Promise<number> {
  let dir: string | null = null;
  let json = false;
  let engineName = 'builtin';
  const floors: [Metric, number][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--help' || a === '-h') { console.log(HELP); return 0; }
    if (a === '--json') { json = true; continue; }
    if (a === '--engine' || a.startsWith('--engine=')) {
      engineName = a.includes('=') ? a.slice(9) : (argv[++i] ?? '');
      continue;
    }
    if (a === '--floor' || a.startsWith('--floor=')) {
      const spec = a.includes('=') && a.startsWith('--floor=') ? a.slice(8) : (argv[++i] ?? '');
      const [name, value] = spec.split('=');
      if (!name || !(METRICS as readonly string[]).includes(name) || value === undefined || Number.isNaN(Number(value))) {
        console.error(`mentor eval: bad --floor "${spec}"; expected metric=value with metric one of ${METRICS.join(', ')}`);
        return 2;
      }
      floors.push([name as Metric, Number(value)]);
      continue;
    }
    if (a.startsWith('-')) { console.error(`mentor eval: unknown option ${a}\n\n${HELP}`); return 2; }
    if (dir !== null) { console.error('mentor eval: only one DIR'); return 2; }
    dir = a;
  }
  if (!dir) { console.error(`mentor eval: DIR is required\n\n${HELP}`); return 2; }
  let engine: CallAnalysisEngine;
  let checker: FollowUpChecker | undefined;
  if (engineName === 'llm') {
    // the same configuration as the server (MENTOR_LLM_URL, MENTOR_LLM_MODEL, MENTOR_LLM_API_KEY)
    try {
      const config = { ...loadConfig(), engine: 'llm' as const };
      engine = createAnalysisEngine(config);
      checker = createFollowUpChecker(config);
    } catch (err) {
      console.error(`mentor eval: the llm engine is not configured: ${(err as Error).message}`);
      return 2;
    }
  } else if (engineName === 'builtin') {
    engine = createBuiltinEngine();
  } else { console.error(`mentor eval: unknown engine "${engineName}" (builtin|llm)`); return 2; }

  let report;
  try {
    report = await runEval(dir, engine, checker);
  } catch (err) {
    console.error(`mentor eval: cannot read the dataset in ${dir}: ${(err as Error).message}`);
    return 2;
  }
  console.log(formatReport(report, dir));
  if (engineName === 'llm') {
    // an llm run that quietly measured the fallback would mislead: say how many calls it answered
    const fellBack = report.results.filter((r) => r.analysis?.engine === 'llm→builtin').length;
    if (fellBack > 0) console.error(`mentor eval: ${fellBack} of ${report.results.filter((r) => r.analysis).length} calls were analysed by the builtin fallback (the llm server failed)`);
    if (report.followups.fellBack > 0) console.error(`mentor eval: ${report.followups.fellBack} of ${report.followups.followups} follow-ups were checked by the builtin fallback (the llm server failed)`);
  }
  let code = 0;
  for (const [metric, floor] of floors) {
    const value = report.summary[metric as keyof EvalSummary] as number | null;
    const bad = value === null || (LOWER_IS_BETTER.has(metric) ? value > floor : value < floor);
    if (bad) { console.error(`floor not met: ${metric} = ${value === null ? 'null' : value} (floor ${floor})`); code = 1; }
  }
  if (json) console.log(JSON.stringify(report.summary));
  return code;
}
