// The five demo managers as characters: how well each one usually handles each stage. The
// managers screen then shows different weak stages, and the one who improves after go-live moves
// the trend chart. Probabilities are of a good / mediocre / bad stage in one call.
import type { Stage } from '../../domain/stages.ts';

export type StageQuality = 'good' | 'mediocre' | 'bad';
export type QualityOdds = Record<StageQuality, number>;

export interface ManagerCharacter {
  email: string;
  female: boolean;
  /** odds per stage before any improvement */
  odds: Record<Stage, QualityOdds>;
  /** stages that get better week by week after go-live (the "improving" manager) */
  improves: readonly Stage[];
  /** how often this manager does what a win-back recommendation says on the follow-up call */
  appliesRecommendations: number;
}

const GOOD: QualityOdds = { good: 0.75, mediocre: 0.2, bad: 0.05 };
const FAIR: QualityOdds = { good: 0.45, mediocre: 0.35, bad: 0.2 };
const WEAK: QualityOdds = { good: 0.1, mediocre: 0.3, bad: 0.6 };

export const MANAGER_CHARACTERS: readonly ManagerCharacter[] = [
  // Анна: the strong closer, the team's example
  { email: 'anna@demo.mentor', female: true, odds: { greeting: GOOD, needs: GOOD, presentation: GOOD, objections: GOOD, closing: { good: 0.9, mediocre: 0.08, bad: 0.02 } }, improves: [], appliesRecommendations: 0.8 },
  // Игорь: sells without asking; weak needs discovery drags the presentation too
  { email: 'igor@demo.mentor', female: false, odds: { greeting: GOOD, needs: WEAK, presentation: FAIR, objections: FAIR, closing: FAIR }, improves: [], appliesRecommendations: 0.6 },
  // Мария: friendly, but gives in on objections
  { email: 'maria@demo.mentor', female: true, odds: { greeting: GOOD, needs: FAIR, presentation: GOOD, objections: WEAK, closing: FAIR }, improves: [], appliesRecommendations: 0.55 },
  // Дмитрий: sloppy openings (no company, no name), otherwise average; rarely signs in
  { email: 'dmitry@demo.mentor', female: false, odds: { greeting: WEAK, needs: FAIR, presentation: FAIR, objections: FAIR, closing: FAIR }, improves: [], appliesRecommendations: 0.3 },
  // Ольга: weak at needs and closing before go-live, learning from the recommendations after it
  { email: 'olga@demo.mentor', female: true, odds: { greeting: FAIR, needs: WEAK, presentation: FAIR, objections: FAIR, closing: WEAK }, improves: ['needs', 'closing', 'objections'], appliesRecommendations: 0.75 },
];

/**
 * The odds of a stage in a call `weeksAfterGoLive` weeks after go-live (negative: before it).
 * Everybody gets a little better once Mentor runs; the improving manager moves toward GOOD.
 */
export function oddsAt(character: ManagerCharacter, stage: Stage, weeksAfterGoLive: number): QualityOdds {
  const base = character.odds[stage];
  if (weeksAfterGoLive < 0) return base;
  const pull = character.improves.includes(stage) ? Math.min(0.85, 0.2 + 0.17 * weeksAfterGoLive) : 0.2;
  return {
    good: base.good + (GOOD.good - base.good) * pull,
    mediocre: base.mediocre + (GOOD.mediocre - base.mediocre) * pull,
    bad: base.bad + (GOOD.bad - base.bad) * pull,
  };
}
