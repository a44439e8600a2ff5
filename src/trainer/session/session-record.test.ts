import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBuiltinClient } from '../builtin/builtin-client.ts';
import { builtinTrainerClient } from '../builtin/builtin-client.ts';
import { findPersona } from '../personas/persona-library.ts';
import { generateScenarios } from '../scenarios.ts';
import { buildKnowledge } from '../trainer.fixtures.ts';
import { isStale, outcomeOf, replayClient, seedOf, sessionScore, sessionTranscript } from './session-record.ts';
import type { StoredTurn } from './session-record.ts';
import { summarizeActivity } from './session-view.ts';

const at = (iso: string): StoredTurn => ({ speaker: 'client', text: 'Алло', at: iso });

void test('a session with no turn for 30 minutes is stale; a recent turn keeps it alive', () => {
  const started = new Date('2026-11-01T10:00:00Z');
  assert.equal(isStale(started, [at('2026-11-01T10:00:00Z')], new Date('2026-11-01T10:29:00Z')), false);
  assert.equal(isStale(started, [at('2026-11-01T10:00:00Z')], new Date('2026-11-01T10:31:00Z')), true);
  assert.equal(isStale(started, [at('2026-11-01T10:00:00Z'), at('2026-11-01T10:20:00Z')], new Date('2026-11-01T10:31:00Z')), false);
});

void test('the session score is the mean of the scored stages; none scored → null', () => {
  assert.equal(sessionScore({ stages: [{ stage: 'greeting', score: 8, evidence: [], deductions: [] }, { stage: 'closing', score: 3, evidence: [], deductions: [] }] }), 5.5);
  assert.equal(sessionScore({ stages: [] }), null);
});

void test('the transcript keeps speakers and drops empty turns; the outcome is the last ending client turn', () => {
  const turns: StoredTurn[] = [at('x'), { speaker: 'manager', text: '  ', at: 'x' }, { speaker: 'manager', text: 'Добрый день', at: 'x' }, { speaker: 'client', text: 'До свидания', at: 'x', done: true, outcome: 'left' }];
  assert.deepEqual(sessionTranscript(turns, 'ru').turns.map((t) => t.speaker), ['client', 'manager', 'client']);
  assert.equal(outcomeOf(turns), 'left');
  assert.equal(outcomeOf(turns.slice(0, 3)), undefined);
});

void test('a replayed builtin client continues exactly where the stored conversation stopped', async () => {
  const knowledge = buildKnowledge();
  const scenario = generateScenarios(knowledge)[0]!;
  const persona = findPersona('viktor-director')!;
  const seed = seedOf('5b0c1d2e-0000-4000-8000-000000000001');
  const options = { scenario, persona, knowledge, weakStages: ['closing' as const], seed };
  const lines = ['Здравствуйте, меня зовут Иван, компания ОкнаПро. Удобно говорить?', 'Расскажите, какие окна вы сейчас рассматриваете?'];
  const original = createBuiltinClient(options);
  original.opening();
  const turns: StoredTurn[] = [];
  for (const line of lines) {
    turns.push({ speaker: 'manager', text: line, at: 'x' }, { speaker: 'client', text: original.respond(line).text, at: 'x' });
  }
  const rebuilt = builtinTrainerClient(options);
  await replayClient(rebuilt, turns);
  assert.deepEqual(rebuilt.state(), original.state());
  const next = 'Для вашей задачи у нас тёплые окна с гарантией 10 лет, бесплатный замер и монтаж за 3 дня.';
  assert.deepEqual(await rebuilt.respond(next), original.respond(next));
});

void test('activity per manager: counts, last session, mean of finished scores; a manager who never trained is listed', () => {
  const rows = [
    { managerId: 'a', status: 'finished' as const, score: 6, startedAt: new Date('2026-11-01'), finishedAt: new Date('2026-11-01') },
    { managerId: 'a', status: 'finished' as const, score: 8, startedAt: new Date('2026-11-03'), finishedAt: new Date('2026-11-03') },
    { managerId: 'a', status: 'abandoned' as const, score: null, startedAt: new Date('2026-11-05'), finishedAt: null },
  ];
  const [a, b] = summarizeActivity([{ id: 'a', name: 'Анна' }, { id: 'b', name: 'Борис' }], rows);
  assert.equal(a?.sessions, 3);
  assert.equal(a?.finished, 2);
  assert.equal(a?.meanScore, 7);
  assert.deepEqual(a?.lastSessionAt, new Date('2026-11-05'));
  assert.deepEqual(a?.scores.map((s) => s.score), [6, 8]);
  assert.equal(b?.sessions, 0);
  assert.equal(b?.lastSessionAt, null);
});
