// Chooses the call-analysis engine from the configuration (MENTOR_ENGINE). A slug maps to a
// factory; an engine whose configuration is missing is refused at start-up with the variable to
// set, instead of failing on the first call.
import type { Config } from '../config.ts';
import type { CallAnalysisEngine } from '../domain/call-analysis.ts';
import { AppError } from '../domain/errors.ts';
import { createBuiltinEngine } from './builtin/builtin-engine.ts';

export type AnalysisEngineConfig = Pick<Config, 'engine' | 'llm'>;
export type AnalysisEngineFactory = (config: AnalysisEngineConfig) => CallAnalysisEngine;

/**
 * The LLM engine is not part of this build yet: its slot checks the configuration it will need so
 * that a deployment set up for it today gets a precise message. The LLM engine replaces this
 * factory when it lands (see `ANALYSIS_ENGINES`).
 */
function llmEngineSlot(config: AnalysisEngineConfig): CallAnalysisEngine {
  if (!config.llm.url) {
    throw new AppError('config.llm_url_missing', 'MENTOR_ENGINE=llm needs MENTOR_LLM_URL, the OpenAI-compatible endpoint of the model (example: http://127.0.0.1:8000/v1). Set it, or use MENTOR_ENGINE=builtin.', { status: 500 });
  }
  throw new AppError('config.llm_engine_unavailable', 'The LLM analysis engine is not available in this version of Mentor yet. Use MENTOR_ENGINE=builtin.', { status: 500 });
}

export const ANALYSIS_ENGINES: Record<AnalysisEngineConfig['engine'], AnalysisEngineFactory> = {
  builtin: () => createBuiltinEngine(),
  llm: llmEngineSlot,
};

export function createAnalysisEngine(config: AnalysisEngineConfig, engines: Partial<Record<AnalysisEngineConfig['engine'], AnalysisEngineFactory>> = ANALYSIS_ENGINES): CallAnalysisEngine {
  const slug = config.engine ?? 'builtin';
  const factory = engines[slug];
  if (!factory) throw new AppError('config.unknown_engine', `Unknown analysis engine "${String(slug)}". Set MENTOR_ENGINE to builtin or llm.`, { status: 500 });
  return factory(config);
}
