// What the API shows of a training session: the dialogue (without the internal plan), the score per
// stage and the feedback. Also the head of sales' activity summary per manager.
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import type { Stage } from '../../domain/stages.ts';
import type { SessionFeedback } from '../session-feedback.ts';
import type { ClientOutcome } from '../trainer-types.ts';
import { outcomeOf, planOf, stageScores } from './session-record.ts';
import type { SessionRow } from './trainer-store.ts';

export interface TurnView {
  speaker: 'manager' | 'client';
  text: string;
  at: string;
  input?: 'voice' | 'text';
  pressedStage?: Stage;
  reason?: string;
  done?: boolean;
  outcome?: ClientOutcome;
}

export interface SessionView {
  id: string;
  managerId: string;
  scenarioId: string | null;
  personaId: string;
  mode: 'voice' | 'text';
  status: 'active' | 'finished' | 'abandoned';
  language: 'ru' | 'en';
  weakStages: Stage[];
  turns: TurnView[];
  /** the client ended the conversation: agreed on a next step or left */
  outcome: ClientOutcome | null;
  score: number | null;
  stageScores: Partial<Record<Stage, number>>;
  feedback: SessionFeedback | null;
  startedAt: Date;
  finishedAt: Date | null;
}

export function toSessionView(row: SessionRow): SessionView {
  const plan = planOf(row.turns);
  const analysis = row.analysis as unknown as CallAnalysis | null;
  return {
    id: row.id,
    managerId: row.managerId,
    scenarioId: plan?.scenarioKey ?? row.scenarioKey,
    personaId: row.personaId,
    mode: row.mode,
    status: row.status,
    language: plan?.language ?? 'ru',
    weakStages: plan?.weakStages ?? [],
    turns: row.turns.map(({ plan: _plan, fallback: _fallback, ...turn }) => turn),
    outcome: outcomeOf(row.turns) ?? null,
    score: row.score,
    stageScores: analysis && Array.isArray(analysis.stages) ? stageScores(analysis) : {},
    feedback: (row.feedback as unknown as SessionFeedback | null) ?? null,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

export interface ManagerActivity {
  managerId: string;
  name: string;
  sessions: number;
  finished: number;
  lastSessionAt: Date | null;
  meanScore: number | null;
  /** scores of finished sessions, oldest first: the progress line */
  scores: { at: Date; score: number }[];
}

export function summarizeActivity(managers: readonly { id: string; name: string }[], rows: readonly Pick<SessionRow, 'managerId' | 'status' | 'score' | 'startedAt' | 'finishedAt'>[]): ManagerActivity[] {
  return managers.map((manager) => {
    const own = rows.filter((r) => r.managerId === manager.id);
    const scored = own.filter((r) => r.status === 'finished' && r.score !== null)
      .map((r) => ({ at: r.finishedAt ?? r.startedAt, score: r.score as number }))
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const last = own.reduce<Date | null>((latest, r) => (latest && latest > r.startedAt ? latest : r.startedAt), null);
    const mean = scored.length > 0 ? Math.round((scored.reduce((a, s) => a + s.score, 0) / scored.length) * 10) / 10 : null;
    return { managerId: manager.id, name: manager.name, sessions: own.length, finished: own.filter((r) => r.status === 'finished').length, lastSessionAt: last, meanScore: mean, scores: scored };
  });
}
