// Picks the parts of a company's knowledge that bear on one lost client: the objection the
// client voiced with the company's way of handling it, the expert rules for the stage where the
// client was lost (and for closing, since every win-back ends with a next step), and the head of
// sales' corrections — phrasings that must never be proposed again.
import type { CompanyKnowledge, Correction, ExpertRule, Objection } from '../../domain/knowledge.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';
import { normalizeText } from '../../analysis/language/text.ts';
import { contentStems } from '../../analysis/language/stem.ts';
import { coverage } from '../../analysis/language/similarity.ts';
import { profileOf, situationSimilarity } from './excerpt-retrieval.ts';

export function matchObjection(clientWords: string[], objections: readonly Objection[], language: string): { objection: Objection; score: number } | null {
  if (clientWords.length === 0) return null;
  const q = profileOf(clientWords.join(' '), language);
  let best: { objection: Objection; score: number } | null = null;
  for (const objection of objections) {
    // the objection's own words first; its handling tells what it is about when the words differ
    const score = Math.max(situationSimilarity(q, profileOf(objection.text, language)), 0.7 * situationSimilarity(q, profileOf(`${objection.text} ${objection.handling}`, language)));
    if (score >= 0.25 && (!best || score > best.score)) best = { objection, score };
  }
  return best;
}

export function rulesFor(stage: Stage, rules: readonly ExpertRule[]): ExpertRule[] {
  const exact = rules.filter((r) => r.stage === stage);
  const general = rules.filter((r) => r.stage === null);
  const closing = stage === 'closing' ? [] : rules.filter((r) => r.stage === 'closing');
  return [...exact, ...general, ...closing];
}

/** Corrections about recommendations; those whose context resembles this call come first. */
export function recommendationCorrections(knowledge: CompanyKnowledge, clientWords: string[], language: string): Correction[] {
  const q = profileOf(clientWords.join(' '), language);
  const own = knowledge.corrections.filter((c) => c.kind === 'recommendation');
  const score = (c: Correction): number => situationSimilarity(q, profileOf((c.context ?? []).map((t: Turn) => t.text).join(' ') || c.comment, language));
  return own.map((c) => ({ c, s: score(c) })).sort((a, b) => b.s - a.s).map((x) => x.c);
}

/** The phrasings the head of sales rejected ("у нас так не говорят" with a target phrase). */
export function rejectedPhrasings(knowledge: CompanyKnowledge): string[] {
  return knowledge.corrections
    .filter((c) => c.kind === 'recommendation' && typeof c.target === 'string' && c.target.trim().length > 0)
    .map((c) => (c.target ?? '').trim());
}

/**
 * Does this text propose a rejected phrasing? Literal inclusion, or — for longer phrasings —
 * nearly all of its content stems in the same sentence, so a reworded inflection
 * ("скидку 10%" / "скидка в 10 %") is caught as well.
 */
export function containsPhrasing(text: string, phrasing: string, language: string): boolean {
  const n = normalizeText(text);
  const p = normalizeText(phrasing).replace(/[«»"“”.!?]+/g, '').trim();
  if (p.length === 0) return false;
  if (n.includes(p)) return true;
  const target = contentStems(p, language);
  const digits = p.match(/\d+/g) ?? [];
  if (target.length + digits.length < 2) return false;
  return n.split(/[.!?;]+/u).some((sentence) => {
    const bag = new Map(contentStems(sentence, language).map((s) => [s, 1] as [string, number]));
    const stemsOk = target.length === 0 || coverage(target, bag) >= 0.8;
    return stemsOk && digits.every((d) => sentence.includes(d));
  });
}
