// Chooses the follow-up checker from the same configuration as the call-analysis engine:
// MENTOR_ENGINE=llm (with MENTOR_LLM_URL) → the chat model checks each point, falling back to the
// builtin checker per call when the model server fails; otherwise the builtin checker, which
// always works offline.
import type { FollowUpChecker } from '../domain/follow-up.ts';
import { llmEndpointOf, type AnalysisEngineConfig } from './engine-registry.ts';
import { createBuiltinFollowUpChecker } from './followup/followup-checker.ts';
import { createLlmFollowUpChecker } from './llm/llm-followup-checker.ts';

export function createFollowUpChecker(config: AnalysisEngineConfig): FollowUpChecker {
  const builtin = createBuiltinFollowUpChecker();
  if ((config.engine ?? 'builtin') !== 'llm') return builtin;
  return createLlmFollowUpChecker({ ...llmEndpointOf(config), fallback: builtin });
}
