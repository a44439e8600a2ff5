// Gathers everything a win-back recommendation stands on for one lost call: the client's own
// words and context, the most similar moment of the company's reference and successful calls,
// the objection handling, the expert rules and script for the stage, and the head of sales'
// corrections. Material that contains a rejected phrasing is dropped here, before any text exists.
import type { RecommendationInput } from '../../domain/recommendation.ts';
import type { Correction, ExpertRule, Objection } from '../../domain/knowledge.ts';
import type { Stage } from '../../domain/stages.ts';
import type { LossReason } from '../../domain/call-analysis.ts';
import { AppError } from '../../domain/errors.ts';
import { retrieveExcerpts, type CallForRetrieval, type RetrievedExcerpt } from '../retrieval/excerpt-retrieval.ts';
import { containsPhrasing, matchObjection, recommendationCorrections, rejectedPhrasings, rulesFor } from '../retrieval/knowledge-retrieval.ts';
import { clientContext, type ClientContext } from './client-context.ts';

export interface Grounding {
  language: 'ru' | 'en';
  stage: Stage;
  reason: LossReason;
  explanation: string;
  client: ClientContext;
  clientName: string | null;
  managerName: string | null;
  companyName: string;
  excerpt: RetrievedExcerpt | null;
  /** how many reference/successful calls retrieval could look at */
  callsSearched: number;
  objection: Objection | null;
  rules: ExpertRule[];
  /** the company's script for the loss stage and for closing */
  stageScript: string | null;
  closingScript: string | null;
  corrections: Correction[];
  rejected: string[];
  /** a number that varies the wording between calls, stable for one call */
  seed: number;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function gatherGrounding(input: RecommendationInput): Grounding {
  const { analysis, knowledge, transcript } = input;
  if (!analysis.loss || analysis.outcome !== 'lost') {
    throw new AppError('not_lost', 'A win-back recommendation is written only for a lost call; this call was not lost.', { status: 422 });
  }
  const language: 'ru' | 'en' = (knowledge.language || transcript.language) === 'en' ? 'en' : 'ru';
  const client = clientContext(transcript, analysis);
  const words = client.lossWords.map((e) => e.text);
  const rejected = rejectedPhrasings(knowledge);
  const clean = (text: string): boolean => !rejected.some((p) => containsPhrasing(text, p, language));

  const calls: CallForRetrieval[] = [
    ...knowledge.referenceCalls.map((c) => ({ callId: c.id, kind: 'reference_call' as const, turns: c.turns })),
    ...input.successfulCalls.map((c) => ({ callId: c.callId, kind: 'successful_call' as const, turns: c.transcript.turns })),
  ];
  const excerpt = retrieveExcerpts({ clientWords: words, language }, calls, { limit: 1, exclude: (t) => !clean(t) })[0] ?? null;

  // the loss words first; the need the client stated earlier often names the same objection more plainly
  const matched = matchObjection(words, knowledge.objections, language)
    ?? (client.need ? matchObjection([...words, client.need.text], knowledge.objections, language) : null);
  const objection = matched && clean(matched.objection.handling) ? matched.objection : null;
  const stageScript = knowledge.script[analysis.loss.stage] ?? null;
  const closingScript = knowledge.script.closing ?? null;

  return {
    language,
    stage: analysis.loss.stage,
    reason: analysis.loss.reason,
    explanation: analysis.loss.explanation,
    client,
    clientName: input.clientName ?? null,
    managerName: input.managerName ?? null,
    companyName: knowledge.name,
    excerpt,
    callsSearched: calls.length,
    objection,
    rules: rulesFor(analysis.loss.stage, knowledge.expertRules).filter((r) => clean(r.text)).slice(0, 2),
    stageScript: stageScript && clean(stageScript) ? stageScript : null,
    closingScript: closingScript && clean(closingScript) ? closingScript : null,
    corrections: recommendationCorrections(knowledge, words, language).slice(0, 2),
    rejected,
    seed: hash(transcript.turns.map((t) => t.text).join('\n')),
  };
}
