// The `llm` call-analysis engine: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama,
// llama.cpp server, LocalAI) through the AI SDK, asked for JSON-schema structured output and
// grounded by the company's knowledge. A model server is the least reliable part of an
// installation, so the engine never leaves a call without an analysis: timeouts, 429, 5xx and
// unusable answers are retried with a bounded backoff, then the fallback engine (builtin) answers
// and the result says so (`engine: 'llm→builtin'` and a warning naming the cause).
import type { AnalysisInput, CallAnalysis, CallAnalysisEngine } from '../../domain/call-analysis.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import { validateTranscript } from '../builtin/validate.ts';
import { knowledgeHash } from '../knowledge-hash.ts';
import { answerToAnalysis } from './llm-answer.ts';
import { buildPrompt, DEFAULT_PROMPT_LIMITS } from './llm-prompt.ts';
import type { PromptLimits } from './llm-prompt.ts';
import { llmAnswerSchema } from './llm-schema.ts';
import { createStructuredCaller } from './llm-structured-call.ts';
import type { LlmEndpointOptions } from './llm-structured-call.ts';

export { classifyLlmError } from './llm-structured-call.ts';
export type { LlmFailure, LlmFailureKind } from './llm-structured-call.ts';

export const LLM_ENGINE_VERSION = '1.0.0';
export const FALLBACK_ENGINE_NAME = 'llm→builtin';

export interface LlmEngineOptions extends LlmEndpointOptions {
  /** a longer transcript is not sent (the model's context would truncate it); the fallback answers */
  maxTranscriptChars?: number;
  promptLimits?: Partial<PromptLimits>;
  fallback: CallAnalysisEngine;
}

export function createLlmEngine(options: LlmEngineOptions): CallAnalysisEngine {
  const maxTranscriptChars = options.maxTranscriptChars ?? 60_000;
  const limits: PromptLimits = { ...DEFAULT_PROMPT_LIMITS, ...options.promptLimits };
  const version = `${LLM_ENGINE_VERSION}+${options.model}`;
  const call = createStructuredCaller(options);

  async function fallBack(input: AnalysisInput, why: string): Promise<CallAnalysis> {
    const analysis = await options.fallback.analyze(input);
    return { ...analysis, engine: FALLBACK_ENGINE_NAME, warnings: [`llm engine (${options.model}) not used: ${why}; analysed by the ${options.fallback.name} engine`, ...analysis.warnings] };
  }

  return {
    name: 'llm',
    version,
    async analyze(raw) {
      const input: AnalysisInput = { ...raw, knowledge: raw.knowledge ?? emptyKnowledge('unknown') };
      // bad input gets the same clear "cannot analyse" as with the builtin engine, and costs no model call
      const language = validateTranscript(input.transcript);
      const chars = input.transcript.turns.reduce((n, t) => n + (typeof t.text === 'string' ? t.text.length : 0), 0);
      if (chars > maxTranscriptChars) return fallBack(input, `the transcript has ${chars} characters, more than the ${maxTranscriptChars} sent to the model`);
      const prompt = buildPrompt(input.knowledge, input.transcript.turns, language, limits);
      const result = await call(
        { ...prompt, schema: llmAnswerSchema, name: 'call_analysis', description: 'Scores of the 5 sales stages and the verdict on the call' },
        (answer) => answerToAnalysis(answer, input.transcript.turns, { engineVersion: version, knowledgeHash: knowledgeHash(input.knowledge), language }),
      );
      if (result.ok) {
        if (result.earlier) result.value.warnings.push(`llm: answered after ${result.attempts} attempts (earlier: ${result.earlier.kind})`);
        return result.value;
      }
      const { failure, attempts } = result;
      return fallBack(input, `${failure.kind} (${failure.message}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    },
  };
}
