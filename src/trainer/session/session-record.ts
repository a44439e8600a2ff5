// What a training session stores, turn by turn, and the pure rules over it: the transcript the
// analysis engine scores, the session score, when an unattended session counts as abandoned, and
// how a session's client is rebuilt after a dropped connection or a restart (replay).
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import { isStage, STAGES } from '../../domain/stages.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Transcript } from '../../domain/transcript.ts';
import type { SessionTurn } from '../session-feedback.ts';
import type { ClientOutcome, TrainerClient } from '../trainer-types.ts';

/** How the client was set up; kept on the opening turn so a resumed session plays the same client. */
export interface SessionPlanRecord {
  scenarioKey: string;
  weakStages: Stage[];
  engine: string;
  language: 'ru' | 'en';
}

export interface StoredTurn {
  speaker: 'manager' | 'client';
  text: string;
  /** ISO time the turn was stored */
  at: string;
  /** how a manager turn arrived */
  input?: 'voice' | 'text';
  pressedStage?: Stage;
  reason?: string;
  done?: boolean;
  outcome?: ClientOutcome;
  fallback?: boolean;
  /** only on the opening turn */
  plan?: SessionPlanRecord;
}

/** A session with no turn for this long is closed as abandoned (the transcript so far is kept). */
export const ABANDON_AFTER_MS = 30 * 60 * 1000;

export function lastActivity(startedAt: Date, turns: readonly StoredTurn[]): Date {
  const last = turns.at(-1)?.at;
  const time = last ? Date.parse(last) : Number.NaN;
  return Number.isFinite(time) ? new Date(Math.max(time, startedAt.getTime())) : startedAt;
}

export function isStale(startedAt: Date, turns: readonly StoredTurn[], now: Date, limitMs = ABANDON_AFTER_MS): boolean {
  return now.getTime() - lastActivity(startedAt, turns).getTime() > limitMs;
}

export function planOf(turns: readonly StoredTurn[]): SessionPlanRecord | undefined {
  return turns[0]?.plan;
}

/** The client's final outcome, if the conversation reached one. */
export function outcomeOf(turns: readonly StoredTurn[]): ClientOutcome | undefined {
  const last = [...turns].reverse().find((t) => t.speaker === 'client' && t.done);
  return last?.outcome;
}

export function feedbackTurns(turns: readonly StoredTurn[]): SessionTurn[] {
  return turns.map((t) => ({
    speaker: t.speaker, text: t.text,
    ...(t.pressedStage ? { pressedStage: t.pressedStage } : {}),
    ...(t.reason ? { reason: t.reason } : {}),
  }));
}

/** The session as a call transcript: the analysis engine scores it like any call. */
export function sessionTranscript(turns: readonly StoredTurn[], language: string): Transcript {
  return { language, turns: turns.filter((t) => t.text.trim() !== '').map((t) => ({ speaker: t.speaker, text: t.text })) };
}

/** Mean of the stage scores (0–10), one decimal; null when no stage was scored. */
export function sessionScore(analysis: Pick<CallAnalysis, 'stages'>): number | null {
  const scores = analysis.stages.map((s) => s.score).filter((s) => Number.isFinite(s));
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
}

export function stageScores(analysis: Pick<CallAnalysis, 'stages'>): Partial<Record<Stage, number>> {
  const out: Partial<Record<Stage, number>> = {};
  for (const stage of STAGES) {
    const found = analysis.stages.find((s) => s.stage === stage);
    if (found) out[stage] = found.score;
  }
  return out;
}

export function parseStoredTurns(value: unknown): StoredTurn[] {
  if (!Array.isArray(value)) return [];
  return value.filter((t): t is StoredTurn => typeof t === 'object' && t !== null && (t.speaker === 'manager' || t.speaker === 'client') && typeof t.text === 'string')
    .map((t) => (t.pressedStage && !isStage(t.pressedStage) ? { ...t, pressedStage: undefined } as StoredTurn : t));
}

/**
 * Brings a freshly created client to where the stored conversation is: the opening, then every
 * manager turn. The builtin client is deterministic for a seed, so its state ends where it was.
 */
export async function replayClient(client: TrainerClient, turns: readonly StoredTurn[]): Promise<void> {
  await client.opening();
  for (const turn of turns) if (turn.speaker === 'manager') await client.respond(turn.text);
}

/** A stable seed per session, so a replay draws the same phrases. */
export function seedOf(sessionId: string): number {
  let hash = 2166136261;
  for (const char of sessionId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash % 1_000_000;
}
