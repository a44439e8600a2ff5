// The `llm` call-analysis engine: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama,
// llama.cpp server, LocalAI) through the AI SDK, asked for JSON-schema structured output and
// grounded by the company's knowledge. A model server is the least reliable part of an
// installation, so the engine never leaves a call without an analysis: timeouts, 429, 5xx and
// unusable answers are retried with a bounded backoff, then the fallback engine (builtin) answers
// and the result says so (`engine: 'llm→builtin'` and a warning naming the cause).
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, JSONParseError, NoObjectGeneratedError, Output, TypeValidationError } from 'ai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AnalysisInput, CallAnalysis, CallAnalysisEngine } from '../../domain/call-analysis.ts';
import { emptyKnowledge } from '../../domain/knowledge.ts';
import { validateTranscript } from '../builtin/validate.ts';
import { knowledgeHash } from '../knowledge-hash.ts';
import { answerToAnalysis, InvalidLlmAnswerError } from './llm-answer.ts';
import { buildPrompt, DEFAULT_PROMPT_LIMITS } from './llm-prompt.ts';
import type { LlmPrompt, PromptLimits } from './llm-prompt.ts';
import { llmAnswerSchema } from './llm-schema.ts';

export const LLM_ENGINE_VERSION = '1.0.0';
export const FALLBACK_ENGINE_NAME = 'llm→builtin';

export interface LlmEngineOptions {
  /** the OpenAI-compatible base URL, including `/v1` (example: http://127.0.0.1:8000/v1) */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  /** per attempt; a local model on a CPU is slow, a hung server must still not hold the worker */
  timeoutMs?: number;
  /** attempts after the first one */
  maxRetries?: number;
  /** first backoff delay; doubles per attempt */
  retryDelayMs?: number;
  /** a longer transcript is not sent (the model's context would truncate it); the fallback answers */
  maxTranscriptChars?: number;
  promptLimits?: Partial<PromptLimits>;
  fallback: CallAnalysisEngine;
}

export type LlmFailureKind = 'timeout' | 'rate_limited' | 'server_error' | 'unreachable' | 'invalid_json' | 'invalid_answer' | 'http_error' | 'unexpected';

export interface LlmFailure {
  kind: LlmFailureKind;
  retryable: boolean;
  message: string;
  /** a server's Retry-After, honoured up to a bound */
  retryAfterMs?: number;
}

const MAX_RETRY_AFTER_MS = 30_000;

function retryAfter(headers: Record<string, string> | undefined): number | undefined {
  const ms = Number(headers?.['retry-after-ms']);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number(headers?.['retry-after']);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** What went wrong with one attempt, and whether another attempt can help. */
export function classifyLlmError(error: unknown, timedOut: boolean): LlmFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (timedOut) return { kind: 'timeout', retryable: true, message: 'no answer within the timeout' };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const after = retryAfter(error.responseHeaders);
    if (status === 429) return { kind: 'rate_limited', retryable: true, message: 'HTTP 429', ...(after !== undefined ? { retryAfterMs: after } : {}) };
    if (status === 408) return { kind: 'timeout', retryable: true, message: 'HTTP 408' };
    if (status !== undefined && status >= 500) return { kind: 'server_error', retryable: true, message: `HTTP ${status}` };
    // a 2xx whose body is not a chat completion: the server or a proxy answered garbage
    if (status !== undefined && status < 300) return { kind: 'invalid_json', retryable: true, message };
    if (status === undefined) return { kind: 'unreachable', retryable: true, message };
    return { kind: 'http_error', retryable: false, message: `HTTP ${status}: ${message}` };
  }
  if (NoObjectGeneratedError.isInstance(error) || JSONParseError.isInstance(error) || TypeValidationError.isInstance(error)) {
    return { kind: 'invalid_json', retryable: true, message: 'the answer is not JSON matching the schema' };
  }
  if (error instanceof InvalidLlmAnswerError) return { kind: 'invalid_answer', retryable: true, message };
  return { kind: 'unexpected', retryable: false, message };
}

class LlmAttemptError extends Error {
  readonly failure: LlmFailure;
  constructor(failure: LlmFailure) {
    super(`llm attempt failed: ${failure.kind}`);
    this.name = 'LlmAttemptError';
    this.failure = failure;
  }
}

export function createLlmEngine(options: LlmEngineOptions): CallAnalysisEngine {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = Math.max(0, Math.min(options.maxRetries ?? 2, 5));
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxTranscriptChars = options.maxTranscriptChars ?? 60_000;
  const limits: PromptLimits = { ...DEFAULT_PROMPT_LIMITS, ...options.promptLimits };
  const version = `${LLM_ENGINE_VERSION}+${options.model}`;
  const provider = createOpenAICompatible({
    name: 'mentor-llm',
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    supportsStructuredOutputs: true,
  });
  const model = provider.chatModel(options.model);

  async function attempt(prompt: LlmPrompt, input: AnalysisInput, language: 'ru' | 'en'): Promise<CallAnalysis> {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const result = await generateText({
        model,
        system: prompt.system,
        prompt: prompt.user,
        output: Output.object({ schema: llmAnswerSchema, name: 'call_analysis', description: 'Scores of the 5 sales stages and the verdict on the call' }),
        temperature: 0,
        // retries are ours: the SDK does not retry timeouts or unusable answers, and its backoff is not configurable
        maxRetries: 0,
        abortSignal: signal,
      });
      return answerToAnalysis(result.output, input.transcript.turns, { engineVersion: version, knowledgeHash: knowledgeHash(input.knowledge), language });
    } catch (error) {
      throw new LlmAttemptError(classifyLlmError(error, signal.aborted));
    }
  }

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
      let last: LlmFailure | null = null;
      let made = 0;
      for (let i = 0; i <= maxRetries; i += 1) {
        if (i > 0) await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(retryDelayMs * 2 ** (i - 1), last?.retryAfterMs ?? 0)));
        made += 1;
        try {
          const analysis = await attempt(prompt, input, language);
          if (i > 0 && last) analysis.warnings.push(`llm: answered after ${i + 1} attempts (earlier: ${last.kind})`);
          return analysis;
        } catch (error) {
          last = error instanceof LlmAttemptError ? error.failure : classifyLlmError(error, false);
          if (!last.retryable) break;
        }
      }
      const failure = last ?? { kind: 'unexpected', retryable: false, message: 'no attempt was made' };
      return fallBack(input, `${failure.kind} (${failure.message}) after ${made} attempt${made === 1 ? '' : 's'}`);
    },
  };
}
