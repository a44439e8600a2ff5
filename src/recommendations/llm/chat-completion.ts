// One call to an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, Ollama, llama.cpp
// server, LocalAI) with plain fetch, asking for a JSON object. Every failure is an AppError with
// a stable code, so the writer can fall back and the log says what happened.
import { AppError } from '../../domain/errors.ts';

export interface ChatEndpoint {
  /** base URL, with or without the trailing /v1 */
  url: string;
  apiKey?: string | undefined;
  model: string;
  timeoutMs?: number;
  maxTokens?: number;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export const DEFAULT_CHAT_TIMEOUT_MS = 20_000;

function apiRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

export async function chatJson(endpoint: ChatEndpoint, messages: readonly ChatMessage[]): Promise<string> {
  const root = apiRoot(endpoint.url);
  const timeoutMs = endpoint.timeoutMs ?? DEFAULT_CHAT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(`${root}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
      body: JSON.stringify({ model: endpoint.model, messages, temperature: 0.3, max_tokens: endpoint.maxTokens ?? 1200, response_format: { type: 'json_object' } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new AppError(timedOut ? 'recommendation.llm_timeout' : 'recommendation.llm_unreachable',
      timedOut ? `The chat server at ${root} did not answer within ${timeoutMs} ms.` : `The chat server at ${root} is unreachable; check MENTOR_LLM_URL.`,
      { status: timedOut ? 504 : 503, retryable: true, cause: error });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new AppError('recommendation.llm_http_error', `The chat server at ${root} answered HTTP ${response.status}.`, { status: 502, retryable: response.status >= 500 || response.status === 429 });
  }
  try {
    const content = (JSON.parse(text) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('no choices[0].message.content');
    return content;
  } catch (error) {
    throw new AppError('recommendation.llm_bad_response', `The chat server at ${root} answered something that is not a chat completion.`, { status: 502, retryable: true, cause: error });
  }
}
