// The `llm` AI client: any OpenAI-compatible `/v1/chat/completions` server plays the client from a
// persona prompt. A builtin client shadows the dialogue on every turn, so when the server fails,
// times out or answers garbage, that turn is answered by the builtin policy (marked `fallback`) and
// the session goes on instead of going silent in the manager's ear.
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import type { Stage } from '../../domain/stages.ts';
import { AppError } from '../../domain/errors.ts';
import { createBuiltinClient } from '../builtin/builtin-client.ts';
import { say, seededRandom } from '../builtin/phrases.ts';
import type { Persona } from '../personas/persona.ts';
import type { Scenario } from '../scenarios.ts';
import type { ClientTurn, TrainerClient, TrainerLanguage } from '../trainer-types.ts';
import { trainerLanguage } from '../trainer-types.ts';
import { buildPersonaPrompt, parseClientReply } from './persona-prompt.ts';

export interface LlmChatConfig {
  /** e.g. `http://localhost:8000/v1` or `https://api.openai.com/v1` (`/v1` is added when missing) */
  baseUrl: string;
  /** secret: sent as a bearer token, never put into errors or logs */
  apiKey?: string;
  model: string;
  /** a voice dialogue cannot wait long: after this the builtin client answers the turn */
  timeoutMs?: number;
  temperature?: number;
  maxTokens?: number;
  /** ask for `response_format: json_object` (vLLM, llama.cpp, Ollama and OpenAI support it) */
  jsonMode?: boolean;
}

export interface LlmClientOptions {
  chat: LlmChatConfig;
  scenario: Scenario;
  persona: Persona;
  knowledge: CompanyKnowledge;
  weakStages: readonly Stage[];
  language?: TrainerLanguage | string;
  seed?: number;
}

interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

export interface LlmClientState {
  messages: readonly ChatMessage[];
  fallbackTurns: number;
  /** the last failure's code, for logs and the session record */
  lastError?: string;
  outcome?: 'agreed' | 'left';
}

const DEFAULT_TIMEOUT_MS = 6000;

function apiRoot(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(trimmed) ? trimmed : `${trimmed}/v1`;
}

/** One chat completion; throws an AppError with a stable code on any failure. */
export async function chatCompletion(config: LlmChatConfig, messages: readonly ChatMessage[], seed?: number): Promise<string> {
  const root = apiRoot(config.baseUrl);
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const body = {
    model: config.model,
    messages,
    temperature: config.temperature ?? 0.7,
    max_tokens: config.maxTokens ?? 200,
    ...(seed === undefined ? {} : { seed }),
    ...(config.jsonMode ? { response_format: { type: 'json_object' } } : {}),
  };
  let response: Response;
  try {
    response = await fetch(`${root}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new AppError(timedOut ? 'trainer.llm_timeout' : 'trainer.llm_unreachable',
      timedOut ? `The chat server at ${root} did not answer within ${timeoutMs} ms.` : `The chat server at ${root} is unreachable; check MENTOR_LLM_BASE_URL.`,
      { status: timedOut ? 504 : 503, retryable: true, cause: error });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) {
    throw new AppError('trainer.llm_http_error', `The chat server at ${root} answered HTTP ${response.status}.`, {
      status: 502, retryable: response.status >= 500 || response.status === 429, details: { httpStatus: response.status },
    });
  }
  try {
    const json = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> };
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('no choices[0].message.content');
    return content;
  } catch (error) {
    throw new AppError('trainer.llm_bad_response', `The chat server at ${root} answered something that is not a chat completion.`, { status: 502, retryable: true, cause: error });
  }
}

export function createLlmClient(options: LlmClientOptions): TrainerClient & { state(): LlmClientState } {
  const language = trainerLanguage(options.language ?? options.scenario.language ?? options.knowledge.language);
  const shadow = createBuiltinClient({ ...options, language });
  const names = [options.persona.name.ru, options.persona.name.en];
  const messages: ChatMessage[] = [{ role: 'system', content: buildPersonaPrompt({ ...options, language }) }];
  const state: { fallbackTurns: number; lastError?: string; outcome?: 'agreed' | 'left'; done: boolean } = { fallbackTurns: 0, done: false };

  const record = (turn: ClientTurn): ClientTurn => {
    messages.push({ role: 'assistant', content: turn.text });
    if (turn.done) {
      state.done = true;
      if (turn.outcome) state.outcome = turn.outcome;
    }
    return turn;
  };

  return {
    engine: 'llm',
    // Picking up the phone is formulaic; answering it without a round trip keeps the start instant.
    opening(): Promise<ClientTurn> {
      return Promise.resolve(record(shadow.opening()));
    },
    async respond(managerText: string): Promise<ClientTurn> {
      if (state.done) return { text: '', done: true, ...(state.outcome ? { outcome: state.outcome } : {}), reason: 'already_ended' };
      messages.push({ role: 'user', content: managerText });
      // The builtin policy judges the same words: its verdict annotates the turn (pressed stage)
      // and is ready as the answer if the server fails.
      const policy = shadow.respond(managerText);
      try {
        const content = await chatCompletion(options.chat, messages, options.seed);
        const parsed = parseClientReply(content, names);
        if (!parsed) throw new AppError('trainer.llm_bad_reply', 'The chat model answered nothing usable in character.', { status: 502, retryable: true });
        const done = parsed.status !== 'continue';
        const turn: ClientTurn = { text: parsed.text, done, reason: parsed.stripped ? 'llm_reply_cleaned' : 'llm_reply' };
        if (done) turn.outcome = parsed.status as 'agreed' | 'left';
        if (policy.pressedStage) turn.pressedStage = policy.pressedStage;
        return record(turn);
      } catch (error) {
        state.fallbackTurns += 1;
        state.lastError = error instanceof AppError ? error.code : 'trainer.llm_failed';
        if (policy.reason === 'already_ended') {
          // The policy had already ended its own dialogue while the model went on: say goodbye in character.
          const text = say('leave', { language, style: options.persona.temperament.style, verbosity: 1, random: seededRandom(options.seed ?? 1) });
          return record({ text, done: true, outcome: 'left', reason: 'patience_exhausted', fallback: true });
        }
        return record({ ...policy, fallback: true });
      }
    },
    state(): LlmClientState {
      return {
        messages: [...messages], fallbackTurns: state.fallbackTurns,
        ...(state.lastError ? { lastError: state.lastError } : {}), ...(state.outcome ? { outcome: state.outcome } : {}),
      };
    },
  };
}
