// The builtin AI client: a deterministic dialogue policy that plays the client of a scenario in
// character. It walks the company's 5 stages as an explicit state machine, presses on the
// manager's weak stages (found in real calls), resists until an answer addresses the objection
// the company's way, and agrees on a concrete next step or leaves when its patience runs out.
import type { CompanyKnowledge } from '../../domain/knowledge.ts';
import type { Stage } from '../../domain/stages.ts';
import type { Persona } from '../personas/persona.ts';
import type { Scenario, ScenarioObjection } from '../scenarios.ts';
import type { ClientTurn, ClientTurnReason, TrainerClient, TrainerLanguage } from '../trainer-types.ts';
import { trainerLanguage } from '../trainer-types.ts';
import { isFarewell, judgeIntroduction, judgeNextStep, judgeObjectionAnswer, judgePresentation, offTopicKind, openQuestionCount } from './answer-judge.ts';
import { compose, seededRandom } from './phrases.ts';
import type { Random, Situation } from './phrases.ts';
import { tokenize } from './text-signals.ts';

export const CLIENT_PHASES = ['greeting', 'needs', 'presentation', 'objection', 'closing', 'agreed', 'left'] as const;
export type ClientPhase = (typeof CLIENT_PHASES)[number];

const PHASE_STAGE: Record<Exclude<ClientPhase, 'agreed' | 'left'>, Stage> = {
  greeting: 'greeting', needs: 'needs', presentation: 'presentation', objection: 'objections', closing: 'closing',
};

/** After this many manager turns a real client ends the call whatever happens. */
const MAX_TURNS = 40;

// Turns that move nothing forward. A client tolerates a couple in a row; after that each costs patience.
const IDLE_REASONS = new Set<ClientTurnReason>(['needs_closed_question', 'asks_for_offer', 'objection_clarified', 'silence', 'waiting']);
const IDLE_GRACE = 2;

export interface BuiltinClientOptions {
  scenario: Scenario;
  persona: Persona;
  knowledge: CompanyKnowledge;
  /** the manager's weak stages from analysed calls, weakest first; empty → the normal script */
  weakStages: readonly Stage[];
  language?: TrainerLanguage | string;
  seed?: number;
}

export interface BuiltinClientState {
  phase: ClientPhase;
  mood: number;
  managerTurns: number;
  openQuestionsAsked: number;
  needRevealed: boolean;
  objectionIndex: number;
  goodAnswers: number;
  closingStallsLeft: number;
  /** a day the manager offered without a time, while the client waits for the time */
  pendingDay?: string;
  outcome?: 'agreed' | 'left';
}

export interface BuiltinClient {
  readonly engine: 'builtin';
  opening(): ClientTurn;
  respond(managerText: string): ClientTurn;
  state(): Readonly<BuiltinClientState>;
}

interface Reply { situations: Array<{ situation: Situation; vars?: Record<string, string> }>; reason: ClientTurnReason; phaseStage?: Stage }

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

export function createBuiltinClient(options: BuiltinClientOptions): BuiltinClient {
  const { scenario, persona, knowledge } = options;
  const language = trainerLanguage(options.language ?? scenario.language ?? knowledge.language);
  const weak = new Set(options.weakStages);
  const params = persona.temperament.params;
  const random: Random = seededRandom(options.seed ?? 1);
  const objections: ScenarioObjection[] = scenario.objections;
  const needed = {
    openQuestions: params.openQuestionsNeeded + (weak.has('needs') ? 1 : 0),
    goodAnswers: Math.max(1, params.goodAnswersNeeded + (weak.has('objections') ? 1 : 0)),
  };
  const state: BuiltinClientState = {
    phase: 'greeting', mood: params.patience, managerTurns: 0, openQuestionsAsked: 0, needRevealed: false,
    objectionIndex: 0, goodAnswers: 0,
    // With closing weak the client holds on to "я подумаю" even after a first concrete proposal.
    closingStallsLeft: weak.has('closing') ? Math.max(1, params.closingStalls) : 0,
  };
  const vars = (): Record<string, string> => {
    const objection = objections[state.objectionIndex];
    const text = objection ? sentence(objection.text) : '';
    return {
      name: persona.name[language], role: persona.role[language], need: sentence(scenario.clientNeed),
      needLower: lowerFirst(sentence(scenario.clientNeed)),
      objection: text, objectionLower: lowerFirst(text),
    };
  };
  const reply = (reason: ClientTurnReason, ...situations: Situation[]): Reply => ({ reason, situations: situations.map((situation) => ({ situation })) });
  const speak = (r: Reply, extra: Partial<ClientTurn> = {}): ClientTurn => {
    const text = compose(r.situations, { language, style: persona.temperament.style, verbosity: params.verbosity, random, vars: vars() });
    const stage = r.phaseStage;
    const turn: ClientTurn = { text, done: false, reason: r.reason, ...extra };
    if (stage && weak.has(stage)) turn.pressedStage = stage;
    return turn;
  };
  const finish = (outcome: 'agreed' | 'left', r: Reply): ClientTurn => {
    state.phase = outcome;
    state.outcome = outcome;
    return speak(r, { done: true, outcome });
  };
  const stageOf = (): Stage | undefined => (state.phase === 'agreed' || state.phase === 'left' ? undefined : PHASE_STAGE[state.phase]);
  const withStage = (r: Reply): Reply => {
    const stage = stageOf();
    return stage ? { ...r, phaseStage: stage } : r;
  };

  /** What the client is concerned about right now: where it returns after a digression. */
  const concern = (): Situation => {
    switch (state.phase) {
      case 'objection': return 'objection_raise';
      case 'closing': return 'closing_stall';
      case 'presentation': return 'ask_offer';
      case 'greeting': return 'greeting_cold';
      default: return state.needRevealed ? 'ask_offer' : 'needs_vague';
    }
  };

  const credited = new Set<string>();
  let idleTurns = 0;
  const enterAfterPresentation = (lead: Situation[]): Reply => {
    if (state.objectionIndex < objections.length) {
      state.phase = 'objection';
      state.goodAnswers = 0;
      return { ...reply('objection_raised', ...lead, 'objection_raise'), phaseStage: 'objections' };
    }
    state.phase = 'closing';
    return { ...reply('closing_stall', ...lead, 'closing_stall'), phaseStage: 'closing' };
  };

  const onGreeting = (text: string): Reply | 'next' => {
    const intro = judgeIntroduction(text, knowledge.name, language);
    const strict = weak.has('greeting');
    if (strict && !(intro.introduced && (intro.purpose || intro.greeted))) {
      state.mood -= 1;
      return withStage(reply('greeting_unclear', 'greeting_cold'));
    }
    state.phase = 'needs';
    // A greeting that already asks a question is answered as needs discovery.
    if (openQuestionCount(text, language) > 0) return 'next';
    return { ...reply('greeting_passed', 'greeting_ok'), phaseStage: 'greeting' };
  };

  const onNeeds = (text: string): Reply | 'next' => {
    const open = openQuestionCount(text, language);
    if (open > 0) {
      // Several questions fired in one breath count once: discovery is a dialogue.
      state.openQuestionsAsked += 1;
      if (state.openQuestionsAsked >= needed.openQuestions) {
        state.needRevealed = true;
        state.phase = 'presentation';
        return { ...reply('need_revealed', 'needs_reveal', 'ask_offer'), phaseStage: 'needs' };
      }
      return withStage(reply('needs_vague', 'needs_vague'));
    }
    if (/\?/.test(text)) return withStage(reply('needs_closed_question', 'needs_closed'));
    if (weak.has('needs')) {
      state.mood -= 1;
      return withStage(reply('needs_skipped', 'needs_skipped', 'needs_vague'));
    }
    // Normal script: a client lets a manager who skipped discovery go on to the offer.
    state.phase = 'presentation';
    return 'next';
  };

  const onPresentation = (text: string): Reply => {
    const judged = judgePresentation(text, {
      presentation: knowledge.script.presentation ?? '', product: knowledge.product ?? '', need: scenario.clientNeed,
    }, language);
    if (!judged.presented) {
      if (openQuestionCount(text, language) > 0 && !state.needRevealed) {
        state.needRevealed = true;
        return withStage(reply('need_revealed', 'needs_reveal', 'ask_offer'));
      }
      return withStage(reply('asks_for_offer', 'ask_offer'));
    }
    if (weak.has('presentation') && !judged.tied) {
      state.mood -= 0.5;
      return withStage(reply('presentation_not_tied', 'presentation_not_tied'));
    }
    return enterAfterPresentation(['presentation_ok']);
  };

  const onObjection = (text: string): Reply => {
    const objection = objections[state.objectionIndex] as ScenarioObjection;
    const judged = judgeObjectionAnswer(text, objection, language);
    const step = judgeNextStep(text, language);
    if ((step.when.day || step.when.time) && step.action && judged.matched.length <= 1) {
      // "Давайте встретимся в четверг" instead of an answer: the client brings the objection back.
      state.mood -= 0.5;
      return withStage(reply('early_next_step', 'early_next_step'));
    }
    switch (judged.verdict) {
      case 'addressed': {
        // Pressing harder means wanting a new argument: the same words again do not count twice.
        const fresh = judged.matched.filter((m) => !credited.has(m));
        if (state.goodAnswers > 0 && fresh.length === 0 && !judged.questionBack) {
          return withStage(reply('objection_same_answer', 'objection_same_answer'));
        }
        for (const m of judged.matched) credited.add(m);
        state.goodAnswers += 1;
        state.mood = Math.min(params.patience, state.mood + 0.5);
        if (state.goodAnswers < needed.goodAnswers) return withStage(reply('objection_repeated', 'objection_harder'));
        state.objectionIndex += 1;
        credited.clear();
        return enterAfterPresentation(['objection_accepted']);
      }
      case 'clarifying':
        return withStage(reply('objection_clarified', 'objection_detail'));
      case 'vague':
        state.mood -= 0.5;
        return withStage(reply('objection_needs_specifics', 'objection_vague'));
      case 'evasive':
        state.mood -= 1;
        return withStage(reply('evasive_answer', 'objection_evasive'));
    }
  };

  const onClosing = (text: string): Reply | ClientTurn => {
    const step = judgeNextStep(text, language);
    const strict = weak.has('closing');
    const day = step.when.day || state.pendingDay !== undefined;
    const concrete = strict ? day && step.when.time : (step.when.day || step.when.time) && step.action;
    if (concrete || (state.pendingDay !== undefined && step.when.time)) {
      if (state.closingStallsLeft > 0) {
        state.closingStallsLeft -= 1;
        return withStage(reply('closing_hesitation', 'closing_hesitate'));
      }
      // A new proposal with its own day replaces the day offered earlier without a time.
      const parts = step.when.day ? [step.when.text] : [state.pendingDay, step.when.text];
      const when = parts.filter(Boolean).join(' ') || (language === 'en' ? 'then' : 'так');
      return finish('agreed', { ...reply('next_step_agreed'), situations: [{ situation: 'agree', vars: { when } }] });
    }
    if (step.when.day && !step.when.time && strict) {
      state.pendingDay = step.when.text ?? '';
      return withStage(reply('closing_needs_time', 'closing_ask_time'));
    }
    if (step.acceptsStall) return finish('left', { ...reply('no_next_step', 'leave_no_next_step'), phaseStage: 'closing' });
    state.mood -= 0.5;
    return withStage(reply('closing_stall', 'closing_stall'));
  };

  const handlers: Record<'greeting' | 'needs' | 'presentation' | 'objection' | 'closing', (text: string) => Reply | ClientTurn | 'next'> = {
    greeting: onGreeting, needs: onNeeds, presentation: onPresentation, objection: onObjection, closing: onClosing,
  };

  const respondInPhase = (text: string, lead: Situation[]): ClientTurn => {
    // Each phase either answers or hands the same words on to the next phase (a manager may
    // greet and ask the first question in one breath). Bounded by the number of phases.
    for (let hop = 0; hop < 5; hop += 1) {
      if (state.phase === 'agreed' || state.phase === 'left') break;
      const result = handlers[state.phase](text);
      if (result === 'next') continue;
      if ('done' in result) return result;
      const withLead = { ...result, situations: [...lead.map((situation) => ({ situation })), ...result.situations] };
      idleTurns = IDLE_REASONS.has(result.reason) ? idleTurns + 1 : 0;
      if (idleTurns > IDLE_GRACE) state.mood -= 0.5;
      if (state.mood <= params.leaveThreshold) {
        return finish('left', { reason: 'patience_exhausted', situations: [{ situation: 'leave' }], ...(stageOf() ? { phaseStage: stageOf() as Stage } : {}) });
      }
      return speak(withLead);
    }
    return speak(reply('waiting', concern()));
  };

  return {
    engine: 'builtin',
    opening(): ClientTurn {
      const cold = weak.has('greeting') || persona.temperament.style === 'irritated';
      return speak({ ...reply('opening', cold ? 'opening_cold' : 'opening'), phaseStage: 'greeting' });
    },
    respond(managerText: string): ClientTurn {
      if (state.phase === 'agreed' || state.phase === 'left') {
        return { text: '', done: true, outcome: state.phase, reason: 'already_ended' };
      }
      const text = managerText.trim();
      state.managerTurns += 1;
      if (state.managerTurns > MAX_TURNS) return finish('left', reply('too_long', 'leave'));
      if (!text) return speak(withStage(reply('silence', concern())));

      const offTopic = offTopicKind(text);
      if (offTopic) {
        // Stay in character: deflect, never confirm being a program, return to the concern.
        state.mood -= 0.5;
        if (state.mood <= params.leaveThreshold) return finish('left', reply('patience_exhausted', 'leave'));
        return speak(withStage(reply(offTopic === 'bot' ? 'deflected_bot_question' : 'deflected_personal_question', offTopic === 'bot' ? 'deflect_bot' : 'deflect_personal', concern())));
      }
      const nextStep = judgeNextStep(text, language);
      if (isFarewell(text) && !(nextStep.when.day || nextStep.when.time)) {
        return finish('left', reply(state.phase === 'closing' ? 'no_next_step' : 'manager_ended', 'manager_ended'));
      }
      const lead: Situation[] = [];
      const limit = params.interruptAfterWords;
      if (limit !== null && tokenize(text).length > limit) {
        // A busy client cuts a monologue short: it costs patience but the words were heard.
        state.mood -= 0.5;
        lead.push('interrupt');
      }
      // A meeting proposed before the objections are answered: the client brings them back.
      const proposesMeeting = (nextStep.when.day || nextStep.when.time) && nextStep.action;
      if (proposesMeeting && (state.phase === 'greeting' || state.phase === 'needs')) {
        // Nothing has been offered yet: a real client does not book a meeting about nothing.
        state.mood -= 0.5;
        return speak(withStage(reply('early_next_step', ...lead, 'early_meeting')));
      }
      if (proposesMeeting && state.phase === 'presentation') {
        if (state.objectionIndex < objections.length) {
          state.phase = 'objection';
          state.goodAnswers = 0;
          return speak({ ...reply('objection_raised', ...lead, 'early_meeting_objection'), phaseStage: 'objections' });
        }
        state.phase = 'closing';
      }
      return respondInPhase(text, lead);
    },
    state(): Readonly<BuiltinClientState> {
      return { ...state };
    },
  };
}

/** The builtin client behind the async port the session loop uses. */
export function builtinTrainerClient(options: BuiltinClientOptions): TrainerClient & { state(): Readonly<BuiltinClientState> } {
  const client = createBuiltinClient(options);
  return {
    engine: 'builtin',
    opening: () => Promise.resolve(client.opening()),
    respond: (text: string) => Promise.resolve(client.respond(text)),
    state: () => client.state(),
  };
}
