// Runs `mentor eval` on the project's own holdout fixtures: the JSON line, floors and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { evalCommand } from '../../cli/eval.command.ts';

const DIR = fileURLToPath(new URL('../../../test/fixtures/analysis-holdout', import.meta.url));

async function capture(argv: string[]): Promise<{ code: number; out: string[] }> {
  const out: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (...a: unknown[]) => { out.push(a.join(' ')); };
  console.error = () => {};
  try { return { code: await evalCommand(argv), out }; } finally { console.log = log; console.error = err; }
}

void test('--json prints the FORMAT.md keys on the last line', async () => {
  const { code, out } = await capture([DIR, '--json']);
  assert.equal(code, 0);
  const json = JSON.parse(out.join('\n').trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  for (const key of ['calls', 'followups', 'engine', 'outcome_accuracy', 'lost_precision', 'lost_recall', 'lost_f1', 'loss_stage_accuracy',
    'weak_stage_f1', 'stage_mae', 'followup_accuracy', 'ms_per_call']) assert.ok(key in json, key);
  assert.equal(json.calls, 20);
  assert.equal(json.engine, 'builtin');
});

void test('an unmet floor exits 1, a bad one 2, llm is not configured', async () => {
  assert.equal((await capture([DIR, '--floor', 'outcome_accuracy=1.01'])).code, 1);
  assert.equal((await capture([DIR, '--floor', 'nonsense=1'])).code, 2);
  assert.equal((await capture([DIR, '--engine', 'llm'])).code, 2);
  assert.equal((await capture(['--help'])).code, 0);
  assert.equal((await capture(['/nonexistent-dir'])).code, 2);
});
