// The follow-up evaluation over real dataset folders: the development set shipped with the
// project and our own held-out follow-ups in other industries (test/fixtures/followup-holdout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluateFollowUps } from '../eval/followup-eval.ts';
import { readDataset } from '../eval/dataset-reader.ts';

const HOLDOUT = new URL('../../../test/fixtures/followup-holdout/', import.meta.url).pathname;
const DEV = new URL('../../../../shared/eval/dev-ru/', import.meta.url).pathname;

void test('the held-out follow-ups in other industries are judged correctly', async () => {
  const { knowledge } = await readDataset(HOLDOUT);
  const r = await evaluateFollowUps(HOLDOUT, knowledge);
  assert.equal(r.followups, 12);
  assert.ok((r.accuracy ?? 0) >= 0.8, JSON.stringify(r.failures, null, 1));
});

void test('the development follow-ups reach the 0.90 target', { skip: !existsSync(join(DEV, 'followups.jsonl')) }, async () => {
  const { knowledge } = await readDataset(DEV);
  const r = await evaluateFollowUps(DEV, knowledge);
  assert.equal(r.followups, 24);
  assert.ok((r.accuracy ?? 0) >= 0.9, JSON.stringify(r.failures, null, 1));
});

void test('the tuning probes stay right (a regression check: the checker was tuned on them)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-fu-'));
  copyFileSync(join(HOLDOUT, 'tuning-probes.jsonl'), join(dir, 'followups.jsonl'));
  const { knowledge } = await readDataset(HOLDOUT);
  const r = await evaluateFollowUps(dir, knowledge);
  assert.equal(r.followups, 22);
  assert.ok((r.accuracy ?? 0) >= 0.9, JSON.stringify(r.failures, null, 1));
});

void test('a dataset without followups.jsonl has nothing to score', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-fu-'));
  assert.deepEqual(await evaluateFollowUps(dir, new Map()), { followups: 0, accuracy: null, failures: [], fellBack: 0 });
});

void test('a broken line names the file and line so it can be fixed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mentor-fu-'));
  writeFileSync(join(dir, 'followups.jsonl'), '{"id":"x"}\n');
  await assert.rejects(evaluateFollowUps(dir, new Map()), /followups\.jsonl:1 needs id, recommendation, turns and labels\.applied/);
});
