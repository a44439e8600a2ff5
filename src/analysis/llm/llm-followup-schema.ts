// The contract the model answers a follow-up check in: one entry per numbered point of the
// recommendation, done or not, with the manager's words that show it, and whether the client
// agreed. Every field is required (strict structured output refuses optional properties); the
// validator (llm-followup-answer.ts) checks the numbers and the quotes against the transcript.
import { z } from 'zod';

const evidenceSchema = z.object({
  turn: z.number().int().describe('the number of the manager turn, as shown in square brackets'),
  quote: z.string().describe('exact words of that turn, not a paraphrase'),
});

export const llmFollowUpAnswerSchema = z.object({
  points: z.array(z.object({
    point: z.number().int().describe('the number of the point, as shown in parentheses'),
    done: z.boolean(),
    evidence: z.array(evidenceSchema).describe('manager turns that carry the point out; empty when not done'),
    reason: z.string().describe('one short sentence: what the manager did, or what is missing'),
  })),
  clientAgreed: z.boolean().describe('the client agreed to the next step or to pay in this call'),
  confidence: z.number().describe('0..1'),
});

export type LlmFollowUpAnswer = z.infer<typeof llmFollowUpAnswerSchema>;
