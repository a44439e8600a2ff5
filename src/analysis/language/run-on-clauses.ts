// Clause borders in an unpunctuated (speech-recognition) Russian turn. Punctuation ends a clause in
// written text; without it a whole turn reads as one, and a negation, a question or an offer reaches
// into the next thought ("у нас так не выйдет а ночью приезжает старший"). Spoken Russian opens a new
// clause with a few discourse words: a contrast ("а", "но", "зато", "однако"), a call for attention
// ("слушайте", "смотрите", "так вот", "кстати"), a proposal or a request ("давайте", "скажите",
// "подскажите"), and a question word after an acknowledgement ("понятно сколько…"). The split is
// conservative: only a turn with no punctuation of its own, and only where the clause before holds
// at least two words and the one after at least two ("а да", "ну а вы" stay whole).

import { ACKNOWLEDGEMENT_WORDS } from './run-on-questions.ts';

const OPENERS = new Set(['а', 'но', 'зато', 'однако', 'слушайте', 'смотрите', 'кстати', 'давайте', 'скажите', 'подскажите']);
// a two-word opener by its first word: "так вот"
const TWO_WORD_OPENERS = new Map([['так', 'вот']]);
const QUESTION_WORDS = new Set(['сколько', 'почему', 'зачем', 'когда', 'какой', 'какая', 'какое', 'какие', 'какую', 'каких', 'где', 'куда']);
// a clause that is complete in one word: what a question word may follow as a new clause
const ACKNOWLEDGEMENTS = new Set<string>([...ACKNOWLEDGEMENT_WORDS, 'договорились']);
const MIN_WORDS = 2;
const PUNCTUATION = /[.,!?…;:—–]|\s-\s/u;

/** Does the text carry punctuation of its own (then its punctuation marks the clauses)? */
export function hasPunctuation(text: string): boolean {
  return PUNCTUATION.test(text);
}

/** Where a new clause starts, as word indexes (never 0). */
function borders(words: readonly string[]): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = MIN_WORDS; i <= words.length - MIN_WORDS; i++) {
    if (i - start < MIN_WORDS) continue;
    const w = words[i] ?? '';
    const opens = OPENERS.has(w) || TWO_WORD_OPENERS.get(w) === words[i + 1]
      || (QUESTION_WORDS.has(w) && ACKNOWLEDGEMENTS.has(words[i - 1] ?? ''));
    if (!opens) continue;
    out.push(i);
    start = i;
  }
  return out;
}

/**
 * The clauses of a normalised turn (normalizeText): split before the discourse openers above when the
 * turn has no punctuation, else the turn itself as its one clause.
 */
export function runOnClauses(normalized: string): string[] {
  const text = normalized.trim();
  if (text === '' || hasPunctuation(text)) return text === '' ? [] : [text];
  const words = text.split(/ +/u);
  const cuts = borders(words);
  if (cuts.length === 0) return [text];
  const out: string[] = [];
  let from = 0;
  for (const cut of [...cuts, words.length]) {
    out.push(words.slice(from, cut).join(' '));
    from = cut;
  }
  return out;
}
