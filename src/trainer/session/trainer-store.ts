// The trainer's database access, always inside withTenant and always filtered by company_id (row-level
// security is the second wall). Scenario rows are the integrator's edits (edited = 'edited') and
// the anchors sessions point at (edited = 'generated', data = the scenario as it was generated).
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AppDb } from '../../db/database.ts';
import { analyses, calls } from '../../db/schema/calls.ts';
import { users } from '../../db/schema/companies.ts';
import { trainerScenarios, trainerSessions } from '../../db/schema/people.ts';
import { withTenant } from '../../db/tenant.ts';
import type { Tx } from '../../db/tenant.ts';
import { ScenarioEditSchema } from '../scenarios.ts';
import type { Scenario, ScenarioEdit } from '../scenarios.ts';
import type { AnalysedCallScores } from './weak-stages.ts';
import { parseStoredTurns } from './session-record.ts';
import type { StoredTurn } from './session-record.ts';

export type SessionRow = Omit<typeof trainerSessions.$inferSelect, 'turns'> & { turns: StoredTurn[]; scenarioKey: string | null };

/** How many recent analysed calls decide a manager's weak stages. */
const RECENT_ANALYSES = 50;

export function tenant<T>(db: AppDb, companyId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(db, companyId, work);
}

export async function loadEdits(tx: Tx, companyId: string): Promise<ScenarioEdit[]> {
  const rows = await tx.select({ key: trainerScenarios.key, data: trainerScenarios.data }).from(trainerScenarios)
    .where(and(eq(trainerScenarios.companyId, companyId), eq(trainerScenarios.edited, 'edited')));
  const edits: ScenarioEdit[] = [];
  for (const row of rows) {
    const parsed = ScenarioEditSchema.safeParse({ ...row.data, id: row.key });
    if (parsed.success) edits.push(parsed.data);
  }
  return edits;
}

export async function saveEdit(tx: Tx, companyId: string, edit: ScenarioEdit, title: string, kind: string): Promise<void> {
  await tx.insert(trainerScenarios).values({ companyId, key: edit.id, kind, title, data: edit as Record<string, unknown>, edited: 'edited' })
    .onConflictDoUpdate({ target: [trainerScenarios.companyId, trainerScenarios.key], set: { kind, title, data: edit as Record<string, unknown>, edited: 'edited' } });
}

/** The row a session points at for its scenario; created on first use with the generated scenario. */
export async function scenarioAnchor(tx: Tx, companyId: string, scenario: Scenario): Promise<string> {
  await tx.insert(trainerScenarios).values({ companyId, key: scenario.id, kind: scenario.kind, title: scenario.title, data: scenario as unknown as Record<string, unknown> })
    .onConflictDoNothing({ target: [trainerScenarios.companyId, trainerScenarios.key] });
  const [row] = await tx.select({ id: trainerScenarios.id }).from(trainerScenarios)
    .where(and(eq(trainerScenarios.companyId, companyId), eq(trainerScenarios.key, scenario.id))).limit(1);
  return row!.id;
}

export async function managerAnalyses(tx: Tx, companyId: string, managerId: string): Promise<AnalysedCallScores[]> {
  const rows = await tx.select({ scores: analyses.scores, weak: sql<unknown>`${analyses.result} -> 'weakStages'` })
    .from(analyses)
    .innerJoin(calls, and(eq(calls.id, analyses.callId), eq(calls.companyId, companyId)))
    .where(and(eq(analyses.companyId, companyId), eq(analyses.isCurrent, true), eq(calls.managerId, managerId)))
    .orderBy(desc(analyses.createdAt))
    .limit(RECENT_ANALYSES);
  return rows.map((r) => ({ scores: r.scores, weakStages: Array.isArray(r.weak) ? r.weak.filter((s): s is string => typeof s === 'string') : [] }));
}

const sessionColumns = {
  id: trainerSessions.id, companyId: trainerSessions.companyId, managerId: trainerSessions.managerId, scenarioId: trainerSessions.scenarioId,
  personaId: trainerSessions.personaId, mode: trainerSessions.mode, status: trainerSessions.status, turns: trainerSessions.turns,
  analysis: trainerSessions.analysis, feedback: trainerSessions.feedback, score: trainerSessions.score,
  startedAt: trainerSessions.startedAt, finishedAt: trainerSessions.finishedAt, scenarioKey: trainerScenarios.key,
};

function toRow(row: Omit<SessionRow, 'turns'> & { turns: unknown }): SessionRow {
  return { ...row, turns: parseStoredTurns(row.turns) };
}

export async function findSession(tx: Tx, companyId: string, id: string): Promise<SessionRow | undefined> {
  const [row] = await tx.select(sessionColumns).from(trainerSessions)
    .leftJoin(trainerScenarios, and(eq(trainerScenarios.id, trainerSessions.scenarioId), eq(trainerScenarios.companyId, companyId)))
    .where(and(eq(trainerSessions.companyId, companyId), eq(trainerSessions.id, id))).limit(1);
  return row ? toRow(row) : undefined;
}

export async function listSessionsOf(tx: Tx, companyId: string, managerId: string | null, limit = 100): Promise<SessionRow[]> {
  const rows = await tx.select(sessionColumns).from(trainerSessions)
    .leftJoin(trainerScenarios, and(eq(trainerScenarios.id, trainerSessions.scenarioId), eq(trainerScenarios.companyId, companyId)))
    .where(managerId ? and(eq(trainerSessions.companyId, companyId), eq(trainerSessions.managerId, managerId)) : eq(trainerSessions.companyId, companyId))
    .orderBy(desc(trainerSessions.startedAt)).limit(limit);
  return rows.map(toRow);
}

export async function insertSession(tx: Tx, values: { id: string; companyId: string; managerId: string; scenarioId: string; personaId: string; mode: 'voice' | 'text'; turns: StoredTurn[] }): Promise<void> {
  await tx.insert(trainerSessions).values({ ...values, turns: values.turns as unknown[] });
}

export async function updateSession(tx: Tx, companyId: string, id: string, patch: Partial<{ turns: StoredTurn[]; status: 'active' | 'finished' | 'abandoned'; mode: 'voice' | 'text'; analysis: Record<string, unknown> | null; feedback: Record<string, unknown> | null; score: number | null; finishedAt: Date | null }>): Promise<void> {
  const { turns, ...rest } = patch;
  await tx.update(trainerSessions).set({ ...rest, ...(turns ? { turns: turns as unknown[] } : {}) })
    .where(and(eq(trainerSessions.companyId, companyId), eq(trainerSessions.id, id)));
}

export async function companyManagers(tx: Tx, companyId: string): Promise<{ id: string; name: string; email: string }[]> {
  return tx.select({ id: users.id, name: users.name, email: users.email }).from(users)
    .where(and(eq(users.companyId, companyId), eq(users.role, 'manager'), sql`${users.disabledAt} is null`))
    .orderBy(users.name);
}

/**
 * Stores the turns only if nobody appended since `expectedLength` (another API process, another
 * tab): false means reload and try again. Lets a turn skip re-reading the session it just wrote.
 */
export async function appendTurns(tx: Tx, companyId: string, id: string, expectedLength: number, turns: StoredTurn[], mode?: 'voice' | 'text'): Promise<boolean> {
  const updated = await tx.update(trainerSessions).set({ turns: turns as unknown[], ...(mode ? { mode } : {}) })
    .where(and(eq(trainerSessions.companyId, companyId), eq(trainerSessions.id, id), eq(trainerSessions.status, 'active'), sql`jsonb_array_length(${trainerSessions.turns}) = ${expectedLength}`))
    .returning({ id: trainerSessions.id });
  return updated.length === 1;
}
