// Chooses the recommendation writer from the configuration: MENTOR_ENGINE=llm with MENTOR_LLM_URL
// → the OpenAI-compatible chat writer (falling back to builtin per recommendation); otherwise the
// builtin writer, which always works offline.
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import type { RecommendationWriter } from '../domain/recommendation.ts';
import { createBuiltinRecommendationWriter } from './builtin/recommendation-writer.ts';
import { createLlmRecommendationWriter } from './llm/llm-recommendation-writer.ts';

export type WriterConfig = Pick<Config, 'engine' | 'llm'>;

export function createRecommendationWriter(config: WriterConfig, options: { timeoutMs?: number; onFallback?: (error: AppError) => void } = {}): RecommendationWriter {
  if (config.engine !== 'llm') return createBuiltinRecommendationWriter();
  if (!config.llm.url) {
    throw new AppError('config.llm_url_missing', 'MENTOR_ENGINE=llm needs MENTOR_LLM_URL, the OpenAI-compatible endpoint of the model (example: http://127.0.0.1:8000/v1). Set it, or use MENTOR_ENGINE=builtin.', { status: 500 });
  }
  return createLlmRecommendationWriter({
    url: config.llm.url,
    apiKey: config.llm.apiKey,
    model: config.llm.model ?? 'default',
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onFallback ? { onFallback: options.onFallback } : {}),
  });
}
