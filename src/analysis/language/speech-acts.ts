// What an utterance does: agrees, refuses, puts off, objects, greets, says goodbye, names a time.
// Negation has a scope: "нет проблем", "почему нет", "нет, всё понятно, давайте в четверг" are not
// refusals. A bare "нет" is a refusal only when it answers a proposal and nothing in the same turn
// takes it back; after an information question ("машина у вас есть?" — "нет") it is just an answer.
import { compileCueGroup, compileCues, findAllCues, findCue, hasCue, matchGroupHits } from './cues.ts';
import type { CueGroup, CueHit } from './cues.ts';
import type { CueSet } from './cues.ts';
import { notAfterLetter } from './bounded-search.ts';
import { detectTimeAnchors } from './datetime.ts';
import type { TimeAnchor } from './datetime.ts';
import { asksQuestion, normalizeUtterance } from './text.ts';
import { tokenised } from './tokens.ts';
import type { Lexeme } from './tokens.ts';
import * as ru from './lexicon-ru.ts';
import * as en from './lexicon-en.ts';

export type ConcernKind = 'price' | 'competitor' | 'need' | 'time' | 'trust' | 'authority' | 'quality';
export const CONCERN_KINDS: readonly ConcernKind[] = ['price', 'competitor', 'need', 'time', 'trust', 'authority', 'quality'];

export interface UtteranceContext {
  /** the other side's previous turn proposed something (an offer, a meeting, "интересно?") */
  answersProposal?: boolean;
}

export interface SpeechActs {
  normalized: string;
  question: boolean;
  acceptance: 'strong' | 'weak' | null;
  /** the refusing words, when the utterance refuses */
  refusal: string | null;
  deferral: string | null;
  concern: ConcernKind | null;
  concernText: string | null;
  greeting: boolean;
  farewell: boolean;
  anchors: TimeAnchor[];
}

interface LanguageCues {
  neutralizers: CueSet;
  refusal: CueSet;
  commitAccept: CueSet;
  strongAccept: CueSet;
  weakAccept: CueSet;
  deferral: CueSet;
  concerns: [ConcernKind, CueSet][];
  greeting: CueSet;
  farewell: CueSet;
  bareNo: RegExp;
  /** the group's cue lists by set name, for a caller's own group that holds them too (compileSpeechCueGroup) */
  lists: Record<string, readonly string[]>;
  /** acceptance, deferral, greeting, farewell and every concern, for the one-pass fast path */
  speech: SpeechCueGroup;
}

/** A cue group with the speech acts' sets (and maybe others) and those sets' numbers in it. */
export interface SpeechCueGroup {
  readonly group: CueGroup<string>;
  /** the group's set numbers by name (its hits come back by number); concerns in CONCERN_KINDS order */
  readonly at: { strong: number; weak: number; deferral: number; greeting: number; farewell: number; refusal: number; neutralizer: number; concerns: number[] };
}

function setNumbers(group: CueGroup<string>): SpeechCueGroup['at'] {
  const at = (name: string): number => group.names.indexOf(name);
  return {
    strong: at('strong'), weak: at('weak'), deferral: at('deferral'), greeting: at('greeting'), farewell: at('farewell'), refusal: at('refusal'),
    neutralizer: at('neutralizer'), concerns: CONCERN_KINDS.map((k) => at(`concern:${k}`)),
  };
}

function build(lex: {
  neutralizers: string[]; refusal: string[]; commit: string[]; strong: string[]; weak: string[]; deferral: string[];
  objections: Record<string, string[]>; greeting: string[]; farewell: string[]; bareNo: RegExp;
}): LanguageCues {
  const lists: Record<string, readonly string[]> = {
    strong: lex.strong, weak: lex.weak, deferral: lex.deferral, greeting: lex.greeting, farewell: lex.farewell,
    refusal: lex.refusal, neutralizer: lex.neutralizers,
    ...Object.fromEntries(CONCERN_KINDS.map((k) => [`concern:${k}`, lex.objections[k] ?? []])),
  };
  const group = compileCueGroup(lists);
  return {
    neutralizers: compileCues(lex.neutralizers),
    refusal: compileCues(lex.refusal),
    commitAccept: compileCues(lex.commit),
    strongAccept: compileCues(lex.strong),
    weakAccept: compileCues(lex.weak),
    deferral: compileCues(lex.deferral),
    concerns: CONCERN_KINDS.map((k) => [k, compileCues(lex.objections[k] ?? ['\u0000'])]),
    greeting: compileCues(lex.greeting),
    farewell: compileCues(lex.farewell),
    bareNo: lex.bareNo,
    lists,
    speech: { group, at: setNumbers(group) },
  };
}

const RU = build({
  neutralizers: ru.RU_NEGATION_NEUTRALIZERS, refusal: ru.RU_REFUSAL, commit: ru.RU_COMMIT_ACCEPT, strong: ru.RU_STRONG_ACCEPT, weak: ru.RU_WEAK_ACCEPT,
  deferral: ru.RU_DEFERRAL, objections: ru.RU_OBJECTIONS, greeting: ru.RU_GREETING, farewell: ru.RU_FAREWELL,
  bareNo: /^(?:(?:ну|да|а|ой)\s+)?нет(?![\p{L}\d])/u,
});
const EN = build({
  neutralizers: en.EN_NEGATION_NEUTRALIZERS, refusal: en.EN_REFUSAL, commit: en.EN_COMMIT_ACCEPT, strong: en.EN_STRONG_ACCEPT, weak: en.EN_WEAK_ACCEPT,
  deferral: en.EN_DEFERRAL, objections: en.EN_OBJECTIONS, greeting: en.EN_GREETING, farewell: en.EN_FAREWELL,
  bareNo: /^(?:(?:well|oh|um)\s+)?(?:no|nope|nah)(?![\p{L}\d])/u,
});

export function cuesFor(language: string): LanguageCues {
  return language === 'en' ? EN : RU;
}

/**
 * One cue group of the speech acts' sets and the caller's own (whose names must differ from
 * theirs): a turn read by both is scanned once (analyzeUtteranceIn gives the caller its hits).
 */
export function compileSpeechCueGroup(language: string, extra: Record<string, readonly string[]>): SpeechCueGroup {
  const own = cuesFor(language).lists;
  const clash = Object.keys(extra).find((name) => name in own);
  if (clash !== undefined) throw new Error(`cue set "${clash}" is a speech-act set already`);
  const group = compileCueGroup({ ...extra, ...own });
  return { group, at: setNumbers(group) };
}

/** Remove the phrases whose negation is not a refusal, keeping offsets roughly in place. */
export function neutralizeNegations(normalized: string, language: string): string {
  const hits = findAllCues(normalized, cuesFor(language).neutralizers);
  if (hits.length === 0) return normalized;
  let out = '';
  let at = 0;
  for (const h of hits) { out += normalized.slice(at, h.index) + ' '.repeat(h.end - h.index); at = h.end; }
  return out + normalized.slice(at);
}

/**
 * The refusal in an utterance. The last refusing words count unless the speaker takes them back
 * later in the same turn with a commitment ("нет, всё понятно, давайте в четверг"); a bare "нет"
 * counts when it answers a proposal or comes with a polite "спасибо" ("нет, спасибо").
 */
const ELSEWHERE = /(?<![\p{L}])(?:что-нибудь|где-нибудь|в другом месте|у других|сам|сама|сами|something else|elsewhere)(?![\p{L}])/u;
/** "кабель мы берём у дистрибьютора": how the client buys now, from someone else */
export const BUYS_FROM_OTHERS = /(?<![\p{L}])(?:берем|берут|беру|покупаем|покупают|закупаем|заказываем|заказывают|возим|возят)\s+(?:[\p{L}-]+\s+){0,2}(?:у|в)\s+(?!вас(?![\p{L}])|нас(?![\p{L}]))/u;

export function detectRefusal(normalized: string, language: string, context: UtteranceContext = {}): string | null {
  return refusalIn(neutralizeNegations(normalized, language), language, context);
}

/** detectRefusal on a text whose negations that are no refusal are already blanked out (neutralizeNegations). */
function refusalIn(cleaned: string, language: string, context: UtteranceContext): string | null {
  const cues = cuesFor(language);
  let last: { text: string; end: number } | null = null;
  for (const h of findAllCues(cleaned, cues.refusal)) last = { text: h.text, end: h.end };
  let offset = 0;
  for (const clause of cleaned.split(/([.!?…;,:—–]+)/u)) {
    const trimmed = clause.trim();
    const bare = cues.bareNo.exec(trimmed);
    if (bare) {
      const after = cleaned.slice(offset + clause.length, offset + clause.length + 24);
      const polite = /^[\s,.!…—–-]*(?:спасибо|thanks|thank you)/u.test(after);
      const short = trimmed.split(' ').length <= 4;
      // an answer's "нет" opens the turn; "…девятьсот двенадцать, ой, нет, дайте гляну" corrects oneself
      const opensTurn = wordCount(cleaned.slice(0, offset)) <= 2;
      if (((context.answersProposal && short) || polite) && opensTurn) {
        const end = offset + clause.length;
        if (!last || end > last.end) last = { text: bare[0], end };
      }
    }
    offset += clause.length;
  }
  if (!last) return null;
  const rest = cleaned.slice(last.end);
  // "нет, спасибо, я лучше возьму что-нибудь поближе": the commitment is to something else
  const elsewhere = ELSEWHERE.test(rest) || BUYS_FROM_OTHERS.test(rest);
  if ((hasCue(rest, cues.commitAccept) && !elsewhere) || detectTimeAnchors(rest, language).some((a) => a.kind !== 'vague')) return null;
  return last.text;
}

function wordCount(text: string): number {
  const words = text.match(/[\p{L}\d]+/gu);
  return words ? words.length : 0;
}

export function detectAcceptance(normalized: string, language: string): 'strong' | 'weak' | null {
  const cues = cuesFor(language);
  const cleaned = normalized.replace(ACCEPT_NEGATED_ALL, ' ');
  if (hasCue(cleaned, cues.strongAccept)) return 'strong';
  if (hasCue(cleaned, cues.weakAccept)) return 'weak';
  return null;
}

export function detectDeferral(normalized: string, language: string): string | null {
  return findCue(normalized, cuesFor(language).deferral)?.text ?? null;
}

/** The kind of concern (objection) the utterance raises, by the first kind that matches. */
export function detectConcern(normalized: string, language: string): { kind: ConcernKind; text: string } | null {
  const cleaned = neutralizeNegations(normalized, language);
  for (const [kind, cues] of cuesFor(language).concerns) {
    const hit = findCue(cleaned, cues);
    if (hit) return { kind, text: hit.text };
  }
  return null;
}

const BARE_NO_ANYWHERE = notAfterLetter('(?:нет|no|nope|nah)(?![\\p{L}])');
const ACCEPT_NEGATED = /не\s+(?:буду|будем|надо|можно|подходит|устраивает|хорошо|согласн\p{L}*)|(?<![\p{L}])(?:yes|yeah|ok|okay|sure|да|ну да),?\s+(?:but|но)(?![\p{L}])/u;
// compiled once (replace() with a global regex starts from 0 and leaves lastIndex at 0)
const ACCEPT_NEGATED_ALL = new RegExp(ACCEPT_NEGATED.source, 'gu');
// ACCEPT_NEGATED's two alternatives apart: the first starts with a literal the regex engine scans for
// quickly, the second cannot match without "но" or "but" in the text
const NEGATED_ACCEPT_HEAD = /не\s+(?:буду|будем|надо|можно|подходит|устраивает|хорошо|согласн\p{L}*)/u;
const NEGATED_ACCEPT_BUT = notAfterLetter('(?:yes|yeah|ok|okay|sure|да|ну да),?\\s+(?:but|но)(?![\\p{L}])');

// What a word tells the two checks below, worked out once per word (kept on its word-table entry):
// BARE_NO_ANYWHERE matches inside it — a letter is never next to a word without being part of it,
// so the search over the turn finds a match exactly when one of its words holds one — and it starts
// with "но" or "but" not followed by a letter, which NEGATED_ACCEPT_BUT cannot match without.
const BARE_NO_WORD = 1;
const BUT_WORD = 2;
const BUT_START = /^(?:но|but)(?![\p{L}])/u;

function speechBitsOf(lexeme: Lexeme): number {
  if (lexeme.speech < 0) lexeme.speech = (BARE_NO_ANYWHERE.test(lexeme.text) ? BARE_NO_WORD : 0) | (BUT_START.test(lexeme.text) ? BUT_WORD : 0);
  return lexeme.speech;
}

/** The speech bits of every word of the normalised text together. */
function speechBits(normalized: string): number {
  let bits = 0;
  for (const lexeme of tokenised(normalized).lexemes) if (lexeme) bits |= speechBitsOf(lexeme);
  return bits;
}

function acceptNegated(normalized: string, bits: number): boolean {
  if (NEGATED_ACCEPT_HEAD.test(normalized)) return true;
  return (bits & BUT_WORD) !== 0 && NEGATED_ACCEPT_BUT.test(normalized);
}

/** All speech acts of one utterance (raw text in, normalised once). */
export function analyzeUtterance(text: string, language: string, context: UtteranceContext = {}): SpeechActs {
  return analyzeUtteranceIn(text, language, context, cuesFor(language).speech).acts;
}

/**
 * analyzeUtterance, scanning the turn with a group that holds the speech acts' sets among others
 * (compileSpeechCueGroup): the hits of all its sets come back with the acts.
 */
export function analyzeUtteranceIn(text: string, language: string, context: UtteranceContext, cues: SpeechCueGroup): { acts: SpeechActs; hits: (CueHit | undefined)[] } {
  // the turn is tokenised right after, so its normalisation may read its words (normalizeUtterance)
  const normalized = normalizeUtterance(text);
  // one pass over the tokens answers every cue set of the group
  const hits = matchGroupHits(normalized, cues.group);
  return { acts: actsOf(text, normalized, language, context, cues, hits), hits };
}

/** The number of the first concern set with a hit, or -1 (a findIndex without a closure per turn). */
function firstConcern(concerns: readonly number[], hits: readonly (CueHit | undefined)[]): number {
  for (let k = 0; k < concerns.length; k++) if (hits[concerns[k] ?? -1] !== undefined) return k;
  return -1;
}

function actsOf(text: string, normalized: string, language: string, context: UtteranceContext, cues: SpeechCueGroup, hits: (CueHit | undefined)[]): SpeechActs {
  const bits = speechBits(normalized);
  const negatedAccept = acceptNegated(normalized, bits);
  const { at } = cues;
  if (!negatedAccept && !hits[at.neutralizer]) {
    // nothing to blank out: the refusal reads the text itself (a bare "нет" somewhere, BARE_NO_ANYWHERE, may refuse)
    const mayRefuse = hits[at.refusal] !== undefined || (bits & BARE_NO_WORD) !== 0;
    const k = firstConcern(at.concerns, hits);
    const concernKind = CONCERN_KINDS[k] ?? null;
    return {
      normalized,
      question: asksQuestion(text, language),
      acceptance: hits[at.strong] ? 'strong' : hits[at.weak] ? 'weak' : null,
      refusal: mayRefuse ? refusalIn(normalized, language, context) : null,
      deferral: hits[at.deferral]?.text ?? null,
      concern: concernKind,
      concernText: concernKind ? hits[at.concerns[k] ?? -1]?.text ?? null : null,
      greeting: hits[at.greeting] !== undefined,
      farewell: hits[at.farewell] !== undefined,
      anchors: detectTimeAnchors(normalized, language),
    };
  }
  // concerns are read with the negations that are no refusal blanked out, acceptance without the
  // negated "не подходит", "да, но": the same group over those texts (as detectConcern, detectAcceptance)
  const cleaned = neutralizeNegations(normalized, language);
  const concernHits = cleaned === normalized ? hits : matchGroupHits(cleaned, cues.group);
  const acceptText = negatedAccept ? normalized.replace(ACCEPT_NEGATED_ALL, ' ') : normalized;
  const acceptHits = acceptText === normalized ? hits : matchGroupHits(acceptText, cues.group);
  const k = firstConcern(at.concerns, concernHits);
  const concernKind = CONCERN_KINDS[k] ?? null;
  return {
    normalized,
    question: asksQuestion(text, language),
    acceptance: acceptHits[at.strong] ? 'strong' : acceptHits[at.weak] ? 'weak' : null,
    refusal: refusalIn(cleaned, language, context),
    deferral: hits[at.deferral]?.text ?? null,
    concern: concernKind,
    concernText: concernKind ? concernHits[at.concerns[k] ?? -1]?.text ?? null : null,
    greeting: hits[at.greeting] !== undefined,
    farewell: hits[at.farewell] !== undefined,
    anchors: detectTimeAnchors(normalized, language),
  };
}
