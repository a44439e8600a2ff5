// The voice trainer as the product runs it: the company's scenarios (generated from its knowledge,
// plus the integrator's edits), sessions that persist every turn, the AI client answering each
// manager turn, and the score + feedback of a finished session from the analysis engine. Transports
// (REST and the WebSocket voice loop) call this; it knows nothing about HTTP or audio.
import { randomUUID } from 'node:crypto';
import type { AppDb } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';
import { requireRole } from '../auth/actor.ts';
import { CannotAnalyseError } from '../domain/call-analysis.ts';
import type { CallAnalysis, CallAnalysisEngine } from '../domain/call-analysis.ts';
import { AppError, invalid, notFound } from '../domain/errors.ts';
import type { CompanyKnowledge } from '../domain/knowledge.ts';
import { loadKnowledgeTx } from '../knowledge/load-knowledge.ts';
import { PERSONAS } from './personas/persona-library.ts';
import { generateScenarios, mergeScenarios, ScenarioSchema } from './scenarios.ts';
import type { Scenario, ScenarioEdit } from './scenarios.ts';
import { buildSessionFeedback } from './session-feedback.ts';
import { createTrainerClient, planTrainerSession } from './trainer-setup.ts';
import type { TrainerClientSettings, TrainerSessionPlan } from './trainer-setup.ts';
import type { ClientTurn, TrainerClient } from './trainer-types.ts';
import { feedbackTurns, isStale, outcomeOf, planOf, replayClient, seedOf, sessionScore, sessionTranscript } from './session/session-record.ts';
import type { StoredTurn } from './session/session-record.ts';
import { appendTurns, companyManagers, findSession, insertSession, listSessionsOf, loadEdits, managerAnalyses, saveEdit, scenarioAnchor, tenant, updateSession } from './session/trainer-store.ts';
import type { SessionRow } from './session/trainer-store.ts';
import { summarizeActivity, toSessionView } from './session/session-view.ts';
import type { ManagerActivity, SessionView } from './session/session-view.ts';
import { weakStagesFromAnalyses } from './session/weak-stages.ts';

export type { ManagerActivity, SessionView } from './session/session-view.ts';

export const SCENARIO_EDITORS = ['head_of_sales', 'integrator'] as const;
export const ACTIVITY_READERS = ['head_of_sales', 'integrator'] as const;

export interface TrainerServiceDeps {
  db: AppDb;
  /** the analysis engine that scores a finished session (created lazily by the caller) */
  analysisEngine: () => CallAnalysisEngine;
  clientSettings?: TrainerClientSettings;
  now?: () => Date;
  abandonAfterMs?: number;
}

export interface StartSessionInput {
  scenarioId?: string | null;
  personaId?: string | null;
  mode: 'voice' | 'text';
}

export interface TurnResult {
  managerTurn: StoredTurn;
  clientTurn: StoredTurn;
  session: SessionView;
}

/** Minimal feedback when the analysis cannot score the session (the manager said nearly nothing). */
function emptyFeedback(language: 'ru' | 'en', outcome: string): Record<string, unknown> {
  const summary = language === 'en' ? 'The conversation was too short to score. Say more and finish again next time.' : 'Разговор слишком короткий для оценки. В следующий раз проведите диалог дальше.';
  return { language, outcome, summary, stages: [], strengths: [], text: summary };
}

export function createTrainerService(deps: TrainerServiceDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const clientSettings = deps.clientSettings ?? { engine: 'builtin' };
  // The live client of each session this process talks to, with the session as last stored.
  const live = new Map<string, { client: TrainerClient; managerTurns: number; row?: SessionRow }>();
  const queues = new Map<string, Promise<unknown>>();

  /** One turn at a time per session: a voice turn and a typed turn must not interleave. */
  function serialized<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(sessionId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    queues.set(sessionId, next);
    void next.finally(() => {
      if (queues.get(sessionId) === next) queues.delete(sessionId);
    }).catch(() => undefined);
    return next;
  }

  async function scenariosOf(companyId: string): Promise<{ knowledge: CompanyKnowledge; scenarios: Scenario[]; edits: ScenarioEdit[]; generated: Scenario[] }> {
    return tenant(db, companyId, async (tx) => {
      const knowledge = await loadKnowledgeTx(tx, companyId);
      const edits = await loadEdits(tx, companyId);
      const generated = generateScenarios(knowledge);
      return { knowledge, edits, generated, scenarios: mergeScenarios(generated, edits).scenarios };
    });
  }

  /** A session of this actor: a manager reaches only own sessions (404 otherwise, nothing leaks). */
  async function ownSession(actor: Actor, id: string): Promise<SessionRow> {
    if (actor.kind !== 'user') throw new AppError('auth.user_required', 'The trainer needs a signed-in person.', { status: 403 });
    const row = await tenant(db, actor.companyId, (tx) => findSession(tx, actor.companyId, id));
    const readsOthers = actor.role === 'head_of_sales' || actor.role === 'integrator';
    if (!row || (row.managerId !== actor.userId && !readsOthers)) throw notFound('Training session');
    return row;
  }

  function assertOwner(actor: Actor, row: SessionRow): void {
    if (actor.kind !== 'user' || row.managerId !== actor.userId) throw notFound('Training session');
  }

  async function abandonIfStale(row: SessionRow): Promise<SessionRow> {
    if (row.status !== 'active' || !isStale(row.startedAt, row.turns, now(), deps.abandonAfterMs)) return row;
    const finishedAt = now();
    await tenant(db, row.companyId, (tx) => updateSession(tx, row.companyId, row.id, { status: 'abandoned', finishedAt }));
    live.delete(row.id);
    return { ...row, status: 'abandoned', finishedAt };
  }

  async function planFor(row: SessionRow): Promise<{ plan: TrainerSessionPlan; knowledge: CompanyKnowledge }> {
    const stored = planOf(row.turns);
    const { knowledge, edits, scenarios } = await scenariosOf(row.companyId);
    const key = stored?.scenarioKey ?? row.scenarioKey;
    const scenario = scenarios.find((s) => s.id === key);
    const plan = planTrainerSession({
      knowledge, edits, weakStages: stored?.weakStages ?? [], personaId: row.personaId, seed: seedOf(row.id),
      ...(scenario ? { scenarioId: scenario.id } : {}),
    });
    return { plan, knowledge };
  }

  /** The live client of a session; rebuilt by replay after a restart or on another API process. */
  async function clientFor(row: SessionRow): Promise<TrainerClient> {
    const managerTurns = row.turns.filter((t) => t.speaker === 'manager').length;
    const cached = live.get(row.id);
    if (cached && cached.managerTurns === managerTurns) return cached.client;
    const { plan, knowledge } = await planFor(row);
    // A rebuilt llm client would re-ask the chat server for every past turn; the builtin policy
    // replays instantly and deterministically, so a resumed session goes on with it.
    const client = createTrainerClient({ engine: 'builtin' }, { ...plan, knowledge, seed: seedOf(row.id) });
    await replayClient(client, row.turns);
    live.set(row.id, { client, managerTurns, row });
    return client;
  }

  function clientTurnRecord(turn: ClientTurn, at: string): StoredTurn {
    return {
      speaker: 'client', text: turn.text, at,
      ...(turn.pressedStage ? { pressedStage: turn.pressedStage } : {}),
      ...(turn.reason ? { reason: turn.reason } : {}),
      ...(turn.done ? { done: true } : {}),
      ...(turn.outcome ? { outcome: turn.outcome } : {}),
      ...(turn.fallback ? { fallback: true } : {}),
    };
  }

  return {
    async listScenarios(actor: Actor): Promise<Scenario[]> {
      return (await scenariosOf(actor.companyId)).scenarios;
    },

    /** The integrator's edit of one scenario (any fields, `deleted`, or a complete new scenario). */
    async saveScenario(actor: Actor, key: string, patch: Omit<ScenarioEdit, 'id'>): Promise<Scenario | null> {
      requireRole(actor, SCENARIO_EDITORS);
      const { generated, edits } = await scenariosOf(actor.companyId);
      const previous = edits.find((e) => e.id === key);
      const edit: ScenarioEdit = { ...previous, ...patch, id: key, companyId: actor.companyId };
      const base = generated.find((s) => s.id === key);
      if (!base && !edit.deleted && !ScenarioSchema.safeParse({ ...edit, source: 'custom' }).success) {
        throw invalid(`Scenario "${key}" does not exist; a new scenario needs every field (kind, language, title, situation, clientNeed, objections, successCriteria, targetStages, enabled).`, { key });
      }
      const merged = mergeScenarios(base ? [base] : [], [edit]).scenarios[0] ?? null;
      await tenant(db, actor.companyId, (tx) => saveEdit(tx, actor.companyId, edit, merged?.title ?? base?.title ?? key, merged?.kind ?? base?.kind ?? 'script'));
      return merged;
    },

    listPersonas() {
      return PERSONAS;
    },

    async weakStagesOf(companyId: string, managerId: string) {
      return weakStagesFromAnalyses(await tenant(db, companyId, (tx) => managerAnalyses(tx, companyId, managerId)));
    },

    async startSession(actor: Actor, input: StartSessionInput): Promise<SessionView> {
      if (actor.kind !== 'user') throw new AppError('auth.user_required', 'The trainer needs a signed-in person.', { status: 403 });
      const { companyId, userId } = actor;
      // A new session closes the manager's forgotten ones: only one conversation at a time is real.
      for (const row of await tenant(db, companyId, (tx) => listSessionsOf(tx, companyId, userId, 20))) await abandonIfStale(row);
      const weakStages = await this.weakStagesOf(companyId, userId);
      const { knowledge, edits } = await scenariosOf(companyId);
      const id = randomUUID();
      const seed = seedOf(id);
      const plan = planTrainerSession({ knowledge, edits, weakStages, scenarioId: input.scenarioId ?? null, personaId: input.personaId ?? null, seed });
      const engine = clientSettings.engine ?? 'builtin';
      const client = createTrainerClient(clientSettings, { ...plan, knowledge, seed });
      const opening = await client.opening();
      const at = now().toISOString();
      const turns: StoredTurn[] = [{ ...clientTurnRecord(opening, at), plan: { scenarioKey: plan.scenario.id, weakStages: plan.weakStages, engine, language: plan.language } }];
      await tenant(db, companyId, async (tx) => {
        const scenarioId = await scenarioAnchor(tx, companyId, plan.scenario);
        await insertSession(tx, { id, companyId, managerId: userId, scenarioId, personaId: plan.persona.id, mode: input.mode, turns });
      });
      live.set(id, { client, managerTurns: 0 });
      return this.getSession(actor, id);
    },

    /** The session's plan for the voice loop: language and persona (for the voice). */
    async sessionPlan(actor: Actor, id: string): Promise<{ session: SessionView; plan: TrainerSessionPlan }> {
      const row = await abandonIfStale(await ownSession(actor, id));
      assertOwner(actor, row);
      const { plan } = await planFor(row);
      return { session: toSessionView(row), plan };
    },

    async takeTurn(actor: Actor, id: string, text: string, input: 'voice' | 'text' = 'text'): Promise<TurnResult> {
      const words = text.trim();
      if (!words) throw invalid('Say or type something: the turn is empty.');
      return serialized(id, async () => {
        for (let attempt = 0; ; attempt += 1) {
          // The session this process stored last is current unless another process appended since;
          // appendTurns checks that, so a voice turn needs no read before it is answered.
          const cached = attempt === 0 ? live.get(id)?.row : undefined;
          const owned = cached && actor.kind === 'user' && cached.companyId === actor.companyId && cached.managerId === actor.userId ? cached : await ownSession(actor, id);
          const row = await abandonIfStale(owned);
          assertOwner(actor, row);
          if (row.status !== 'active') throw new AppError('trainer.session_closed', `This training session is ${row.status}; start a new one.`, { status: 409 });
          if (outcomeOf(row.turns)) throw new AppError('trainer.conversation_over', 'The client has ended the conversation; finish the session to see the score.', { status: 409 });
          const client = await clientFor(row);
          const reply = await client.respond(words);
          const at = now().toISOString();
          const managerTurn: StoredTurn = { speaker: 'manager', text: words, at, input };
          const clientTurn = clientTurnRecord(reply, at);
          const turns = [...row.turns, managerTurn, clientTurn];
          const mode = input === 'voice' && row.mode !== 'voice' ? 'voice' as const : undefined;
          // Every turn is stored before it is answered on the wire: a dropped connection keeps it.
          const stored = await tenant(db, row.companyId, (tx) => appendTurns(tx, row.companyId, row.id, row.turns.length, turns, mode));
          if (!stored) {
            // Someone else moved the conversation on: this client's answer is stale; start over.
            live.delete(id);
            if (attempt < 2) continue;
            throw new AppError('trainer.session_busy', 'The session changed in another window; reload it and try again.', { status: 409, retryable: true });
          }
          const next: SessionRow = { ...row, turns, ...(mode ? { mode } : {}) };
          live.set(id, { client, managerTurns: turns.filter((t) => t.speaker === 'manager').length, row: next });
          return { managerTurn, clientTurn, session: toSessionView(next) };
        }
      });
    },

    async finishSession(actor: Actor, id: string): Promise<SessionView> {
      return serialized(id, async () => {
        const row = await ownSession(actor, id);
        assertOwner(actor, row);
        if (row.status === 'finished') return toSessionView(row);
        const { knowledge } = await scenariosOf(row.companyId);
        const plan = planOf(row.turns);
        const language = plan?.language ?? (knowledge.language.startsWith('en') ? 'en' : 'ru');
        const outcome = outcomeOf(row.turns);
        let analysis: CallAnalysis | null = null;
        let feedback: Record<string, unknown>;
        let score: number | null = null;
        const managerSpoke = row.turns.some((t) => t.speaker === 'manager');
        try {
          if (!managerSpoke) throw new CannotAnalyseError('trainer.nothing_said', 'The manager said nothing.');
          analysis = await deps.analysisEngine().analyze({ transcript: sessionTranscript(row.turns, language), knowledge });
          const scenario = (await scenariosOf(row.companyId)).scenarios.find((s) => s.id === plan?.scenarioKey);
          feedback = buildSessionFeedback({ turns: feedbackTurns(row.turns), analysis, knowledge, ...(scenario ? { scenario } : {}), ...(outcome ? { outcome } : {}) }) as unknown as Record<string, unknown>;
          score = sessionScore(analysis);
        } catch (error) {
          if (!(error instanceof CannotAnalyseError)) throw error;
          feedback = emptyFeedback(language, outcome ?? 'unfinished');
        }
        const finishedAt = now();
        await tenant(db, row.companyId, (tx) => updateSession(tx, row.companyId, row.id, {
          status: 'finished', finishedAt, score, feedback, analysis: analysis as unknown as Record<string, unknown> | null,
        }));
        live.delete(id);
        return toSessionView({ ...row, status: 'finished', finishedAt, score, feedback, analysis: analysis as unknown as Record<string, unknown> | null });
      });
    },

    async getSession(actor: Actor, id: string): Promise<SessionView> {
      return toSessionView(await abandonIfStale(await ownSession(actor, id)));
    },

    /** The actor's own sessions, newest first. */
    async listOwnSessions(actor: Actor): Promise<SessionView[]> {
      if (actor.kind !== 'user') throw new AppError('auth.user_required', 'The trainer needs a signed-in person.', { status: 403 });
      const rows = await tenant(db, actor.companyId, (tx) => listSessionsOf(tx, actor.companyId, actor.userId));
      const fresh: SessionRow[] = [];
      for (const row of rows) fresh.push(await abandonIfStale(row));
      return fresh.map(toSessionView);
    },

    /** How each manager trains: for the head of sales' manager cards. */
    async activity(actor: Actor): Promise<ManagerActivity[]> {
      requireRole(actor, ACTIVITY_READERS);
      const { companyId } = actor;
      return tenant(db, companyId, async (tx) => summarizeActivity(await companyManagers(tx, companyId), await listSessionsOf(tx, companyId, null, 5000)));
    },
  };
}

export type TrainerService = ReturnType<typeof createTrainerService>;
