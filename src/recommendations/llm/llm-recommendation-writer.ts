// The `llm` recommendation writer: an OpenAI-compatible chat model writes the text, standing on
// the same grounding as the builtin writer. The builtin writer runs first and its sources (the
// retrieved excerpt of a reference/successful call, the objection handling, the expert rules, the
// script, the corrections, the client's words) are handed to the model as numbered material; the
// model must answer JSON citing the numbers it used. The answer is validated with zod, cited
// numbers must exist, and rejected phrasings are cut out; anything wrong → the builtin draft
// (engine "llm→builtin"), so a lost client always gets a grounded recommendation.
import { z } from 'zod';
import type { RecommendationDraft, RecommendationInput, RecommendationSource, RecommendationWriter } from '../../domain/recommendation.ts';
import { STAGE_TITLES } from '../../domain/stages.ts';
import { AppError } from '../../domain/errors.ts';
import { createBuiltinRecommendationWriter, withoutRejected } from '../builtin/recommendation-writer.ts';
import { containsPhrasing, rejectedPhrasings } from '../retrieval/knowledge-retrieval.ts';
import { chatJson, type ChatEndpoint, type ChatMessage } from './chat-completion.ts';

export const LLM_RECOMMENDATION_ENGINE = 'llm';
export const LLM_FALLBACK_ENGINE = 'llm→builtin';

const answerSchema = z.object({
  text: z.string().trim().min(40).max(6000),
  script: z.string().trim().min(10).max(2000),
  sources: z.array(z.number().int().min(1)).max(30),
});

export interface LlmWriterOptions extends ChatEndpoint {
  fallback?: RecommendationWriter;
  /** receives the reason of every fallback (for logs) */
  onFallback?: (error: AppError) => void;
}

/** JSON may come wrapped in a code fence or with words around it. */
export function extractJson(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/u.exec(content)?.[1] ?? content;
  const start = fenced.indexOf('{');
  const end = fenced.lastIndexOf('}');
  if (start < 0 || end <= start) throw new AppError('recommendation.llm_not_json', 'The chat model did not answer a JSON object.', { status: 502, retryable: true });
  try {
    return JSON.parse(fenced.slice(start, end + 1));
  } catch (error) {
    throw new AppError('recommendation.llm_not_json', 'The chat model answered malformed JSON.', { status: 502, retryable: true, cause: error });
  }
}

function sourceLine(s: RecommendationSource, i: number): string {
  return `[${i + 1}] ${s.kind}${s.refId ? ` (${s.refId})` : ''}: ${s.excerpt.replace(/\s+/g, ' ').slice(0, 600)}`;
}

export function buildPrompt(input: RecommendationInput, grounded: RecommendationDraft): ChatMessage[] {
  const ru = (input.knowledge.language || input.transcript.language) !== 'en';
  const loss = input.analysis.loss!;
  const rejected = rejectedPhrasings(input.knowledge);
  const system = [
    ru ? 'Ты помогаешь менеджеру по продажам вернуть потерянного клиента. Пиши по-русски.' : 'You help a sales manager win back a lost client. Write in English.',
    'Write a free-text recommendation (not a template): what happened in the call and why the client left (quote the client\'s own words), how the company\'s own material handles it, and exactly what to say when calling back.',
    ru ? 'Начни со слов: «В этом диалоге клиент ушёл на этапе …». Затем: «Рекомендуется перезвонить и сказать следующее: …».' : 'Start with "In this call the client was lost at the … stage". Then: "Call back and say: …".',
    'Use ONLY the numbered material below and the call; do not invent prices, discounts or offers that are not in it. Cite the numbers you used.',
    rejected.length > 0 ? `The head of sales rejected these phrasings; never use them or anything that means the same: ${rejected.map((r) => `«${r}»`).join('; ')}.` : '',
    'Answer with one JSON object: {"text": "the whole recommendation", "script": "the exact words to say on the call back", "sources": [numbers of the material used]}.',
  ].filter(Boolean).join('\n');
  const call = input.transcript.turns.map((t, i) => `${i}. ${t.speaker === 'manager' ? (ru ? 'Менеджер' : 'Manager') : (ru ? 'Клиент' : 'Client')}: ${t.text}`).join('\n');
  const user = [
    `${ru ? 'Компания' : 'Company'}: ${input.knowledge.name}${input.knowledge.product ? ` — ${input.knowledge.product}` : ''}`,
    `${ru ? 'Этап потери' : 'Lost at'}: ${STAGE_TITLES[ru ? 'ru' : 'en'][loss.stage]} (${loss.reason})`,
    `${ru ? 'Слова клиента' : 'Client\'s words'}: ${loss.clientWords.map((e) => `«${e.text}»`).join(' ')}`,
    input.clientName ? `${ru ? 'Клиент' : 'Client'}: ${input.clientName}` : '',
    input.managerName ? `${ru ? 'Менеджер' : 'Manager'}: ${input.managerName}` : '',
    `${ru ? 'Звонок' : 'Call'}:\n${call}`,
    `${ru ? 'Материал' : 'Material'}:\n${grounded.sources.map(sourceLine).join('\n') || '—'}`,
    `${ru ? 'На чём основано' : 'Basis'}: ${grounded.basis}`,
  ].filter(Boolean).join('\n\n');
  return [{ role: 'system', content: system }, { role: 'user', content: user }];
}

/** Turns the model's answer into a draft, or throws why it cannot be used. */
export function draftFromAnswer(content: string, input: RecommendationInput, grounded: RecommendationDraft): RecommendationDraft {
  const parsed = answerSchema.safeParse(extractJson(content));
  if (!parsed.success) throw new AppError('recommendation.llm_bad_shape', `The chat model's JSON does not match {text, script, sources}: ${parsed.error.issues.map((i) => i.path.join('.') || 'answer').join(', ')}.`, { status: 502, retryable: true });
  const { text, script, sources } = parsed.data;
  const cited = [...new Set(sources)].map((n) => grounded.sources[n - 1]);
  if (cited.some((s) => s === undefined)) throw new AppError('recommendation.llm_bad_citation', 'The chat model cited material that does not exist.', { status: 502, retryable: true });
  if (grounded.sources.length > 0 && cited.length === 0) throw new AppError('recommendation.llm_no_citation', 'The chat model cited none of the material.', { status: 502, retryable: true });
  const language = input.knowledge.language || input.transcript.language;
  const rejected = rejectedPhrasings(input.knowledge);
  if (rejected.some((r) => containsPhrasing(script, r, language))) throw new AppError('recommendation.llm_rejected_phrasing', 'The chat model proposed a phrasing the head of sales rejected.', { status: 502, retryable: true });
  const cleanText = withoutRejected(text, rejected, language);
  const withScript = cleanText.includes(script.slice(0, 40)) ? cleanText : `${cleanText}\n\n${language === 'en' ? 'Call back and say' : 'Рекомендуется перезвонить и сказать следующее'}: «${script}»`;
  // the client's own words always stay among the sources: the card links them to the lost call
  const clientContext = grounded.sources.filter((s) => s.kind === 'client_context');
  const used = [...clientContext, ...cited.filter((s): s is RecommendationSource => s !== undefined && s.kind !== 'client_context')];
  return { text: withScript, script, sources: used, basis: grounded.basis, engine: LLM_RECOMMENDATION_ENGINE };
}

export function createLlmRecommendationWriter(options: LlmWriterOptions): RecommendationWriter {
  const fallback = options.fallback ?? createBuiltinRecommendationWriter();
  return {
    name: LLM_RECOMMENDATION_ENGINE,
    async write(input) {
      const grounded = await fallback.write(input);
      try {
        const content = await chatJson(options, buildPrompt(input, grounded));
        return draftFromAnswer(content, input, grounded);
      } catch (error) {
        const reason = error instanceof AppError ? error : new AppError('recommendation.llm_failed', `The LLM writer failed: ${(error as Error)?.message ?? String(error)}`, { status: 502, retryable: true, cause: error });
        options.onFallback?.(reason);
        return { ...grounded, engine: LLM_FALLBACK_ENGINE };
      }
    },
  };
}
