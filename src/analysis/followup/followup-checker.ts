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

function pointWeight(p: RecommendationPoint): number {
  if (p.kind === 'apologize' || p.kind === 'acknowledge') return 0.5;
  return p.main ? 1.5 : 1;
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

  const required = verdicts.filter((v) => v.point.kind !== 'callback' && !v.point.optional && (v.point.kind !== 'avoid' || !v.result.done));
  const totalWeight = required.reduce((s, v) => s + pointWeight(v.point), 0);
  // a point whose meaning was only partly heard earns part of its weight; one failed on the act
  // itself (no concrete time, only mentioned, deferred) earns nothing
  const credit = (v: PointVerdict): number => (v.result.done ? 1 : v.result.missing === 'meaning_absent' ? v.result.coverage ** 2 : 0);
  const doneWeight = required.reduce((s, v) => s + credit(v) * pointWeight(v.point), 0);
  const share = totalWeight === 0 ? 0 : doneWeight / totalWeight;
  const mainMissed = required.filter((v) => (v.point.main || v.point.kind === 'avoid') && !v.result.done);
  const applied = turns.length > 0 && required.length > 0 && mainMissed.length === 0 && share >= REQUIRED_SHARE;

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
