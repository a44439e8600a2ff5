// The contract the model answers in: sent as the JSON schema of an OpenAI `response_format:
// { type: 'json_schema' }` request and used to parse the answer. Every field is required and
// nullable where absent, because strict structured output (OpenAI, vLLM guided decoding) refuses
// optional properties. Scores carry no min/max here on purpose: an out-of-range score is clamped by
// the validator instead of costing a retry.
import { z } from 'zod';
import { STAGES } from '../../domain/stages.ts';

export const LOSS_REASONS = ['refusal', 'unhandled_objection', 'no_next_step', 'no_need', 'bad_opening'] as const;

const evidenceSchema = z.object({
  turn: z.number().int().describe('index of the transcript turn, as numbered in the transcript'),
  quote: z.string().describe('the exact words from that turn'),
});

const deductionSchema = z.object({
  points: z.number().describe('points taken off the 0-10 score'),
  reason: z.string().describe('why, in the language of the call'),
  code: z.string().describe('short machine code, e.g. "needs.no_open_questions"'),
  turn: z.number().int().nullable(),
});

const stageSchema = z.object({
  stage: z.enum(STAGES),
  score: z.number().describe('0-10'),
  evidence: z.array(evidenceSchema),
  deductions: z.array(deductionSchema),
  span: z.object({ from: z.number().int(), to: z.number().int() }).nullable().describe('first and last turn of the stage'),
});

export const llmAnswerSchema = z.object({
  stages: z.array(stageSchema).describe('only the stages that occurred, or whose absence is the mistake'),
  outcome: z.enum(['success', 'lost']),
  confidence: z.number().describe('0-1'),
  loss: z.object({
    stage: z.enum(STAGES),
    reason: z.enum(LOSS_REASONS),
    clientWords: z.array(evidenceSchema),
    explanation: z.string(),
  }).nullable().describe('null when the outcome is success'),
  nextStep: z.object({
    text: z.string(),
    turn: z.number().int(),
    when: z.string().nullable(),
  }).nullable().describe('the concrete next step both agreed on, or null'),
});

export type LlmAnswer = z.infer<typeof llmAnswerSchema>;
