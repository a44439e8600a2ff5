// The builtin recommendation writer: offline, deterministic, grounded in the company's own calls,
// rules, script and the head of sales' corrections. A phrasing the head of sales rejected is
// removed twice: from the material before writing, and from every sentence after.
import type { RecommendationDraft, RecommendationInput, RecommendationWriter } from '../../domain/recommendation.ts';
import { containsPhrasing } from '../retrieval/knowledge-retrieval.ts';
import { gatherGrounding } from './recommendation-grounding.ts';
import { composeRecommendation } from './recommendation-text.ts';

export const RECOMMENDATION_ENGINE = 'builtin';

/** Drops the sentences that contain any rejected phrasing; paragraphs stay in place. */
export function withoutRejected(text: string, rejected: readonly string[], language: string): string {
  if (rejected.length === 0) return text;
  return text
    .split('\n\n')
    .map((paragraph) => paragraph
      .split(/(?<=[.!?…])\s+/u)
      .filter((sentence) => !rejected.some((p) => containsPhrasing(sentence, p, language)))
      .join(' '))
    .filter((p) => p.trim().length > 0)
    .join('\n\n');
}

export function writeRecommendation(input: RecommendationInput): RecommendationDraft {
  const grounding = gatherGrounding(input);
  const composed = composeRecommendation(grounding);
  return {
    text: withoutRejected(composed.text, grounding.rejected, grounding.language),
    script: withoutRejected(composed.script, grounding.rejected, grounding.language),
    sources: composed.sources,
    basis: composed.basis,
    engine: RECOMMENDATION_ENGINE,
  };
}

export function createBuiltinRecommendationWriter(): RecommendationWriter {
  return {
    name: RECOMMENDATION_ENGINE,
    write: (input: RecommendationInput) => Promise.resolve(writeRecommendation(input)),
  };
}
