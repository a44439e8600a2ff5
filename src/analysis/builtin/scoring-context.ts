// Shared shapes for the stage scorers: the facts about one call and a draft assessment that
// deductions are subtracted from.
import type { Deduction, Evidence, StageAssessment } from '../../domain/call-analysis.ts';
import type { Stage } from '../../domain/stages.ts';
import { mergeBags } from '../language/index.ts';
import type { Bag } from '../language/index.ts';
import type { KnowledgeIndex } from './knowledge-index.ts';
import type { Lang } from './messages.ts';
import { reasonText } from './messages.ts';
import type { OutcomeVerdict } from './outcome-detector.ts';
import type { Segmentation } from './stage-segmenter.ts';
import type { TurnFeatures } from './turn-features.ts';

export interface ScoringContext {
  features: TurnFeatures[];
  seg: Segmentation;
  lang: Lang;
  index: KnowledgeIndex;
  verdict: OutcomeVerdict;
}

/** The manager's turns among `turns`, in order. */
export function managerTurns(ctx: ScoringContext, turns: readonly number[]): TurnFeatures[] {
  return turns.map((i) => ctx.features[i]).filter((f): f is TurnFeatures => f !== undefined && f.speaker === 'manager');
}

// A stage's turns (one array per stage and call) → the merged stems of the manager's turns in it:
// the stage scorer, the expert rules and the reference comparison all read the same bag.
const managerBags = new WeakMap<readonly number[], Bag>();

/** The stems of the manager's turns among `turns`, merged; read-only (shared by the readers of one stage). */
export function managerBag(ctx: ScoringContext, turns: readonly number[]): Bag {
  let bag = managerBags.get(turns);
  if (!bag) {
    bag = mergeBags(managerTurns(ctx, turns).map((f) => f.stems));
    managerBags.set(turns, bag);
  }
  return bag;
}

export interface Draft {
  stage: Stage;
  base: number;
  evidence: Evidence[];
  deductions: Deduction[];
  span?: { from: number; to: number };
}

export function draft(stage: Stage, turns: number[], features: TurnFeatures[], base = 9): Draft {
  const d: Draft = { stage, base, evidence: [], deductions: [] };
  if (turns.length) d.span = { from: turns[0] ?? 0, to: turns.at(-1) ?? 0 };
  for (const t of turns.filter((i) => features[i]?.speaker === 'manager').slice(0, 2)) {
    d.evidence.push({ turn: t, text: quote(features[t]?.text ?? '') });
  }
  return d;
}

export function deduct(d: Draft, code: string, points: number, lang: Lang, turn?: number, detail?: string): void {
  if (points <= 0) return;
  d.deductions.push({ code, points: Math.round(points * 10) / 10, reason: reasonText(code, lang, detail), ...(turn !== undefined ? { turn } : {}) });
}

const LOWEST_SCORE = 1;

export function finalize(d: Draft): StageAssessment {
  const lost = d.deductions.reduce((s, x) => s + x.points, 0);
  // a stage that took place scores at least 1: heads of sales keep 0 for what never happened (and such a stage is not scored)
  const score = Math.max(LOWEST_SCORE, Math.min(10, Math.round(d.base - lost)));
  return { stage: d.stage, score, evidence: d.evidence, deductions: d.deductions, ...(d.span ? { span: d.span } : {}) };
}

export function quote(text: string): string {
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}
