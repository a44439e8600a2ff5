// A manager's weak stages from their analysed calls, weakest first: the trainer's client presses on
// them. A stage is weak when its mean score is 5 or less, or when it is the stage the analyses name
// as weak most often (so a manager whose means are all just above 5 still trains something real).
import { isStage, STAGES } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';

export interface AnalysedCallScores {
  /** per-stage scores as stored in analyses.scores */
  scores: Partial<Record<string, number>>;
  /** analyses.result.weakStages */
  weakStages: readonly string[];
}

export const WEAK_MEAN_MAX = 5;

export function weakStagesFromAnalyses(rows: readonly AnalysedCallScores[]): Stage[] {
  if (rows.length === 0) return [];
  const sums = new Map<Stage, { total: number; count: number }>();
  const named = new Map<Stage, number>();
  for (const row of rows) {
    for (const [stage, score] of Object.entries(row.scores)) {
      if (!isStage(stage) || typeof score !== 'number' || !Number.isFinite(score)) continue;
      const entry = sums.get(stage) ?? { total: 0, count: 0 };
      entry.total += score;
      entry.count += 1;
      sums.set(stage, entry);
    }
    for (const stage of row.weakStages) if (isStage(stage)) named.set(stage, (named.get(stage) ?? 0) + 1);
  }
  const mean = (stage: Stage): number => {
    const entry = sums.get(stage);
    return entry && entry.count > 0 ? entry.total / entry.count : Number.POSITIVE_INFINITY;
  };
  const weak = new Set<Stage>(STAGES.filter((stage) => mean(stage) <= WEAK_MEAN_MAX));
  let mostNamed: Stage | undefined;
  for (const stage of STAGES) {
    const count = named.get(stage) ?? 0;
    if (count > 0 && (mostNamed === undefined || count > (named.get(mostNamed) ?? 0))) mostNamed = stage;
  }
  if (mostNamed) weak.add(mostNamed);
  // Weakest first: lowest mean, then the most often named, then the order of the call.
  return [...weak].sort((a, b) => mean(a) - mean(b) || (named.get(b) ?? 0) - (named.get(a) ?? 0) || STAGES.indexOf(a) - STAGES.indexOf(b));
}
