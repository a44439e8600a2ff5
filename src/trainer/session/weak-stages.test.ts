import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weakStagesFromAnalyses } from './weak-stages.ts';

void test('no analysed calls: no weak stages (the client follows the normal script)', () => {
  assert.deepEqual(weakStagesFromAnalyses([]), []);
});

void test('stages with a mean score of 5 or less are weak, weakest first', () => {
  const weak = weakStagesFromAnalyses([
    { scores: { greeting: 9, needs: 4, closing: 2 }, weakStages: [] },
    { scores: { greeting: 8, needs: 6, closing: 3 }, weakStages: [] },
  ]);
  assert.deepEqual(weak, ['closing', 'needs']);
});

void test('the stage the analyses name as weak most often counts even when its mean is above 5', () => {
  const weak = weakStagesFromAnalyses([
    { scores: { greeting: 9, objections: 6 }, weakStages: ['objections'] },
    { scores: { greeting: 8, objections: 7 }, weakStages: ['objections', 'greeting'] },
  ]);
  assert.deepEqual(weak, ['objections']);
});

void test('unknown stage names and non-numbers in stored rows are ignored', () => {
  assert.deepEqual(weakStagesFromAnalyses([{ scores: { farewell: 1, needs: Number.NaN }, weakStages: ['farewell'] }]), []);
});
