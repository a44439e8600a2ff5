// The prompt stays bounded whatever the company has accumulated, and retrieval puts the knowledge
// closest to this call in it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompanyKnowledge, Correction, ReferenceCall } from '../../domain/knowledge.ts';
import type { Turn } from '../../domain/transcript.ts';
import { buildPrompt } from './llm-prompt.ts';

const turns: Turn[] = [
  { speaker: 'manager', text: 'Добрый день, салон Кухни Мира, меня зовут Олег.' },
  { speaker: 'client', text: 'Хочу кухню с островом, но фасады из массива дорогие.' },
  { speaker: 'manager', text: 'Можно фасады из МДФ под дерево, дизайнер приедет на замер в субботу.' },
];

function knowledgeWith(corrections: Correction[], referenceCalls: ReferenceCall[]): CompanyKnowledge {
  return { companyId: 'k', name: 'Кухни Мира', language: 'ru', script: {}, objections: [], expertRules: [], referenceCalls, corrections };
}

const filler = (i: number): Correction => ({ id: `f${i}`, kind: 'stage_score', stage: 'greeting', score: 7, comment: `Приветствие было нормальным, звонок номер ${i} про страховку автомобиля` });
const longCall = (i: number): ReferenceCall => ({ id: `r${i}`, turns: Array.from({ length: 200 }, (_, j) => ({ speaker: j % 2 ? 'client' : 'manager', text: `Реплика ${j} эталонного звонка ${i} о ремонте обуви и набойках` } as Turn)) });

test('hundreds of corrections and long reference calls still give a bounded prompt', () => {
  const small = buildPrompt(knowledgeWith([filler(0)], [longCall(0)]), turns, 'ru');
  const large = buildPrompt(knowledgeWith(Array.from({ length: 500 }, (_, i) => filler(i)), Array.from({ length: 50 }, (_, i) => longCall(i))), turns, 'ru');
  assert.ok(large.user.length < 12_000, `prompt has ${large.user.length} characters`);
  assert.ok(large.user.length < small.user.length * 4);
});

test('the correction and the reference excerpt that concern this call are retrieved among many', () => {
  const relevant: Correction = { id: 'rel', kind: 'deduction', stage: 'objections', target: 'скидка на массив', comment: 'Фасады из массива не уценяем, предлагаем МДФ под дерево' };
  const goldenKitchen: ReferenceCall = { id: 'gold', turns: [
    { speaker: 'client', text: 'Фасады из массива дорогие для кухни с островом.' },
    { speaker: 'manager', text: 'Покажу МДФ под дерево в шоуруме, дизайнер Анна приедет на замер кухни.' },
  ] };
  const prompt = buildPrompt(knowledgeWith([...Array.from({ length: 40 }, (_, i) => filler(i)), relevant], [longCall(1), goldenKitchen, longCall(2)]), turns, 'ru', {
    referenceExcerpts: 1, excerptTurns: 6, corrections: 3, expertRules: 10, objections: 10, itemChars: 300,
  });
  assert.ok(prompt.user.includes('Фасады из массива не уценяем'));
  assert.ok(prompt.user.includes('дизайнер Анна приедет на замер кухни'));
  assert.ok(!prompt.user.includes('ремонте обуви'));
});
