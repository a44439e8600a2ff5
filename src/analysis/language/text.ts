// Text basics shared by every analyser: normalisation, word tokens, sentences, clauses and
// question detection. Works on punctuated text and on ASR-style lowercase text without
// punctuation (questions are then recognised by interrogative words and particles).

import { notAfterLetter } from './bounded-search.ts';
import { RIGHT_QUOTE, wordCharLength, wordEnd } from './word-scan.ts';
import { withoutFillers } from './fillers.ts';
import { tokenised } from './tokens.ts';
import { asksInRunOn } from './run-on-questions.ts';
import { foldedLowerCase } from './fold-case.ts';
import { hasPunctuation, runOnClauses } from './run-on-clauses.ts';

// Word tokens are [\p{L}\d]+ joined by - ' or ’ (as the regex WORD_RE = /[\p{L}\d]+(?:[-'’][\p{L}\d]+)*/gu would match),
// scanned by hand in tokenize().

// the last text normalised: a one-sentence turn is normalised for its speech acts and again
// as the sentence whose question-ness is checked
let memoIn = '';
let memoOut = '';

/** Lower-case, fold ё→е and typographic quotes, collapse whitespace. */
export function normalizeText(text: string): string {
  if (text === memoIn) return memoOut;
  memoOut = normalize(text);
  memoIn = text;
  return memoOut;
}

/**
 * normalizeText of a turn that is tokenised next (the speech acts' reading): the folded text is
 * tokenised at once, and when none of its words may hold a filler (noted on the word table) it is the
 * normalised text, tokens and all, without the filler search. Only for text tokenised anyway once
 * normalised, or the tokeniser's few memoised texts would be pushed out.
 */
export function normalizeUtterance(text: string): string {
  if (text === memoIn) return memoOut;
  const folded = foldedLowerCase(text);
  if (folded === null) {
    memoOut = withoutFillers(replaced(text.toLowerCase()));
  } else {
    const trimmed = folded.trim();
    memoOut = tokenised(trimmed).fillers ? withoutFillers(trimmed) : trimmed;
  }
  memoIn = text;
  return memoOut;
}

function normalize(text: string): string {
  // most turns are folded in one loop (fold-case.ts); the few with other whitespace, doubled spaces
  // or a rare character take lower-casing and every replacement one by one
  const folded = foldedLowerCase(text);
  return withoutFillers(folded !== null ? folded.trim() : replaced(text.toLowerCase()));
}

function replaced(lower: string): string {
  // none of the replacements brings in what a later one replaces
  return lower.replace(/ё/g, 'е').replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
}

function isTerminal(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 0x2026; // . ! ? …
}

function isSpace(c: number): boolean {
  return c === 32 || isOtherSpace(c);
}

/** Whitespace (what \s matches) other than the plain space. */
function isOtherSpace(c: number): boolean {
  if (c < 0xa0) return c >= 9 && c <= 13;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f
    || c === 0x3000 || c === 0xfeff;
}

/** Word tokens of already normalised text (what WORD_RE in the comment above would match). */
export function tokenize(normalized: string): string[] {
  return firstWords(normalized, Infinity);
}

/** The first `limit` word tokens (the question check reads no further than the sixth word). */
function firstWords(normalized: string, limit: number): string[] {
  const out: string[] = [];
  const n = normalized.length;
  for (let i = 0; i < n && out.length < limit;) {
    if (wordCharLength(normalized, i) > 0) {
      const end = wordEnd(normalized, i, RIGHT_QUOTE);
      out.push(normalized.slice(i, end));
      i = end;
    } else {
      i++;
    }
  }
  return out;
}

const TERMINAL = /[.!?…]/u;

/**
 * text.split(/(?<=[.!?…])\s+/u), by hand: visits the parts between the runs of whitespace that follow
 * terminal punctuation, as [from, to) (untrimmed), until the visitor returns true.
 */
function eachSentence(text: string, visit: (from: number, to: number) => boolean): void {
  let from = 0;
  for (let i = 1; i < text.length; i++) {
    // the cheap test first: most characters are not terminal punctuation
    if (!isTerminal(text.charCodeAt(i - 1)) || !isSpace(text.charCodeAt(i))) continue;
    let end = i + 1;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    if (visit(from, i)) return;
    from = end;
    i = end;
  }
  visit(from, text.length);
}

/** Sentences split on terminal punctuation; an unpunctuated turn is one sentence. */
export function splitSentences(text: string): string[] {
  // no terminal punctuation: the split would return the whole text
  if (!TERMINAL.test(text)) return [text.trim()];
  const parts: string[] = [];
  eachSentence(text, (from, to) => {
    const part = text.slice(from, to).trim();
    if (part.length > 0) parts.push(part);
    return false;
  });
  return parts.length > 0 ? parts : [text.trim()];
}

/**
 * Clauses: sentences further split on commas, dashes and semicolons (negation scope ends there); an
 * unpunctuated turn before its discourse openers ("а", "но", "давайте", run-on-clauses.ts).
 */
export function splitClauses(normalized: string): string[] {
  if (!hasPunctuation(normalized)) return runOnClauses(normalized);
  return normalized.split(/[.!?…;,:—–]+|\s-\s/u).map((s) => s.trim()).filter((s) => s.length > 0);
}

const ASR_INNER_QUESTION = notAfterLetter('(?:(?:когда|как|где|куда)\\s+(?:вам|вы|у вас|вас|удобно|удобнее|лучше)|сколько|почему|зачем|какой|какая|какие|каких|какую|каком|что вы хотели|что хотели|что вам нужно|что вас интересует|по какому вопросу)(?![\\p{L}])');

const RU_QUESTION_START = new Set([
  'как', 'какой', 'какая', 'какое', 'какие', 'каких', 'каким', 'какую', 'каков', 'что', 'чем', 'чего', 'сколько',
  'почему', 'зачем', 'где', 'куда', 'откуда', 'когда', 'кто', 'кого', 'кому', 'чей', 'чья', 'ли', 'удобно',
  'подскажите', 'скажите', 'расскажите', 'можно', 'могу', 'есть', 'правильно', 'верно', 'нужно', 'интересно',
  'а', 'вам', 'вы', 'у',
]);
const RU_STRONG_QUESTION_WORDS = new Set(['ли', 'сколько', 'почему', 'зачем', 'какой', 'какая', 'какое', 'какие', 'каких', 'какую', 'откуда']);
// requests for information count as questions: "расскажите, что нужно"
const RU_REQUEST_WORDS = new Set(['расскажите', 'подскажите', 'скажите', 'уточните', 'опишите', 'поделитесь', 'назовите']);
const NOT_ASKING_AFTER_KAK = new Set(['раз', 'обычно', 'всегда', 'договорились', 'будто', 'и', 'только', 'минимум', 'максимум']);
// "ите" in any case, ё folded as normalizeText does: every request word holds it (checked below), and
// a sentence without it is passed over without being normalised ("смотрите", "хотите" hold it, "это", "тебе" do not)
const MAY_HOLD_REQUEST = /[иИ][тТ][еЕёЁ]/u;
for (const w of RU_REQUEST_WORDS) if (!MAY_HOLD_REQUEST.test(w)) throw new Error(`request word "${w}" lacks "ите": MAY_HOLD_REQUEST would miss it`);
const EN_QUESTION_START = new Set([
  'how', 'what', 'which', 'why', 'where', 'when', 'who', 'whom', 'whose', 'do', 'does', 'did', 'is', 'are', 'was',
  'were', 'can', 'could', 'would', 'will', 'should', 'shall', 'may', 'have', 'has', 'any',
]);

/**
 * Is this sentence a question? A question mark decides; without punctuation (ASR) an
 * interrogative word at the start of the sentence, or a strong one anywhere early, decides.
 */
export function isQuestionSentence(sentence: string, language: string): boolean {
  if (sentence.includes('?')) return true;
  // a statement ends in "." or "!" and then only a request word ("подскажите…") makes it a question;
  // all of them hold "те" once normalised, so without it there is nothing to normalise and read
  if (/[.!]\s*$/u.test(sentence) && (language === 'en' || !MAY_HOLD_REQUEST.test(sentence))) return false;
  // every rule below looks at the first six words at most
  const words = firstWords(normalizeText(sentence), 6);
  if (words.length === 0) return false;
  if (language !== 'en' && words.slice(0, 3).some((w) => RU_REQUEST_WORDS.has(w))) return true;
  if (/[.!]\s*$/u.test(sentence)) return false;
  const first = words[0] ?? '';
  if (language === 'en') return EN_QUESTION_START.has(first);
  if (first === 'а' || first === 'вам' || first === 'вы' || first === 'у') {
    // "а сколько…", "вам удобно…": look at the next two words
    return words.slice(1, 4).some((w) => RU_STRONG_QUESTION_WORDS.has(w) || RU_QUESTION_START.has(w) && w !== 'а');
  }
  // "как раз", "как обычно" compare, they do not ask
  const comparing = first === 'как' && NOT_ASKING_AFTER_KAK.has(words[1] ?? '');
  if (RU_QUESTION_START.has(first) && first !== 'есть' && first !== 'нужно' && first !== 'интересно' && !comparing) return true;
  return words.slice(0, 6).some((w) => RU_STRONG_QUESTION_WORDS.has(w));
}

/** Does the turn ask anything? For unpunctuated ASR text the whole turn is one "sentence". */
export function questionSentences(text: string, language: string): string[] {
  const sentences = splitSentences(text);
  if (sentences.length === 1 && !/[.!?]/u.test(text)) {
    // ASR: a question usually ends the turn; test the tail clause after the last filler
    const tail = text.split(/\s(?=(?:а|и|вот|так|скажите|подскажите|как(?=\s+(?:вам|вы|вас|у вас|к вам|к вашему|удобно|лучше|там|с|долго|часто|давно|скоро|именно|можно)\s)|сколько|какой|какая|какие|когда|удобно)\s)/u).pop() ?? text;
    if (isQuestionSentence(tail, language) || isQuestionSentence(text, language)) return [text];
    // a question inside the run-on turn: "понял когда вам перезвонить чтобы обсудить…"
    if (language === 'en') return [];
    const normalized = normalizeText(text);
    return ASR_INNER_QUESTION.test(normalized) || asksInRunOn(normalized) ? [text] : [];
  }
  return sentences.filter((s) => isQuestionSentence(s, language));
}

/**
 * questionSentences(text, language).length > 0, without building the list: a question mark anywhere
 * decides at once, and a sentence that ends in "." or "!" with no request word in it (see
 * isQuestionSentence) is passed over without being cut out and normalised.
 */
export function asksQuestion(text: string, language: string): boolean {
  if (text.includes('?')) return true;
  if (!text.includes('.') && !text.includes('!')) return questionSentences(text, language).length > 0;
  // every sentence but the last ends in ".", "!" or "…": without "…" and without a request word
  // anywhere in the turn those are all passed over, so the last sentence alone is read
  if (!text.includes('…') && (language === 'en' || !mayHoldRequest(text, 0, text.length))) {
    return sentenceAsks(text, lastSentenceStart(text), text.length, language);
  }
  let asks = false;
  eachSentence(text, (from, to) => (asks = sentenceAsks(text, from, to, language)));
  return asks;
}

/** Is the sentence text[from, to) (untrimmed) a question, with a statement and no request word passed over unread? */
function sentenceAsks(text: string, from: number, to: number, language: string): boolean {
  let a = from;
  let b = to;
  while (a < b && isSpace(text.charCodeAt(a))) a++;
  while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
  if (a === b) return false;
  const last = text.charCodeAt(b - 1);
  if ((last === 46 || last === 33) && (language === 'en' || !mayHoldRequest(text, a, b))) return false;
  return isQuestionSentence(text.slice(from, to).trim(), language);
}

/**
 * Where the last part eachSentence visits starts, in a text whose only terminal marks are "." and
 * "!": after the whitespace behind the last of them that whitespace follows (found natively).
 */
function lastSentenceStart(text: string): number {
  for (let p = lastStop(text, text.length - 2); p >= 0; p = p > 0 ? lastStop(text, p - 1) : -1) {
    if (!isSpace(text.charCodeAt(p + 1))) continue;
    let end = p + 2;
    while (end < text.length && isSpace(text.charCodeAt(end))) end++;
    return end;
  }
  return 0;
}

/** The last "." or "!" at or before `from`, or -1. */
function lastStop(text: string, from: number): number {
  return from < 0 ? -1 : Math.max(text.lastIndexOf('.', from), text.lastIndexOf('!', from));
}

/** MAY_HOLD_REQUEST within text[from, to): "и" or "И", then "т" or "Т", then "е", "Е", "ё" or "Ё". */
function mayHoldRequest(text: string, from: number, to: number): boolean {
  return requestAround(text, 'т', from, to) || requestAround(text, 'Т', from, to);
}

/** Does some `t` in text[from + 1, to - 1) stand between "и"/"И" and "е"/"Е"/"ё"/"Ё"? Native searches for `t` (one letter in twenty) rather than a loop over every character. */
function requestAround(text: string, t: string, from: number, to: number): boolean {
  for (let i = text.indexOf(t, from + 1); i >= 0 && i + 1 < to; i = text.indexOf(t, i + 1)) {
    const b = text.charCodeAt(i - 1);
    if (b !== 0x438 && b !== 0x418) continue;
    const d = text.charCodeAt(i + 1);
    if (d === 0x435 || d === 0x415 || d === 0x451 || d === 0x401) return true;
  }
  return false;
}

const RU_STOP = new Set(('и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще ' +
  'нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там потом себя ничего ей ' +
  'может они тут где есть надо ней для мы тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того ' +
  'потому этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех никогда можно при наконец два об ' +
  'другой хоть после над больше тот через эти нас про всего них какая много разве три эту моя впрочем хорошо свою этой перед иногда ' +
  'лучше чуть том нельзя такой им более всегда конечно всю между это эта эти этих вот ага угу давайте да слушайте смотрите понятно ' +
  'просто вообще наверное значит очень у нас вас ваш ваша ваше ваши наш наша наше наши мы').split(' '));
const EN_STOP = new Set(('a an the and or but if of at by for with about to from in on is are was were be been being it its i you he she we ' +
  'they me him her us them my your our their this that these those do does did have has had not no yes so just very can could would ' +
  'will shall should may might must there here what which who whom how when where why all any some than then too also up down out ' +
  'over under again ok okay well oh hi hello thanks thank').split(' '));

export function isStopWord(word: string, language: string): boolean {
  return language === 'en' ? EN_STOP.has(word) : RU_STOP.has(word);
}

/** Content words: tokens that are not stop words, not numbers and at least 3 letters long. */
export function contentWords(normalized: string, language: string): string[] {
  return tokenize(normalized).filter((w) => w.length >= 3 && !/^\d+$/u.test(w) && !isStopWord(w, language));
}
