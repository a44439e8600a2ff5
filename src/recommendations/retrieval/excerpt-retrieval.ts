// Finds, in the company's reference and successful calls, the moments most like the lost
// client's situation — the same objection or stall in other words — and returns the client's
// line with the manager's answer to it, so a recommendation can quote how the company's best
// calls handled it. Pure: works over the calls it is given.
import type { Turn } from '../../domain/transcript.ts';
import type { Evidence } from '../../domain/call-analysis.ts';
import { normalizeText } from '../../analysis/language/text.ts';
import { stemBag } from '../../analysis/language/stem.ts';
import { cosine } from '../../analysis/language/similarity.ts';
import { conceptIds } from '../../analysis/followup/concepts.ts';
import { situationsOf } from './situation-lexicon.ts';

export type ExcerptSourceKind = 'reference_call' | 'successful_call';

export interface CallForRetrieval {
  callId: string;
  kind: ExcerptSourceKind;
  turns: Turn[];
}

export interface RetrievedExcerpt {
  callId: string;
  kind: ExcerptSourceKind;
  /** the client's line in that call that resembles the lost client's words */
  client: Evidence;
  /** the manager's answer right after it */
  manager: Evidence[];
  /** 0..1, how alike the two situations are */
  score: number;
  /** the situations both clients share ("expensive", "think_over") */
  shared: string[];
}

export interface SituationProfile {
  situations: Set<string>;
  concepts: Set<string>;
  stems: Map<string, number>;
}

function profile(text: string, language: string): SituationProfile {
  const n = normalizeText(text);
  return { situations: situationsOf(n), concepts: conceptIds(text), stems: stemBag(n, language) };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / Math.min(a.size, b.size);
}

/** Similarity of two client situations: the objection kind first, then concepts, then words. */
export function situationSimilarity(a: SituationProfile, b: SituationProfile): number {
  // overlap, not Jaccard: a client line often voices two situations at once ("дорого, подумаю")
  const situation = overlap(a.situations, b.situations);
  return 0.55 * situation + 0.2 * jaccard(a.concepts, b.concepts) + 0.25 * cosine(a.stems, b.stems);
}

/** A situation profile of any text (an objection, a correction's context), for similarity. */
export function profileOf(text: string, language: string): SituationProfile {
  return profile(text, language);
}

/** The most similar excerpts, best first; nothing below `minScore` (default 0.2). */
export function retrieveExcerpts(
  query: { clientWords: string[]; language: string },
  calls: readonly CallForRetrieval[],
  options: { limit?: number; minScore?: number; exclude?: (text: string) => boolean } = {},
): RetrievedExcerpt[] {
  const limit = options.limit ?? 3;
  const minScore = options.minScore ?? 0.2;
  const q = profile(query.clientWords.join(' '), query.language);
  const found: RetrievedExcerpt[] = [];
  for (const call of calls) {
    call.turns.forEach((turn, i) => {
      if (turn.speaker !== 'client') return;
      const answer: Evidence[] = [];
      for (let j = i + 1; j < call.turns.length && answer.length < 2; j++) {
        const t = call.turns[j];
        if (!t || t.speaker !== 'manager') break;
        answer.push({ turn: j, text: t.text });
      }
      if (answer.length === 0 || answer.some((a) => options.exclude?.(a.text))) return;
      const p = profile(turn.text, query.language);
      const similarity = situationSimilarity(q, p);
      if (similarity < minScore) return;
      // among similar moments, prefer the company's chosen examples and answers with substance
      const substance = Math.min(3, conceptIds(answer.map((a) => a.text).join(' ')).size) * 0.03;
      const score = Math.min(1, similarity + substance + (call.kind === 'reference_call' ? 0.08 : 0));
      const shared = [...q.situations].filter((s) => p.situations.has(s));
      found.push({ callId: call.callId, kind: call.kind, client: { turn: i, text: turn.text }, manager: answer, score, shared });
    });
  }
  // reference calls first among equals: they are the company's chosen examples
  found.sort((a, b) => b.score - a.score || (a.kind === 'reference_call' ? -1 : 1));
  const perCall = new Set<string>();
  return found.filter((e) => (perCall.has(e.callId) ? false : (perCall.add(e.callId), true))).slice(0, limit);
}
