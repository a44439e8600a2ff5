// Is a later call with the client about the same deal as the lost call? Asked only when the
// follow-up check found nothing of the recommendation done: a manager who skipped the
// recommendation on a call about the same thing gets "not applied"; a client who called about
// something else (a warranty question, another order) does not consume the recommendation.
// Pure: compares the content words of both calls (and the words the recommendation asked to say),
// leaving out the small talk every call of a company shares.
import { normalizeText } from '../analysis/language/text.ts';
import { contentStems } from '../analysis/language/stem.ts';
import type { Turn } from '../domain/transcript.ts';

/** Stems of words every sales call carries (greetings, politeness, "call", "company"). */
const SMALL_TALK = new Set([
  'добр', 'ден', 'нужн', 'над', 'здравств', 'здравствуйт', 'удобн', 'говор', 'звон', 'звонк', 'позвон', 'перезвон', 'компан', 'зовут', 'мен', 'спасиб', 'свидан', 'всег',
  'хорош', 'ладн', 'минут', 'пар', 'слуша', 'подскаж', 'скаж', 'сказа', 'прошл', 'разговор', 'вопрос', 'завтр', 'сегодн', 'вчер',
  'hello', 'good', 'morn', 'afternoon', 'call', 'compani', 'name', 'thank', 'bye', 'time', 'minut', 'today', 'tomorrow', 'question',
]);

function stemsOf(texts: string[], language: string): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const s of contentStems(normalizeText(text), language)) if (s.length >= 3 && !SMALL_TALK.has(s)) out.add(s);
  return out;
}

export interface SameDealInput {
  lostTurns: Turn[];
  recommendationScript: string;
  followUpTurns: Turn[];
  language: string;
  /** words to leave out too, e.g. the company's name that every call says */
  ignore?: string;
}

/** Distinct topic words both calls must share to be about the same deal. */
export const MIN_SHARED_TOPIC_WORDS = 3;

export function sharedTopicWords(input: SameDealInput): string[] {
  const before = stemsOf([...input.lostTurns.map((t) => t.text), input.recommendationScript], input.language);
  const after = stemsOf(input.followUpTurns.map((t) => t.text), input.language);
  const ignored = stemsOf([input.ignore ?? ''], input.language);
  return [...after].filter((s) => before.has(s) && !ignored.has(s));
}

export function sharesTopic(input: SameDealInput): boolean {
  return sharedTopicWords(input).length >= MIN_SHARED_TOPIC_WORDS;
}
