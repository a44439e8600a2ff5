// The builtin follow-up checker: was the recommendation's *meaning* carried out in the manager's
// next call with the client? Offline and deterministic. The recommendation is split into points,
// each point is matched by concepts and by the act it asks for, and the verdict needs every main
// point (the offer, the scheduled step, or the substance when there is no offer) plus most of the
// rest. Whether the client then agreed is reported separately: a full application counts even
// when the client still refuses.
import type { FollowUpChecker, FollowUpInput, FollowUpVerdict } from '../../domain/follow-up.ts';
import { splitRecommendation, type RecommendationPoint } from './recommendation-points.ts';
import { matchPoint, prepareManagerTurns, type PointResult } from './point-matcher.ts';
import { clientAgreed } from './client-agreement.ts';
import { explainVerdict } from './verdict-explanation.ts';

export const FOLLOW_UP_ENGINE = 'builtin';
/** Share of the required points' weight that must be done besides every main point. */
const REQUIRED_SHARE = 0.7;

export interface PointVerdict {
  point: RecommendationPoint;
  result: PointResult;
}

/** One point's outcome as the verdict rule sees it: done, and the share of its weight it earns (0..1). */
export interface PointDecision {
  point: RecommendationPoint;
  done: boolean;
  credit: number;
  /** the manager did the opposite of the point (brushed the feeling aside): it decides like a main point */
  opposed?: boolean;
}

function pointWeight(p: RecommendationPoint): number {
  if (p.kind === 'apologize' || p.kind === 'acknowledge') return 0.5;
  return p.main ? 1.5 : 1;
}

/**
 * The verdict rule every checker shares: every main point (and every warning heeded) done, and
 * most of the required points' weight earned; a point the manager did the opposite of decides like a main one. The call back itself and conditional points do not
 * count; a point to avoid counts only when it was violated.
 */
export function decideApplied(decisions: PointDecision[]): { applied: boolean; share: number; required: PointDecision[]; mainMissed: PointDecision[] } {
  const required = decisions.filter((d) => d.point.kind !== 'callback' && !d.point.optional && (d.point.kind !== 'avoid' || !d.done));
  const totalWeight = required.reduce((s, d) => s + pointWeight(d.point), 0);
  const doneWeight = required.reduce((s, d) => s + d.credit * pointWeight(d.point), 0);
  const share = totalWeight === 0 ? 0 : doneWeight / totalWeight;
  const mainMissed = required.filter((d) => (d.point.main || d.point.kind === 'avoid' || d.opposed === true) && !d.done);
  return { applied: required.length > 0 && mainMissed.length === 0 && share >= REQUIRED_SHARE, share, required, mainMissed };
}

/** Cyrillic letters decide Russian; the explanation follows the recommendation's language. */
export function languageOf(text: string, fallback: string): string {
  const cyr = (text.match(/\p{Script=Cyrillic}/gu) ?? []).length;
  const lat = (text.match(/[a-z]/giu) ?? []).length;
  if (cyr === 0 && lat === 0) return fallback;
  return cyr >= lat ? 'ru' : 'en';
}

export function checkFollowUp(input: FollowUpInput): FollowUpVerdict {
  const language = languageOf(input.recommendation, input.knowledge.language || input.transcript.language);
  const callLanguage = input.transcript.language || language;
  const points = splitRecommendation(input.recommendation, language);
  const turns = prepareManagerTurns(input.transcript.turns, callLanguage);
  const verdicts: PointVerdict[] = points.map((point) => ({ point, result: matchPoint(point, turns, input.knowledge.name, callLanguage) }));

  // a point whose meaning was only partly heard earns part of its weight; one failed on the act
  // itself (no concrete time, only mentioned, deferred) earns nothing
  const credit = (v: PointVerdict): number => (v.result.done ? 1 : v.result.missing === 'meaning_absent' ? v.result.coverage ** 2 : 0);
  const decision = decideApplied(verdicts.map((v) => ({ point: v.point, done: v.result.done, credit: credit(v), opposed: v.result.missing === 'dismissed' })));
  const { share, mainMissed } = decision;
  const required = verdicts.filter((v) => decision.required.some((d) => d.point === v.point));
  const applied = turns.length > 0 && decision.applied;

  // distance from the decision boundary, expressed as 0.5..0.95
  const meanCoverage = required.length === 0 ? 0 : required.reduce((s, v) => s + v.result.coverage, 0) / required.length;
  const margin = applied
    ? Math.min(share - REQUIRED_SHARE, meanCoverage - 0.5) * 2
    : Math.max(mainMissed.length > 0 ? mainMissed.length / Math.max(1, required.length) : 0, REQUIRED_SHARE - share);
  const confidence = Math.round(Math.min(0.95, Math.max(0.5, 0.6 + 0.35 * Math.min(1, Math.max(0, margin)))) * 100) / 100;

  const agreed = clientAgreed(input.transcript);
  return {
    applied,
    confidence,
    points: verdicts
      .filter((v) => v.point.kind !== 'callback')
      .map((v) => ({ point: v.point.text, done: v.result.done, evidence: v.result.evidence })),
    explanation: explainVerdict({ language, applied, verdicts: verdicts.filter((v) => v.point.kind !== 'callback'), clientAgreed: agreed, noManagerTurns: turns.length === 0 }),
    clientAgreed: agreed,
    engine: FOLLOW_UP_ENGINE,
  };
}

/** The port adapter: pure and synchronous underneath. */
export function createBuiltinFollowUpChecker(): FollowUpChecker {
  return {
    name: FOLLOW_UP_ENGINE,
    check: (input: FollowUpInput) => Promise.resolve(checkFollowUp(input)),
  };
}
