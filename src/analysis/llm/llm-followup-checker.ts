// The `llm` follow-up checker: an OpenAI-compatible chat model judges, point by point, whether the
// manager's follow-up call carried out the recommendation's meaning, quoting the manager's turns.
// The points are the builtin splitter's, the verdict rule is the builtin checker's, and the
// model's quotes are verified against the transcript (llm-followup-answer.ts). Timeouts, 429, 5xx
// and unusable answers are retried (llm-structured-call.ts); when every attempt failed, the
// builtin checker answers and the verdict says so (`engine: 'llm→builtin'` and a warning naming
// the cause), so a follow-up call is never left unchecked because a model server is down.
import type { FollowUpChecker, FollowUpInput, FollowUpVerdict } from '../../domain/follow-up.ts';
import { languageOf } from '../followup/followup-checker.ts';
import { splitRecommendation } from '../followup/recommendation-points.ts';
import { answerToVerdict, LLM_FOLLOW_UP_ENGINE } from './llm-followup-answer.ts';
import { buildFollowUpPrompt } from './llm-followup-prompt.ts';
import { llmFollowUpAnswerSchema } from './llm-followup-schema.ts';
import { createStructuredCaller } from './llm-structured-call.ts';
import type { LlmEndpointOptions } from './llm-structured-call.ts';

export const LLM_FOLLOW_UP_FALLBACK_ENGINE = 'llm→builtin';

export interface LlmFollowUpCheckerOptions extends LlmEndpointOptions {
  /** a longer follow-up transcript is not sent (the model's context would truncate it); the fallback answers */
  maxTranscriptChars?: number;
  fallback: FollowUpChecker;
}

export function createLlmFollowUpChecker(options: LlmFollowUpCheckerOptions): FollowUpChecker {
  const call = createStructuredCaller(options);
  const maxTranscriptChars = options.maxTranscriptChars ?? 60_000;

  async function fallBack(input: FollowUpInput, why: string): Promise<FollowUpVerdict> {
    const verdict = await options.fallback.check(input);
    const warning = `llm follow-up checker (${options.model}) not used: ${why}; checked by the ${options.fallback.name} checker`;
    return { ...verdict, engine: LLM_FOLLOW_UP_FALLBACK_ENGINE, warnings: [warning, ...(verdict.warnings ?? [])] };
  }

  return {
    name: LLM_FOLLOW_UP_ENGINE,
    async check(input) {
      const language = languageOf(input.recommendation, input.knowledge.language || input.transcript.language) === 'en' ? 'en' : 'ru';
      const turns = input.transcript.turns;
      // the follow-up call is itself the call back: that point is not the model's to judge
      const points = splitRecommendation(input.recommendation, language).filter((p) => p.kind !== 'callback');
      if (points.length === 0) return fallBack(input, 'the recommendation has no point to check');
      if (!turns.some((t) => t.speaker === 'manager')) return fallBack(input, 'the call has no manager turns');
      const chars = turns.reduce((n, t) => n + t.text.length, 0);
      if (chars > maxTranscriptChars) return fallBack(input, `the call has ${chars} characters, more than the ${maxTranscriptChars} sent to the model`);
      const prompt = buildFollowUpPrompt(input.recommendation, points, turns, language);
      const result = await call(
        { ...prompt, schema: llmFollowUpAnswerSchema, name: 'follow_up_check', description: 'Whether each point of the recommendation was carried out, with the manager turns that show it' },
        (answer) => answerToVerdict(answer, points, turns, language),
      );
      if (result.ok) {
        if (result.earlier) result.value.warnings?.push(`llm: answered after ${result.attempts} attempts (earlier: ${result.earlier.kind})`);
        return result.value;
      }
      const { failure, attempts } = result;
      return fallBack(input, `${failure.kind} (${failure.message}) after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    },
  };
}
