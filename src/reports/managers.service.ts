// Managers compared (overall and per-stage success, calls, lost calls) and one manager's card:
// weak stages, recommendations by status, call-quality trend per week, trainer activity, sabotage
// history, last sign-in. The list aggregates in SQL (it spans every call of the period, reading the
// current analysis' scores the database keeps on each call); the card covers one manager's calls
// and hands them to the pure functions of src/domain/stage-success.ts.
import { and, desc, eq, gte, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AppDb } from '../db/database.ts';
import { analyses, calls } from '../db/schema/calls.ts';
import { sessions, users } from '../db/schema/companies.ts';
import { recommendations } from '../db/schema/outcomes.ts';
import { sabotageAlerts, trainerSessions } from '../db/schema/people.ts';
import { withTenant, type Tx } from '../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import { managerScope } from '../auth/actor.ts';
import { notFound } from '../domain/errors.ts';
import type { PeriodKind } from '../domain/conversion.ts';
import { STAGES, type Stage } from '../domain/stages.ts';
import { DEFAULT_MIN_SCORED_CALLS, DEFAULT_WEAK_SHARE, qualityTrendByWeek, stageSuccessByManager, type StageSuccess, type WeeklyQuality } from '../domain/stage-success.ts';
import { loadCompanySettings, periodOfDate, shiftPeriod, todayKey, type CompanyReportSettings, type PeriodWindow } from './report-context.ts';
import { queryRows } from './report-sql.ts';

export interface ManagerRow {
  id: string;
  name: string;
  calls: number;
  analysedCalls: number;
  lostCalls: number;
  overall: { scored: number; successful: number; share: number | null };
  stages: StageSuccess[];
  weakStages: Stage[];
  lastSignInAt: Date | null;
}

export interface ManagersList {
  period: { kind: PeriodKind; key: string; start: Date; end: Date; timeZone: string };
  threshold: number;
  managers: ManagerRow[];
}

const STAGE_SCORE_COLUMNS: Record<Stage, AnyPgColumn> = {
  greeting: calls.scoreGreeting,
  needs: calls.scoreNeeds,
  presentation: calls.scorePresentation,
  objections: calls.scoreObjections,
  closing: calls.scoreClosing,
};

const weakOptions = (settings: CompanyReportSettings) => ({
  weakShare: typeof settings.settings.weakStageShare === 'number' ? settings.settings.weakStageShare : DEFAULT_WEAK_SHARE,
  minScoredCalls: typeof settings.settings.weakStageMinCalls === 'number' ? settings.settings.weakStageMinCalls : DEFAULT_MIN_SCORED_CALLS,
});

/** The same rule as src/domain/stage-success.ts, applied to counts the database already summed. */
function stagesFromCounts(counts: Map<string, { scored: number; ok: number }>, settings: CompanyReportSettings): Pick<ManagerRow, 'overall' | 'stages' | 'weakStages'> {
  const stages = STAGES.map((stage): StageSuccess => {
    const c = counts.get(stage) ?? { scored: 0, ok: 0 };
    return { stage, scoredCalls: c.scored, successfulCalls: c.ok, share: c.scored === 0 ? null : c.ok / c.scored };
  });
  const scored = stages.reduce((sum, s) => sum + s.scoredCalls, 0);
  const successful = stages.reduce((sum, s) => sum + s.successfulCalls, 0);
  const { weakShare, minScoredCalls } = weakOptions(settings);
  const weakStages = stages
    .filter((s) => s.share !== null && s.share < weakShare && s.scoredCalls >= minScoredCalls)
    .sort((a, b) => (a.share ?? 0) - (b.share ?? 0))
    .map((s) => s.stage);
  return { stages, overall: { scored, successful, share: scored === 0 ? null : successful / scored }, weakStages };
}

async function lastSignIns(tx: Tx, companyId: string): Promise<Map<string, Date | null>> {
  // A session kept alive counts as being present: people stay signed in for days.
  const rows = await tx
    .select({ id: users.id, signIn: users.lastSignInAt, seen: sql<string | null>`(select max(${sessions.lastSeenAt}) from ${sessions} where ${sessions.userId} = ${users.id} and ${sessions.companyId} = ${companyId})` })
    .from(users)
    .where(eq(users.companyId, companyId));
  return new Map(rows.map((row) => {
    const seen = row.seen ? new Date(row.seen) : null;
    const latest = [row.signIn, seen].filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    return [row.id, latest];
  }));
}

export async function listManagers(db: AppDb, companyId: string, query: { kind: PeriodKind; at?: string; now?: Date }): Promise<ManagersList> {
  return withTenant(db, companyId, async (tx) => {
    const settings = await loadCompanySettings(tx, companyId);
    const window = periodOfDate(query.kind, query.at ?? todayKey(query.now ?? new Date(), settings.timeZone), settings.timeZone);
    const from = window.start.toISOString();
    const to = window.end.toISOString();
    const people = await tx.select({ id: users.id, name: users.name }).from(users)
      .where(and(eq(users.companyId, companyId), eq(users.role, 'manager'), isNull(users.disabledAt))).orderBy(users.name);
    // One pass over the period's calls, one group per manager: calls, analysed and lost calls, and per
    // stage how many calls scored it and how many reached the threshold. The current analysis'
    // outcome and scores sit on the call row (a trigger copies them), so no join and no jsonb.
    const threshold = settings.stageSuccessThreshold;
    const stageColumns = sql.join(STAGES.map((stage) => {
      const score = STAGE_SCORE_COLUMNS[stage];
      return sql`count(${score}) as ${sql.raw(`"${stage}_scored"`)}, count(*) filter (where ${score} >= ${threshold}) as ${sql.raw(`"${stage}_ok"`)}`;
    }), sql`, `);
    const stageRows = await queryRows<Record<string, string | number> & { manager_id: string }>(tx, sql`
      select ${calls.managerId}::text as manager_id, count(*) as calls, count(${calls.analysisOutcome}) as analysed,
             count(*) filter (where ${calls.analysisOutcome} = 'lost') as lost, ${stageColumns}
      from ${calls}
      where ${calls.companyId} = ${companyId} and ${calls.managerId} is not null
        and ${calls.startedAt} >= ${from}::timestamptz and ${calls.startedAt} < ${to}::timestamptz
      group by 1`);
    const signIns = await lastSignIns(tx, companyId);
    const byManager = new Map<string, Map<string, { scored: number; ok: number }>>();
    for (const row of stageRows) {
      byManager.set(row.manager_id, new Map(STAGES.map((stage) => [stage, { scored: Number(row[`${stage}_scored`] ?? 0), ok: Number(row[`${stage}_ok`] ?? 0) }])));
    }
    const managers = people.map((person): ManagerRow => {
      const a = stageRows.find((row) => row.manager_id === person.id);
      return {
        id: person.id,
        name: person.name,
        calls: Number(a?.calls ?? 0),
        analysedCalls: Number(a?.analysed ?? 0),
        lostCalls: Number(a?.lost ?? 0),
        ...stagesFromCounts(byManager.get(person.id) ?? new Map(), settings),
        lastSignInAt: signIns.get(person.id) ?? null,
      };
    });
    return { period: { kind: window.kind, key: window.key, start: window.start, end: window.end, timeZone: settings.timeZone }, threshold: settings.stageSuccessThreshold, managers };
  });
}

export interface ManagerCard {
  manager: { id: string; name: string; lastSignInAt: Date | null };
  threshold: number;
  /** the last 12 ISO weeks */
  window: { start: Date; end: Date };
  analysedCalls: number;
  overall: { scored: number; successful: number; share: number | null };
  stages: StageSuccess[];
  weakStages: StageSuccess[];
  lowestStage: StageSuccess | null;
  trend: WeeklyQuality[];
  recommendations: { done: number; notDone: number; byStatus: Record<string, number> };
  trainer: { sessions: number; lastAt: Date | null; meanScore: number | null };
  sabotage: { id: string; kind: string; since: Date; resolvedAt: Date | null; createdAt: Date; details: Record<string, unknown> }[];
}

const TREND_WEEKS = 12;
/** statuses where the manager did their part (called and the call was checked) */
const DONE_STATUSES = new Set(['called', 'verifying', 'applied', 'not_applied', 'returned']);

/**
 * One manager's card. Managers may read only their own (another manager's id answers 404, as if it
 * did not exist); the head of sales and the integrator read any manager of the company.
 */
export async function getManagerCard(db: AppDb, actor: Actor, managerId: string, now: Date = new Date()): Promise<ManagerCard> {
  const scope = managerScope(actor);
  if (scope !== null && scope !== managerId) throw notFound('Manager');
  const { companyId } = actor;
  return withTenant(db, companyId, async (tx) => {
    const [person] = await tx.select({ id: users.id, name: users.name }).from(users)
      .where(and(eq(users.companyId, companyId), eq(users.id, managerId), eq(users.role, 'manager')));
    if (!person) throw notFound('Manager');
    const settings = await loadCompanySettings(tx, companyId);
    const thisWeek = periodOfDate('week', todayKey(now, settings.timeZone), settings.timeZone);
    const window: PeriodWindow = { ...thisWeek, start: shiftPeriod(thisWeek, TREND_WEEKS - 1, settings.timeZone).start };
    const scoredRows = await tx
      .select({ callId: calls.id, startedAt: calls.startedAt, scores: analyses.scores })
      .from(analyses)
      .innerJoin(calls, and(eq(calls.id, analyses.callId), eq(calls.companyId, companyId)))
      .where(and(eq(analyses.companyId, companyId), eq(analyses.isCurrent, true), eq(calls.managerId, managerId), gte(calls.startedAt, window.start), lt(calls.startedAt, window.end)));
    const scored = scoredRows.map((row) => ({ callId: row.callId, managerId, analysedAt: row.startedAt, scores: row.scores as Partial<Record<Stage, number | null>> }));
    const [success] = stageSuccessByManager(scored, { threshold: settings.stageSuccessThreshold, ...weakOptions(settings) });
    const empty = stagesFromCounts(new Map(), settings);
    const recs = await tx.select({ status: recommendations.status, count: sql<number>`count(*)::int` }).from(recommendations)
      .where(and(eq(recommendations.companyId, companyId), eq(recommendations.managerId, managerId))).groupBy(recommendations.status);
    const byStatus = Object.fromEntries(recs.map((row) => [row.status, Number(row.count)]));
    const done = recs.filter((row) => DONE_STATUSES.has(row.status)).reduce((sum, row) => sum + Number(row.count), 0);
    const notDone = recs.filter((row) => !DONE_STATUSES.has(row.status)).reduce((sum, row) => sum + Number(row.count), 0);
    const [trainer] = await tx
      .select({ count: sql<number>`count(*)::int`, last: sql<string | null>`max(${trainerSessions.startedAt})`, mean: sql<number | null>`avg(${trainerSessions.score})` })
      .from(trainerSessions).where(and(eq(trainerSessions.companyId, companyId), eq(trainerSessions.managerId, managerId)));
    const alerts = await tx.select().from(sabotageAlerts)
      .where(and(eq(sabotageAlerts.companyId, companyId), eq(sabotageAlerts.managerId, managerId), isNotNull(sabotageAlerts.since)))
      .orderBy(desc(sabotageAlerts.createdAt)).limit(50);
    const signIns = await lastSignIns(tx, companyId);
    return {
      manager: { id: person.id, name: person.name, lastSignInAt: signIns.get(person.id) ?? null },
      threshold: settings.stageSuccessThreshold,
      window: { start: window.start, end: window.end },
      analysedCalls: scored.length,
      overall: success?.overall ?? empty.overall,
      stages: success?.stages ?? empty.stages,
      weakStages: success?.weakStages ?? [],
      lowestStage: success?.lowestStage ?? null,
      trend: qualityTrendByWeek(scored, settings.timeZone),
      recommendations: { done, notDone, byStatus },
      trainer: { sessions: Number(trainer?.count ?? 0), lastAt: trainer?.last ? new Date(trainer.last) : null, meanScore: trainer?.mean === null || trainer?.mean === undefined ? null : Number(trainer.mean) },
      sabotage: alerts.map((a) => ({ id: a.id, kind: a.kind, since: a.since, resolvedAt: a.resolvedAt, createdAt: a.createdAt, details: a.details })),
    };
  });
}
