// The head of sales' corrections change later analyses of similar calls. Similarity aligns the
// correction's context excerpt with the call: each context turn is matched to the most similar turn
// of the same speaker (cosine of stem bags) and the matches are averaged, so a call that contains
// the same situation in its own words scores high however long it is. Above a threshold the
// correction is applied and the analysis says so in its warnings, so that the change is traceable.
import type { CallAnalysis, StageAssessment } from '../../domain/call-analysis.ts';
import type { Correction } from '../../domain/knowledge.ts';
import { cosine, normalizeText, stemBag } from '../language/index.ts';
import type { Bag } from '../language/index.ts';
import type { TurnFeatures } from './turn-features.ts';
import { reasonText } from './messages.ts';
import type { Lang } from './messages.ts';

export const CORRECTION_SIMILARITY = 0.5;

type ContextBags = { speaker: string; bag: Bag }[];
const bags = new WeakMap<Correction, ContextBags>();
// by the context's words as well, for knowledge loaded afresh for every call (new objects, the same
// corrections); bounded, so memory stays flat
const bagsByContent = new Map<string, ContextBags>();
const CONTENT_LIMIT = 1024;

function contextBags(c: Correction, language: string): ContextBags {
  let out = bags.get(c);
  if (!out) {
    const context = c.context ?? [];
    // only words and speakers that are strings make a key that stands for them exactly
    const key = context.every((t) => typeof t.speaker === 'string' && typeof t.text === 'string')
      ? `${language}:${JSON.stringify(context.map((t) => [t.speaker, t.text]))}` : null;
    out = key === null ? undefined : bagsByContent.get(key);
    if (!out) {
      out = context.map((t) => ({ speaker: t.speaker, bag: stemBag(normalizeText(t.text), language) })).filter((x) => x.bag.size > 0);
      if (bagsByContent.size >= CONTENT_LIMIT) bagsByContent.clear();
      if (key !== null) bagsByContent.set(key, out);
    }
    bags.set(c, out);
  }
  return out;
}

/** 0..1: how well the correction's context excerpt is found in this call. */
export function correctionSimilarity(c: Correction, features: TurnFeatures[], language: string): number {
  const ctx = contextBags(c, language);
  if (ctx.length === 0) return 0;
  let sum = 0;
  for (const { speaker, bag } of ctx) {
    let best = 0;
    for (const f of features) if (f.speaker === speaker) best = Math.max(best, cosine(bag, f.stems));
    sum += best;
  }
  return sum / ctx.length;
}

// up to this many context turns each is compared with every turn of its speaker; beyond, through an index
const INDEX_FROM = 8;

/**
 * correctionSimilarity of every correction at once. Each context turn is compared with the call's
 * turns of the same speaker by its stems directly, or — for many corrections — through an index of
 * all context stems, so only pairs that share a stem are scored (the others have cosine 0). Bag
 * weights are word counts, so dot products and norms are whole numbers whose sums do not depend on
 * the order of adding: the figures are exactly those of correctionSimilarity (cosine).
 */
export function correctionSimilarities(corrections: readonly Correction[], features: TurnFeatures[], language: string): Map<Correction, number> {
  const contexts = corrections.map((c) => contextBags(c, language));
  const speakers: string[] = [];
  const stemsOf: string[][] = [];
  const weightsOf: number[][] = [];
  const norms: number[] = [];
  for (const ctx of contexts) {
    for (const { speaker, bag } of ctx) {
      let norm = 0;
      for (const w of bag.values()) norm += w * w;
      speakers.push(speaker);
      stemsOf.push([...bag.keys()]);
      weightsOf.push([...bag.values()]);
      norms.push(norm);
    }
  }
  const best = speakers.length < INDEX_FROM ? bestDirect(features, speakers, stemsOf, weightsOf, norms) : bestIndexed(features, speakers, stemsOf, weightsOf, norms);
  const out = new Map<Correction, number>();
  let b = 0;
  corrections.forEach((c, i) => {
    const ctx = contexts[i] ?? [];
    let sum = 0;
    for (let k = 0; k < ctx.length; k++) sum += best[b++] ?? 0;
    out.set(c, ctx.length === 0 ? 0 : sum / ctx.length);
  });
  return out;
}

function normOf(bag: Bag): number {
  let norm = 0;
  for (const w of bag.values()) norm += w * w;
  return norm;
}

/** The best cosine of every context turn with the call's turns of its speaker, pair by pair. */
function bestDirect(features: TurnFeatures[], speakers: string[], stemsOf: string[][], weightsOf: number[][], norms: number[]): Float64Array {
  const best = new Float64Array(speakers.length);
  for (const f of features) {
    if (f.stems.size === 0) continue;
    let norm = -1;
    for (let b = 0; b < speakers.length; b++) {
      if (speakers[b] !== f.speaker) continue;
      const stems = stemsOf[b] ?? [];
      const weights = weightsOf[b] ?? [];
      let dot = 0;
      for (let j = 0; j < stems.length; j++) {
        const w = f.stems.get(stems[j] ?? '');
        if (w !== undefined) dot += (weights[j] ?? 0) * w;
      }
      if (dot === 0) continue;
      if (norm < 0) norm = normOf(f.stems);
      const sim = dot / Math.sqrt((norms[b] ?? 0) * norm);
      if (sim > (best[b] ?? 0)) best[b] = sim;
    }
  }
  return best;
}

/** The same through an index of the context stems: only the pairs that share a stem are scored. */
function bestIndexed(features: TurnFeatures[], speakers: string[], stemsOf: string[][], weightsOf: number[][], norms: number[]): Float64Array {
  const postings = new Map<string, number[]>(); // stem -> [context turn, weight, …]
  stemsOf.forEach((stems, b) => stems.forEach((stem, j) => {
    const list = postings.get(stem);
    if (list) list.push(b, weightsOf[b]?.[j] ?? 0);
    else postings.set(stem, [b, weightsOf[b]?.[j] ?? 0]);
  }));
  const best = new Float64Array(speakers.length);
  const dot = new Float64Array(speakers.length);
  const touched: number[] = [];
  for (const f of features) {
    if (f.stems.size === 0) continue;
    for (const stem of f.stems.keys()) {
      const list = postings.get(stem);
      if (!list) continue;
      const weight = f.stems.get(stem) ?? 0;
      for (let j = 0; j < list.length; j += 2) {
        const b = list[j] ?? 0;
        if (speakers[b] !== f.speaker) continue;
        if (dot[b] === 0) touched.push(b);
        dot[b] = (dot[b] ?? 0) + weight * (list[j + 1] ?? 0);
      }
    }
    if (touched.length === 0) continue;
    const norm = normOf(f.stems);
    for (const b of touched) {
      const sim = (dot[b] ?? 0) / Math.sqrt((norms[b] ?? 0) * norm);
      if (sim > (best[b] ?? 0)) best[b] = sim;
      dot[b] = 0;
    }
    touched.length = 0;
  }
  return best;
}

/** Apply matching corrections to a finished analysis (mutates and returns it). */
export function applyCorrections(analysis: CallAnalysis, corrections: readonly Correction[], features: TurnFeatures[], lang: Lang): CallAnalysis {
  const scored = corrections.filter((c) => c.kind !== 'recommendation');
  const sims = correctionSimilarities(scored, features, lang);
  for (const c of corrections) {
    if (c.kind === 'recommendation') continue;
    const sim = sims.get(c) ?? 0;
    if (sim < CORRECTION_SIMILARITY) continue;
    let applied = false;
    if (c.kind === 'outcome' && c.outcome && c.outcome !== analysis.outcome) {
      analysis.outcome = c.outcome;
      analysis.confidence = Math.round(Math.min(0.95, 0.5 + sim / 2) * 100) / 100;
      if (c.outcome === 'success') {
        analysis.loss = null;
      } else {
        const lastClient = [...features].reverse().find((f) => f.speaker === 'client');
        analysis.loss = {
          stage: c.stage ?? 'closing',
          reason: c.stage === 'objections' ? 'unhandled_objection' : 'no_next_step',
          clientWords: lastClient ? [{ turn: lastClient.index, text: lastClient.text }] : [],
          explanation: c.comment,
        };
        analysis.nextStep = null;
      }
      applied = true;
    } else if (c.kind === 'stage_score' && c.stage && typeof c.score === 'number') {
      let st: StageAssessment | undefined = analysis.stages.find((s) => s.stage === c.stage);
      if (!st) {
        st = { stage: c.stage, score: c.score, evidence: [], deductions: [] };
        analysis.stages.push(st);
      }
      st.score = Math.max(0, Math.min(10, Math.round(c.score)));
      st.deductions.push({ code: 'correction.score', points: 0, reason: `${reasonText('correction.score', lang)}: ${c.comment}` });
      applied = true;
    } else if (c.kind === 'deduction' && c.target) {
      const target = c.target.toLowerCase();
      for (const st of analysis.stages) {
        if (c.stage && st.stage !== c.stage) continue;
        const removed = st.deductions.filter((d) => d.code === c.target || d.reason.toLowerCase().includes(target));
        if (removed.length === 0) continue;
        st.deductions = st.deductions.filter((d) => !removed.includes(d));
        st.score = Math.min(10, st.score + Math.round(removed.reduce((s, d) => s + d.points, 0)));
        applied = true;
      }
    }
    if (applied) analysis.warnings.push(`correction ${c.id} applied (similarity ${sim.toFixed(2)})`);
  }
  return analysis;
}
