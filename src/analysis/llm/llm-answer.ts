// Turns the model's structured answer into a CallAnalysis that can be trusted as far as the
// transcript allows: evidence must point at a real turn and quote words that turn contains (a
// model that is one turn off is corrected to the nearest turn that has the quote; an invented
// quote is dropped with a warning), scores and points are clamped, stages are kept once, and an
// answer that contradicts itself (lost without a loss) is refused so the engine can retry.
import type { CallAnalysis, Deduction, Evidence, StageAssessment } from '../../domain/call-analysis.ts';
import { stageIndex } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';
import type { LlmAnswer } from './llm-schema.ts';

/** Same threshold as the builtin engine, so weak stages mean the same whichever engine ran. */
export const WEAK_STAGE_MAX_SCORE = 5;

import { InvalidLlmAnswerError } from './llm-structured-call.ts';

export { InvalidLlmAnswerError } from './llm-structured-call.ts';

export interface AnswerMeta {
  engineVersion: string;
  knowledgeHash: string;
  language: string;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** Quotes are compared without case, punctuation or spacing: models drop commas and fold ё. */
function loose(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A quote's pieces: models shorten long quotes with an ellipsis, and each piece must be said. */
function pieces(quote: string): string[] {
  return quote.split(/\.{3}|…/u).map(loose).filter((p) => p.length > 0);
}

export class EvidenceChecker {
  // padded with spaces so that a piece matches whole words only ("да" is not found in "когда")
  readonly turns: string[];
  dropped = 0;
  moved = 0;
  constructor(turns: Turn[]) {
    this.turns = turns.map((t) => ` ${loose(typeof t.text === 'string' ? t.text : '')} `);
  }

  inRange(turn: number | null | undefined): turn is number {
    return typeof turn === 'number' && Number.isInteger(turn) && turn >= 0 && turn < this.turns.length;
  }

  private says(turn: number, quote: string[]): boolean {
    const text = this.turns[turn] ?? '';
    return quote.every((p) => text.includes(` ${p} `));
  }

  /** The evidence with a verified turn, or null when the quote is not in the transcript. */
  check(e: { turn: number; quote: string }): Evidence | null {
    const quote = pieces(e.quote);
    if (quote.length === 0) { this.dropped += 1; return null; }
    if (this.inRange(e.turn) && this.says(e.turn, quote)) return { turn: e.turn, text: e.quote.trim() };
    let best = -1;
    for (let i = 0; i < this.turns.length; i += 1) {
      if (this.says(i, quote) && (best < 0 || Math.abs(i - e.turn) < Math.abs(best - e.turn))) best = i;
    }
    if (best < 0) { this.dropped += 1; return null; }
    this.moved += 1;
    return { turn: best, text: e.quote.trim() };
  }

  all(list: { turn: number; quote: string }[]): Evidence[] {
    return list.map((e) => this.check(e)).filter((e): e is Evidence => e !== null);
  }
}

function toDeduction(d: LlmAnswer['stages'][number]['deductions'][number], stage: Stage, checker: EvidenceChecker): Deduction | null {
  const points = Math.round(clamp(d.points, 0, 10) * 10) / 10;
  if (points === 0 || !d.reason.trim()) return null;
  const code = d.code.trim() || `${stage}.llm`;
  return { points, reason: d.reason.trim(), code: code.includes('.') ? code : `${stage}.${code}`, ...(checker.inRange(d.turn) ? { turn: d.turn } : {}) };
}

export function answerToAnalysis(answer: LlmAnswer, turns: Turn[], meta: AnswerMeta): CallAnalysis {
  const checker = new EvidenceChecker(turns);
  const warnings: string[] = [];
  const seen = new Set<Stage>();
  const stages: StageAssessment[] = [];
  for (const s of answer.stages) {
    if (seen.has(s.stage)) { warnings.push(`llm: stage "${s.stage}" was scored twice; the first score is kept`); continue; }
    seen.add(s.stage);
    const assessment: StageAssessment = {
      stage: s.stage,
      score: Math.round(clamp(s.score, 0, 10) * 10) / 10,
      evidence: checker.all(s.evidence),
      deductions: s.deductions.map((d) => toDeduction(d, s.stage, checker)).filter((d): d is Deduction => d !== null),
    };
    if (s.span && checker.inRange(s.span.from) && checker.inRange(s.span.to) && s.span.from <= s.span.to) assessment.span = { from: s.span.from, to: s.span.to };
    stages.push(assessment);
  }
  stages.sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));

  if (answer.outcome === 'lost' && !answer.loss) throw new InvalidLlmAnswerError('the answer says "lost" but names no loss stage or reason');
  let loss: CallAnalysis['loss'] = null;
  if (answer.outcome === 'lost' && answer.loss) {
    loss = { stage: answer.loss.stage, reason: answer.loss.reason, clientWords: checker.all(answer.loss.clientWords), explanation: answer.loss.explanation.trim() };
  } else if (answer.loss) {
    warnings.push('llm: a loss was described for a successful call; ignored');
  }

  let nextStep: CallAnalysis['nextStep'] = null;
  if (answer.nextStep?.text.trim()) {
    if (checker.inRange(answer.nextStep.turn)) {
      nextStep = { text: answer.nextStep.text.trim(), turn: answer.nextStep.turn, ...(answer.nextStep.when?.trim() ? { when: answer.nextStep.when.trim() } : {}) };
    } else {
      warnings.push(`llm: the next step pointed at turn ${answer.nextStep.turn}, outside the transcript; dropped`);
    }
  }

  if (checker.dropped > 0) warnings.push(`llm: dropped ${checker.dropped} evidence quote(s) not found in the transcript`);
  if (checker.moved > 0) warnings.push(`llm: moved ${checker.moved} evidence quote(s) to the turn that contains them`);

  return {
    engine: 'llm',
    engineVersion: meta.engineVersion,
    knowledgeHash: meta.knowledgeHash,
    language: meta.language,
    outcome: answer.outcome,
    confidence: Math.round(clamp(answer.confidence, 0, 1) * 100) / 100,
    stages,
    weakStages: stages.filter((s) => s.score <= WEAK_STAGE_MAX_SCORE).map((s) => s.stage),
    loss,
    nextStep,
    warnings,
  };
}
