import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallAnalysis } from '../domain/call-analysis.ts';
import { buildSessionFeedback } from './session-feedback.ts';
import type { SessionTurn } from './session-feedback.ts';
import { createBuiltinClient } from './builtin/builtin-client.ts';
import { generateScenarios } from './scenarios.ts';
import { findPersona } from './personas/persona-library.ts';
import { buildEnglishKnowledge, buildKnowledge } from './trainer.fixtures.ts';

function analysis(overrides: Partial<CallAnalysis>): CallAnalysis {
  return {
    engine: 'builtin', engineVersion: 'test', knowledgeHash: 'h', language: 'ru', outcome: 'lost', confidence: 0.8,
    stages: [], weakStages: [], loss: null, nextStep: null, warnings: [], ...overrides,
  };
}

/** Plays a real session against the builtin client and records it as the session loop would. */
function play(lines: string[], weakStages: Parameters<typeof createBuiltinClient>[0]['weakStages']): { turns: SessionTurn[]; outcome?: 'agreed' | 'left' } {
  const knowledge = buildKnowledge();
  const [scenario] = generateScenarios(knowledge);
  const persona = findPersona('viktor-director');
  assert.ok(scenario && persona);
  const client = createBuiltinClient({ scenario, persona, knowledge, weakStages, seed: 2 });
  const turns: SessionTurn[] = [{ speaker: 'client', text: client.opening().text }];
  for (const line of lines) {
    turns.push({ speaker: 'manager', text: line });
    const reply = client.respond(line);
    turns.push({ speaker: 'client', text: reply.text, ...(reply.pressedStage ? { pressedStage: reply.pressedStage } : {}), ...(reply.reason ? { reason: reply.reason } : {}) });
    if (reply.done) return { turns, ...(reply.outcome ? { outcome: reply.outcome } : {}) };
  }
  return { turns };
}

void test('per weak stage: the manager\'s own words, the company handling and what to do next time (Russian)', () => {
  const session = play([
    'Здравствуйте, это Иван из компании ОкнаПро, по вашей заявке.',
    'Какие окна вы ищете?',
    'Для вашей задачи — тёплые окна с гарантией 10 лет, вы получите тишину и тепло.',
    'Поверьте, у нас лучшие окна, не переживайте.',
    'Ну вы же понимаете, качество стоит денег, все так говорят.',
    'Поверьте, у нас лучшие окна, не переживайте.',
    'Поверьте, у нас лучшие окна, не переживайте.',
  ], ['objections']);
  assert.equal(session.outcome, 'left');
  const feedback = buildSessionFeedback({
    turns: session.turns,
    knowledge: buildKnowledge({ expertRules: [{ stage: 'objections', text: 'Никогда не спорить с клиентом о цене' }] }),
    outcome: session.outcome,
    analysis: analysis({
      weakStages: ['objections'],
      stages: [
        { stage: 'greeting', score: 9, evidence: [], deductions: [] },
        { stage: 'objections', score: 2, evidence: [], deductions: [{ points: 5, reason: 'возражение «Дорого» не отработано', code: 'objections.unhandled' }] },
      ],
      loss: { stage: 'objections', reason: 'unhandled_objection', clientWords: [], explanation: '' },
    }),
  });
  assert.equal(feedback.outcome, 'left');
  assert.match(feedback.summary, /Клиент ушёл на этапе «Обработка возражений»/);
  const objections = feedback.stages.find((s) => s.stage === 'objections');
  assert.ok(objections);
  assert.equal(objections.score, 2);
  assert.equal(objections.managerQuote, 'Поверьте, у нас лучшие окна, не переживайте.');
  assert.match(objections.companyWay ?? '', /«Дорого» → Уточнить, с чем сравнивает\. Предложить рассрочку без переплаты/);
  assert.match(objections.companyWay ?? '', /Никогда не спорить с клиентом о цене/);
  assert.match(objections.text, /За что сняты баллы: возражение «Дорого» не отработано/);
  assert.match(objections.text, /В следующий раз: Не уговаривайте общими словами/);
  assert.deepEqual(feedback.strengths, ['Хорошо получилось: «Приветствие» (9/10).']);
});

void test('evidence turns from the analysis are quoted; a stage failed under pressure is added', () => {
  const turns: SessionTurn[] = [
    { speaker: 'client', text: 'Алло.' },
    { speaker: 'manager', text: 'Здравствуйте! Окна нужны?' },
    { speaker: 'client', text: 'Ну, допустим.', pressedStage: 'needs', reason: 'needs_closed_question' },
    { speaker: 'manager', text: 'Хорошо, подумайте и перезвоните.' },
    { speaker: 'client', text: 'До свидания.', pressedStage: 'closing', reason: 'no_next_step' },
  ];
  const feedback = buildSessionFeedback({
    turns,
    knowledge: buildKnowledge(),
    analysis: analysis({
      weakStages: ['needs'],
      stages: [{ stage: 'needs', score: 3, evidence: [{ turn: 1, text: 'Окна нужны?' }], deductions: [{ points: 4, reason: 'только закрытые вопросы', code: 'needs.closed_questions', turn: 1 }] }],
      loss: { stage: 'closing', reason: 'no_next_step', clientWords: [], explanation: '' },
    }),
  });
  assert.deepEqual(feedback.stages.map((s) => s.stage), ['needs', 'closing']);
  assert.equal(feedback.stages[0]?.managerQuote, 'Здравствуйте! Окна нужны?');
  assert.equal(feedback.stages[1]?.managerQuote, 'Хорошо, подумайте и перезвоните.');
  assert.match(feedback.stages[1]?.companyWay ?? '', /Назначить бесплатный замер на конкретный день и время/);
});

void test('English feedback for an English company', () => {
  const turns: SessionTurn[] = [
    { speaker: 'client', text: 'But there is one thing: it is too expensive.' },
    { speaker: 'manager', text: 'Trust me, it is worth it.' },
    { speaker: 'client', text: 'Those are just words.', pressedStage: 'objections', reason: 'evasive_answer' },
  ];
  const feedback = buildSessionFeedback({
    turns, knowledge: buildEnglishKnowledge(), outcome: 'left',
    analysis: analysis({ language: 'en', weakStages: ['objections'], stages: [{ stage: 'objections', score: 3, evidence: [], deductions: [] }] }),
  });
  assert.equal(feedback.language, 'en');
  assert.match(feedback.text, /You said: "Trust me, it is worth it\."/);
  assert.match(feedback.text, /"It is too expensive" → Ask what they compare it with/);
  assert.doesNotMatch(feedback.text, /[а-я]/i);
});
