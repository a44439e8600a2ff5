// Chooses the call-analysis engine from the configuration (MENTOR_ENGINE). A slug maps to a
// factory; an engine whose configuration is missing is refused at start-up with the variable to
// set, instead of failing on the first call.
import type { Config } from '../config.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { AppError } from '../domain/errors.ts';
import { createBuiltinEngine } from './builtin/builtin-engine.ts';
import { createLlmEngine } from './llm/llm-engine.ts';

export type AnalysisEngineConfig = Pick<Config, 'engine' | 'llm'>;
export type AnalysisEngineFactory = (config: AnalysisEngineConfig) => CallAnalysisEngine;

/** Model used when MENTOR_LLM_MODEL is unset: servers that serve one model (llama.cpp, vLLM) ignore the name. */
export const DEFAULT_LLM_MODEL = 'default';

/** The model endpoint of MENTOR_ENGINE=llm; without MENTOR_LLM_URL it is refused with the variable to set. */
export function llmEndpointOf(config: AnalysisEngineConfig): { baseUrl: string; apiKey: string | undefined; model: string } {
  if (!config.llm.url) {
    throw new AppError('config.llm_url_missing', 'MENTOR_ENGINE=llm needs MENTOR_LLM_URL, the OpenAI-compatible endpoint of the model (example: http://127.0.0.1:8000/v1). Set it, or use MENTOR_ENGINE=builtin.', { status: 500 });
  }
  return { baseUrl: config.llm.url, apiKey: config.llm.apiKey, model: config.llm.model ?? DEFAULT_LLM_MODEL };
}

/**
 * The LLM engine talks to MENTOR_LLM_URL and falls back to the builtin engine when the model
 * server fails, so a deployment never loses an analysis to an outage.
 */
function llmEngineFactory(config: AnalysisEngineConfig): CallAnalysisEngine {
  return createLlmEngine({ ...llmEndpointOf(config), fallback: createBuiltinEngine() });
}

export const ANALYSIS_ENGINES: Record<AnalysisEngineConfig['engine'], AnalysisEngineFactory> = {
  builtin: () => createBuiltinEngine(),
  llm: llmEngineFactory,
};

export function createAnalysisEngine(config: AnalysisEngineConfig, engines: Partial<Record<AnalysisEngineConfig['engine'], AnalysisEngineFactory>> = ANALYSIS_ENGINES): CallAnalysisEngine {
  const slug = config.engine ?? 'builtin';
  const factory = engines[slug];
  if (!factory) throw new AppError('config.unknown_engine', `Unknown analysis engine "${String(slug)}". Set MENTOR_ENGINE to builtin or llm.`, { status: 500 });
  return factory(config);
}
