// A client character of the trainer: who the manager talks to. The temperament is what matters
// for training: it sets the dialogue policy's parameters and its phrasing style.
import type { Stage } from '../../domain/stages.ts';
import type { TrainerLanguage } from '../trainer-types.ts';

export type Localized = Record<TrainerLanguage, string>;

export const TEMPERAMENT_IDS = [
  'busy_director',
  'skeptical_buyer',
  'price_procurement',
  'friendly_indecisive',
  'analytical_engineer',
  'burned_customer',
  'talkative_owner',
] as const;
export type TemperamentId = (typeof TEMPERAMENT_IDS)[number];

/** How the phrase bank colours a reply; one per temperament. */
export type PhraseStyle = 'curt' | 'skeptical' | 'formal' | 'warm' | 'precise' | 'irritated' | 'chatty';

export interface DialoguePolicyParams {
  /** mood points at the start; evasive or off-topic answers cost points */
  patience: number;
  /** the client leaves (politely) when the mood falls to this level or below */
  leaveThreshold: number;
  /** good answers needed before an objection is dropped */
  goodAnswersNeeded: number;
  /** 1 = one short sentence, 3 = talks at length */
  verbosity: 1 | 2 | 3;
  /** interrupts a manager monologue longer than this many words; null = never interrupts */
  interruptAfterWords: number | null;
  /** open questions needed before the client tells its real need */
  openQuestionsNeeded: number;
  /** "я подумаю" stalls before a concrete next step is accepted */
  closingStalls: number;
}

export interface Temperament {
  id: TemperamentId;
  title: Localized;
  style: PhraseStyle;
  params: DialoguePolicyParams;
  /** stages this character naturally tests: used to pick a persona for a manager's weak stage */
  stresses: Stage[];
}

export interface Persona {
  id: string;
  name: Localized;
  role: Localized;
  description: Localized;
  temperament: Temperament;
  gender: 'female' | 'male';
  /** a small original SVG picture, safe to inline */
  avatarSvg: string;
}

export const TEMPERAMENTS: Record<TemperamentId, Temperament> = {
  busy_director: {
    id: 'busy_director',
    title: { ru: 'Занятой директор', en: 'Busy director' },
    style: 'curt',
    params: { patience: 3, leaveThreshold: 0, goodAnswersNeeded: 1, verbosity: 1, interruptAfterWords: 45, openQuestionsNeeded: 1, closingStalls: 0 },
    stresses: ['greeting', 'presentation'],
  },
  skeptical_buyer: {
    id: 'skeptical_buyer',
    title: { ru: 'Скептик', en: 'Skeptical buyer' },
    style: 'skeptical',
    params: { patience: 4, leaveThreshold: 0, goodAnswersNeeded: 2, verbosity: 2, interruptAfterWords: null, openQuestionsNeeded: 1, closingStalls: 1 },
    stresses: ['objections', 'presentation'],
  },
  price_procurement: {
    id: 'price_procurement',
    title: { ru: 'Закупщик, которому важна цена', en: 'Price-focused procurement' },
    style: 'formal',
    params: { patience: 4, leaveThreshold: 0, goodAnswersNeeded: 2, verbosity: 2, interruptAfterWords: 80, openQuestionsNeeded: 1, closingStalls: 1 },
    stresses: ['objections', 'closing'],
  },
  friendly_indecisive: {
    id: 'friendly_indecisive',
    title: { ru: 'Дружелюбный, но нерешительный', en: 'Friendly but indecisive' },
    style: 'warm',
    params: { patience: 6, leaveThreshold: 0, goodAnswersNeeded: 1, verbosity: 3, interruptAfterWords: null, openQuestionsNeeded: 2, closingStalls: 2 },
    stresses: ['closing', 'needs'],
  },
  analytical_engineer: {
    id: 'analytical_engineer',
    title: { ru: 'Дотошный технарь', en: 'Analytical engineer' },
    style: 'precise',
    params: { patience: 5, leaveThreshold: 0, goodAnswersNeeded: 2, verbosity: 3, interruptAfterWords: null, openQuestionsNeeded: 1, closingStalls: 1 },
    stresses: ['presentation', 'needs'],
  },
  burned_customer: {
    id: 'burned_customer',
    title: { ru: 'Обжёгшийся на прошлом поставщике', en: 'Burned by a previous supplier' },
    style: 'irritated',
    params: { patience: 3, leaveThreshold: 0, goodAnswersNeeded: 2, verbosity: 2, interruptAfterWords: 60, openQuestionsNeeded: 1, closingStalls: 1 },
    stresses: ['greeting', 'objections'],
  },
  talkative_owner: {
    id: 'talkative_owner',
    title: { ru: 'Разговорчивый владелец бизнеса', en: 'Talkative business owner' },
    style: 'chatty',
    params: { patience: 6, leaveThreshold: 1, goodAnswersNeeded: 1, verbosity: 3, interruptAfterWords: null, openQuestionsNeeded: 2, closingStalls: 1 },
    stresses: ['needs', 'closing'],
  },
};
