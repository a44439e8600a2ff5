// Types shared by every AI client of the voice trainer (builtin and llm), so the session loop the
// transport runs does not care which one plays the client.
import type { Stage } from '../domain/stages.ts';

export type TrainerLanguage = 'ru' | 'en';

export type ClientOutcome = 'agreed' | 'left';

/**
 * Why the client said what it said: stable codes a transport can show or translate ("the client
 * found your answer evasive"). The llm client adds `llm_reply` / `llm_reply_cleaned`.
 */
export const CLIENT_TURN_REASONS = [
  'opening', 'greeting_passed', 'greeting_unclear',
  'needs_vague', 'needs_closed_question', 'needs_skipped', 'need_revealed',
  'asks_for_offer', 'presentation_not_tied',
  'objection_raised', 'objection_repeated', 'objection_same_answer', 'objection_clarified', 'objection_needs_specifics', 'evasive_answer', 'early_next_step',
  'closing_stall', 'closing_needs_time', 'closing_hesitation', 'next_step_agreed', 'no_next_step',
  'deflected_bot_question', 'deflected_personal_question', 'silence', 'waiting',
  'patience_exhausted', 'manager_ended', 'too_long', 'already_ended',
  'llm_reply', 'llm_reply_cleaned',
] as const;
export type ClientTurnReason = (typeof CLIENT_TURN_REASONS)[number];

export interface ClientTurn {
  text: string;
  /** true when the client ended the conversation (agreed on a next step or left) */
  done: boolean;
  outcome?: ClientOutcome;
  /** the manager's weak stage this turn is pressing on, when it is one */
  pressedStage?: Stage;
  /** stable machine code of the policy decision, e.g. "objection_repeated", "patience_exhausted" */
  reason?: ClientTurnReason;
  /** true when an llm client could not answer and the builtin client answered this turn */
  fallback?: boolean;
}

/** The port the session loop uses. The builtin client is synchronous underneath. */
export interface TrainerClient {
  readonly engine: string;
  opening(): Promise<ClientTurn>;
  respond(managerText: string): Promise<ClientTurn>;
}

export function trainerLanguage(language: string | undefined): TrainerLanguage {
  return language?.toLowerCase().startsWith('en') ? 'en' : 'ru';
}
