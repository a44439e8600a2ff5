// One structured-output request to any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama,
// llama.cpp server, LocalAI) through the AI SDK, with the project's policy for an unreliable model
// server: every attempt has a timeout; timeouts, 429 (honouring Retry-After up to a bound), 5xx,
// unreachable servers and unusable answers (not JSON, not the schema, or refused by the caller's
// validation) are retried with a doubling backoff; a client error is not. The caller decides what
// to do when every attempt failed (the call-analysis engine and the follow-up checker fall back
// to builtin and say so). Shared so that both follow one policy.
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, generateText, JSONParseError, NoObjectGeneratedError, Output, TypeValidationError } from 'ai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { z } from 'zod';

export interface LlmEndpointOptions {
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
}

export type LlmFailureKind = 'timeout' | 'rate_limited' | 'server_error' | 'unreachable' | 'invalid_json' | 'invalid_answer' | 'http_error' | 'unexpected';

export interface LlmFailure {
  kind: LlmFailureKind;
  retryable: boolean;
  message: string;
  /** a server's Retry-After, honoured up to a bound */
  retryAfterMs?: number;
}

/** The answer parsed but cannot be used as is; worth another attempt. */
export class InvalidLlmAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidLlmAnswerError';
  }
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

export interface StructuredRequest<T> {
  system: string;
  user: string;
  schema: z.ZodType<T>;
  /** the schema's name and description, as OpenAI's `json_schema` response format carries them */
  name: string;
  description: string;
}

export type StructuredResult<R> =
  | { ok: true; value: R; attempts: number; /** the failure before the successful attempt, if any */ earlier: LlmFailure | null }
  | { ok: false; failure: LlmFailure; attempts: number };

export type StructuredCaller = <T, R>(request: StructuredRequest<T>, accept: (output: T) => R) => Promise<StructuredResult<R>>;

/**
 * A caller bound to one endpoint and model. `accept` turns the parsed answer into the caller's
 * result and throws InvalidLlmAnswerError for an answer that parsed but cannot be used (retried).
 */
export function createStructuredCaller(options: LlmEndpointOptions): StructuredCaller {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetries = Math.max(0, Math.min(options.maxRetries ?? 2, 5));
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const provider = createOpenAICompatible({
    name: 'mentor-llm',
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    supportsStructuredOutputs: true,
  });
  const model = provider.chatModel(options.model);

  return async function call<T, R>(request: StructuredRequest<T>, accept: (output: T) => R): Promise<StructuredResult<R>> {
    let last: LlmFailure | null = null;
    let made = 0;
    for (let i = 0; i <= maxRetries; i += 1) {
      if (i > 0) await sleep(Math.min(MAX_RETRY_AFTER_MS, Math.max(retryDelayMs * 2 ** (i - 1), last?.retryAfterMs ?? 0)));
      made += 1;
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const result = await generateText({
          model,
          system: request.system,
          prompt: request.user,
          output: Output.object({ schema: request.schema, name: request.name, description: request.description }),
          temperature: 0,
          // retries are ours: the SDK does not retry timeouts or unusable answers, and its backoff is not configurable
          maxRetries: 0,
          abortSignal: signal,
        });
        return { ok: true, value: accept(result.output), attempts: made, earlier: last };
      } catch (error) {
        last = classifyLlmError(error, signal.aborted);
        if (!last.retryable) break;
      }
    }
    return { ok: false, failure: last ?? { kind: 'unexpected', retryable: false, message: 'no attempt was made' }, attempts: made };
  };
}
