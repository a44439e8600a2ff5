// The text signals the builtin client needs to judge a manager's reply by meaning: words, stems,
// concepts, questions, concrete dates/times and offers. Words, stems, questions and dates come from
// the shared language module (src/analysis/language/); what is trainer-specific (concept groups,
// open questions, concrete offers) lives here. This file is the one place to adapt if that module's
// API changes.
import {
  contentStems as languageContentStems, detectTimeAnchors, normalizeText, questionSentences, splitSentences,
  tokenize as languageTokenize,
} from '../../analysis/language/index.ts';
import type { TrainerLanguage } from '../trainer-types.ts';

export function tokenize(text: string): string[] {
  return languageTokenize(normalizeText(text));
}

/** Stems of the words that carry meaning (no stop words, no short words, no numbers). */
export function contentStems(text: string, language: TrainerLanguage): Set<string> {
  return new Set(languageContentStems(normalizeText(text), language));
}

// Concept groups: different words for one idea, so "частями" meets "рассрочка" and "refund" meets
// "гарантия возврата". Prefixes of lower-cased words; kept small and general on purpose.
const CONCEPTS: Record<string, string[]> = {
  price: ['цен', 'стоим', 'дорог', 'дешев', 'бюджет', 'денег', 'деньг', 'price', 'cost', 'expensive', 'cheap', 'budget'],
  installment: ['рассроч', 'частям', 'помесяч', 'ежемесяч', 'кредит', 'платеж', 'оплат', 'installment', 'monthly', 'payment', 'financ'],
  discount: ['скидк', 'акци', 'бонус', 'подар', 'discount', 'promo', 'bonus'],
  guarantee: ['гарант', 'возврат', 'вернем', 'вернут', 'риск', 'guarant', 'refund', 'money back', 'warranty', 'risk'],
  trial: ['пробн', 'тестов', 'бесплатн', 'демо', 'попроб', 'trial', 'demo', 'pilot', 'free trial', 'for free'],
  value: ['окуп', 'эконом', 'выгод', 'прибыл', 'сэконом', 'roi', 'save', 'saving', 'pays off', 'value', 'profit'],
  comparison: ['конкурент', 'сравн', 'отлича', 'отличи', 'аналог', 'другие', 'compet', 'compar', 'differ', 'alternative'],
  proof: ['кейс', 'отзыв', 'пример', 'рекомендац', 'case stud', 'review', 'reference', 'testimonial'],
  time: ['срок', 'быстр', 'недел', 'дней', 'минут', 'fast', 'quick', 'week', 'hour'],
  quality: ['качеств', 'надежн', 'сертифик', 'материал', 'quality', 'reliab', 'certif', 'material'],
  decision: ['руковод', 'директор', 'партнер', 'согласова', 'коллег', 'решени', 'boss', 'manager', 'partner', 'approv', 'decision', 'colleague'],
  meeting: ['встреч', 'созвон', 'звонок', 'перезвон', 'демонстрац', 'презентац', 'замер', 'приех', 'meeting', 'call', 'demo', 'visit'],
};

export function conceptsOf(text: string): Set<string> {
  const lower = text.toLowerCase().replaceAll('ё', 'е');
  const words = tokenize(lower);
  const out = new Set<string>();
  for (const [concept, prefixes] of Object.entries(CONCEPTS)) {
    const hit = prefixes.some((prefix) => (prefix.includes(' ') ? lower.includes(prefix) : words.some((w) => w.startsWith(prefix))));
    if (hit) out.add(concept);
  }
  return out;
}

const OPEN_RU = /(^|[^\p{L}])(что|чем|чего|как|каки\p{L}*|како\p{L}*|почему|зачем|для чего|расскаж\p{L}*|опиш\p{L}*|поделит\p{L}*|сколько|где|когда|в чем|с чем|кто)([^\p{L}]|$)/iu;
const OPEN_EN = /\b(what|how|why|which|who|where|when|tell me|describe|walk me through)\b/i;
const IMPERATIVE_OPEN = /^(расскаж|опиш|поделит|tell me|describe|walk me)/iu;

export function sentences(text: string): string[] {
  return splitSentences(text);
}

export function isQuestion(text: string, language: TrainerLanguage): boolean {
  return questionSentences(text, language).length > 0;
}

/** An open question invites the client to talk ("Как вы сейчас…?", "Расскажите…"), not to say yes/no. */
export function countOpenQuestions(text: string, language: TrainerLanguage): number {
  const questions = new Set(questionSentences(text, language));
  let count = 0;
  for (const s of splitSentences(text)) {
    const imperative = IMPERATIVE_OPEN.test(normalizeText(s).replace(/^[^\p{L}]+/u, ''));
    if (!questions.has(s) && !imperative) continue;
    // "Ну так что, берёте?" asks for a yes, not for a story.
    const asked = s.replace(/(ну|так|ну так|ну и)\s+что(?=[^\p{L}]|$)/giu, ' ');
    if (OPEN_RU.test(asked) || OPEN_EN.test(asked) || imperative) count += 1;
  }
  return count;
}

export interface WhenSignal { day: boolean; time: boolean; text?: string }

/** Does the reply name a concrete day and/or time? ("в четверг в 10:00", "завтра к десяти"). */
export function findWhen(text: string, language: TrainerLanguage): WhenSignal {
  const normalized = normalizeText(text);
  // "до 20% в год" is a share, not a time: the shared detector lets a number glued to "%" through.
  const anchors = detectTimeAnchors(normalized, /[а-яё]/i.test(text) ? 'ru' : language)
    .filter((a) => !(a.kind === 'time' && normalized.charAt(a.index + a.text.length) === '%'));
  const day = anchors.some((a) => a.kind === 'day' || a.kind === 'date');
  const time = anchors.some((a) => a.kind === 'time');
  // Quote the manager's own spelling ("Thursday", not "thursday") when it can be found again.
  const lower = text.toLowerCase().replaceAll('ё', 'е');
  const original = (anchor: string): string => {
    const at = lower.indexOf(anchor);
    if (at < 0) return anchor;
    // Keep the preposition the manager used: "в четверг", "в 10:00", "on Friday".
    const preposition = text.slice(0, at).match(/(?:^|[^\p{L}])((?:в|во|к|на|on|at|by)\s+)$/iu)?.[1] ?? '';
    return `${preposition}${text.slice(at, at + anchor.length)}`;
  };
  const concrete = anchors.filter((a) => a.kind === 'day' || a.kind === 'date' || a.kind === 'time').map((a) => original(a.text));
  return concrete.length > 0 ? { day, time, text: concrete.join(' ') } : { day, time };
}

/** A concrete offer: numbers, money, percent, or an explicit proposal verb. */
export function hasConcreteOffer(text: string): boolean {
  const lower = text.toLowerCase().replaceAll('ё', 'е');
  return /\d/.test(lower)
    || /(предлага|предложу|можем|могу|давайте|сделаем|зафиксир|дадим|дам |отправлю|пришлю|покажу|включим|бесплатн|we can|i can|let's|let us|i'll|i will|we'll|offer|propose|send you|show you)/u.test(lower);
}
