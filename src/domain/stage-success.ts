// Stage success per manager: the share of a manager's analysed calls that scored at least the
// threshold (default 7 of 10) on a stage, over the calls where that stage was scored. A stage that
// did not occur in a call (no objections raised) is not a failure, so it is left out of the
// denominator rather than counted as 0. Shares are fractions (0.75 = 75 %).
import { invalid } from './errors.ts';
import { isoWeekKey, type IsoWeekKey } from './periods.ts';
import { STAGES, type Stage } from './stages.ts';

export const DEFAULT_SUCCESS_THRESHOLD = 7;
/** a stage is weak when its success share is below this */
export const DEFAULT_WEAK_SHARE = 0.5;
/** fewer scored calls than this is not enough to call a stage weak */
export const DEFAULT_MIN_SCORED_CALLS = 3;

export interface ScoredCall {
  callId: string;
  managerId: string;
  analysedAt: Date;
  /** 0–10 per stage that occurred; missing or null = the stage was not scored */
  scores: Partial<Record<Stage, number | null>>;
}

export interface StageSuccess {
  stage: Stage;
  scoredCalls: number;
  successfulCalls: number;
  /** successfulCalls / scoredCalls, or null when the stage was never scored */
  share: number | null;
}

export interface ManagerStageSuccess {
  managerId: string;
  analysedCalls: number;
  stages: StageSuccess[];
  /** over every scored (call, stage) pair: successful pairs / scored pairs */
  overall: { scored: number; successful: number; share: number | null };
  /** stages below the weak share with enough data, weakest first */
  weakStages: StageSuccess[];
  /** the stage with the lowest share (ties: earlier stage in the call), even when not weak */
  lowestStage: StageSuccess | null;
}

export interface StageSuccessOptions {
  threshold?: number;
  weakShare?: number;
  minScoredCalls?: number;
}

function validScore(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function checkOptions(options: StageSuccessOptions): Required<StageSuccessOptions> {
  const threshold = options.threshold ?? DEFAULT_SUCCESS_THRESHOLD;
  const weakShare = options.weakShare ?? DEFAULT_WEAK_SHARE;
  const minScoredCalls = options.minScoredCalls ?? DEFAULT_MIN_SCORED_CALLS;
  if (!(threshold >= 0 && threshold <= 10)) throw invalid('The success threshold must be between 0 and 10', { threshold });
  if (!(weakShare >= 0 && weakShare <= 1)) throw invalid('The weak-stage share must be between 0 and 1', { weakShare });
  if (!(Number.isInteger(minScoredCalls) && minScoredCalls >= 1)) throw invalid('The minimum number of scored calls must be a whole number ≥ 1', { minScoredCalls });
  return { threshold, weakShare, minScoredCalls };
}

function summarize(calls: readonly ScoredCall[], managerId: string, options: Required<StageSuccessOptions>): ManagerStageSuccess {
  const stages = STAGES.map((stage): StageSuccess => {
    const scored = calls.map((call) => call.scores[stage]).filter(validScore);
    const successfulCalls = scored.filter((score) => score >= options.threshold).length;
    return { stage, scoredCalls: scored.length, successfulCalls, share: scored.length === 0 ? null : successfulCalls / scored.length };
  });
  const scored = stages.reduce((sum, stage) => sum + stage.scoredCalls, 0);
  const successful = stages.reduce((sum, stage) => sum + stage.successfulCalls, 0);
  const withShare = stages.filter((stage) => stage.share !== null);
  // Stable sort keeps the stage order for ties, so "lowest" is deterministic.
  const ascending = [...withShare].sort((a, b) => (a.share ?? 0) - (b.share ?? 0));
  const weakStages = ascending.filter((stage) => (stage.share ?? 1) < options.weakShare && stage.scoredCalls >= options.minScoredCalls);
  return {
    managerId,
    analysedCalls: calls.length,
    stages,
    overall: { scored, successful, share: scored === 0 ? null : successful / scored },
    weakStages,
    lowestStage: ascending[0] ?? null,
  };
}

/** Stage success for every manager that has analysed calls, sorted by manager id. */
export function stageSuccessByManager(calls: readonly ScoredCall[], options: StageSuccessOptions = {}): ManagerStageSuccess[] {
  const checked = checkOptions(options);
  const byManager = new Map<string, ScoredCall[]>();
  for (const call of calls) {
    for (const [stage, score] of Object.entries(call.scores)) {
      if (validScore(score) && (score < 0 || score > 10)) throw invalid(`Call ${call.callId} has a ${stage} score of ${score}; scores are 0–10`);
    }
    const list = byManager.get(call.managerId) ?? [];
    list.push(call);
    byManager.set(call.managerId, list);
  }
  return [...byManager.keys()].sort().map((managerId) => summarize(byManager.get(managerId) ?? [], managerId, checked));
}

/** The same figures for the whole department (all managers' calls together). */
export function stageSuccessOverall(calls: readonly ScoredCall[], options: StageSuccessOptions = {}): ManagerStageSuccess {
  return summarize(calls, '*', checkOptions(options));
}

export interface WeeklyQuality {
  week: IsoWeekKey;
  calls: number;
  /** mean of all stage scores in the week's calls (each scored stage weighs the same) */
  meanScore: number | null;
  /** mean per stage, null when the stage was not scored that week */
  stageMeans: Record<Stage, number | null>;
}

/** A manager's (or the department's) call quality by ISO week in the company time zone. */
export function qualityTrendByWeek(calls: readonly ScoredCall[], timeZone: string): WeeklyQuality[] {
  const byWeek = new Map<IsoWeekKey, ScoredCall[]>();
  for (const call of calls) {
    const week = isoWeekKey(call.analysedAt, timeZone);
    const list = byWeek.get(week) ?? [];
    list.push(call);
    byWeek.set(week, list);
  }
  return [...byWeek.keys()].sort().map((week) => {
    const weekCalls = byWeek.get(week) ?? [];
    const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);
    const stageMeans = Object.fromEntries(STAGES.map((stage) => [stage, mean(weekCalls.map((call) => call.scores[stage]).filter(validScore))])) as Record<Stage, number | null>;
    const all = weekCalls.flatMap((call) => STAGES.map((stage) => call.scores[stage]).filter(validScore));
    return { week, calls: weekCalls.length, meanScore: mean(all), stageMeans };
  });
}
