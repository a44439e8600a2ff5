// Cue tokens of normalised text (words of letters and digits joined by - ' /, and punctuation), and
// the word table behind them. Every distinct word is looked up once per turn and carries what the
// analysers found out about it the first time they met it — its content stem (stem.ts), its date/time
// class (datetime.ts), the patterns it can start (cues.ts) — so
// no detector hashes or classifies the same word again, in this turn or in any later call. The
// table is bounded: cleared when full, so memory stays flat over any number of calls (a word met
// again is simply looked at afresh, under a new number).
import { mayHoldFiller } from './fillers.ts';
import { SLASH, wordCharLength } from './word-scan.ts';

export interface Lexeme {
  readonly text: string;
  /** a number no other word has had in this process: the key of the cue sets' caches (cues.ts) */
  readonly id: number;
  /** per cue group (cues.ts): the patterns this word can start, undefined until asked */
  readonly groups: unknown[];
  /** an ASCII digit in the word */
  readonly digit: boolean;
  /** the word may hold a spoken filler (fillers.ts): a text none of whose words may holds none */
  readonly filler: boolean;
  /** content stem in Russian / English text: undefined until asked, null for no content word */
  stemRu: string | null | undefined;
  stemEn: string | null | undefined;
  /** date/time class or facts (datetime.ts), undefined until asked */
  time: unknown;
  /** bits of what the speech acts' regexes need in a word (speech-acts.ts), -1 until asked */
  speech: number;
}

export interface Token {
  text: string;
  start: number;
  end: number;
  punct: boolean;
}

export const LEXICON_LIMIT = 50_000;

// Open addressing over an FNV-1a hash of the word's characters, so that a word already in the table
// is found without slicing it out of the text and hashing a new string. Four numbers per slot: the
// entry's number + 1 (0: empty), its hash, where its characters start in CHARS and its length. A
// probe compares hash, length and characters in typed arrays alone, without reading the entry and
// its string (which made up a quarter of the tokeniser's time). At most LEXICON_LIMIT of the SLOTS
// are used, and the characters of all entries fit in CHARS (else the table is cleared as when full).
const SLOTS = 1 << 17;
const MASK = SLOTS - 1;
const table = new Int32Array(4 * SLOTS);
const CHARS_SIZE = 1 << 20;
const chars = new Uint16Array(CHARS_SIZE);
let charsUsed = 0;
let entries: Lexeme[] = [];
let nextId = 0;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Is text[from, from + length) the word whose characters start at `at` in CHARS? */
function sameChars(at: number, text: string, from: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (chars[at + k] !== text.charCodeAt(from + k)) return false;
  return true;
}

/** The table entry of the word text[from, to), whose FNV-1a hash over its characters is h. */
function lexemeOf(text: string, from: number, to: number, h: number): Lexeme {
  const length = to - from;
  let slot = h & MASK;
  for (let id = table[4 * slot] ?? 0; id !== 0; id = table[4 * slot] ?? 0) {
    if (table[4 * slot + 1] === h && table[4 * slot + 3] === length && sameChars(table[4 * slot + 2] ?? 0, text, from, length)) {
      const entry = entries[id - 1];
      if (entry) return entry;
    }
    slot = (slot + 1) & MASK;
  }
  if (entries.length >= LEXICON_LIMIT || charsUsed + length > CHARS_SIZE) {
    table.fill(0);
    entries = [];
    charsUsed = 0;
    slot = h & MASK;
  }
  let digit = false;
  for (let k = 0; k < length; k++) {
    const c = text.charCodeAt(from + k);
    chars[charsUsed + k] = c;
    digit ||= c >= 48 && c <= 57;
  }
  const word = text.slice(from, to);
  const lexeme: Lexeme = { text: word, id: nextId++, groups: [], digit, filler: mayHoldFiller(word), stemRu: undefined, stemEn: undefined, time: undefined, speech: -1 };
  entries.push(lexeme);
  table[4 * slot] = entries.length;
  table[4 * slot + 1] = h;
  table[4 * slot + 2] = charsUsed;
  table[4 * slot + 3] = length;
  charsUsed += length;
  return lexeme;
}

/** How many distinct words the table holds now (for the memory checks). */
export function lexiconSize(): number {
  return entries.length;
}

/**
 * A text's tokens as parallel arrays rather than one record per token (a turn has dozens, and the
 * records were a fifth of the tokeniser's time): token i spans text[starts[i], ends[i]) and is the
 * word lexemes[i], or punctuation where lexemes[i] is null.
 */
export interface Tokenised {
  readonly text: string;
  readonly starts: number[];
  readonly ends: number[];
  readonly lexemes: (Lexeme | null)[];
  /** how many of the tokens are words */
  readonly words: number;
  /** an ASCII digit or a currency sign ($ ₽ €) anywhere in the text: what /\d|[$₽€]/u finds */
  readonly figures: boolean;
  /** some word may hold a spoken filler (Lexeme.filler) */
  readonly fillers: boolean;
}

// The last three texts are memoised: every cue set, the stem bag and the time gate read the same turn,
// and in between a turn with a negation is read again with the negations blanked out and the refusal
// check tokenises a tail of that (two slots would thrash).
let memoA: Tokenised = { text: '', starts: [], ends: [], lexemes: [], words: 0, figures: false, fillers: false };
let memoB: Tokenised = memoA;
let memoC: Tokenised = memoA;

/** . ! ? … ; , : — – */
function isPunct(c: number): boolean {
  return c === 46 || c === 44 || c === 33 || c === 63 || c === 58 || c === 59 || c === 0x2026 || c === 0x2014 || c === 0x2013;
}

/**
 * What /[\p{L}\d]+(?:[-'/][\p{L}\d]+)*|[.!?…;,:—–]/gu matches, scanned character by character (as
 * wordEnd in word-scan.ts scans a word), hashing each word's characters on the way to its table entry.
 */
function tokenise(normalized: string): Tokenised {
  const starts: number[] = [];
  const ends: number[] = [];
  const lexemes: (Lexeme | null)[] = [];
  const n = normalized.length;
  let figures = false;
  let fillers = false;
  let words = 0;
  for (let i = 0; i < n;) {
    const first = normalized.charCodeAt(i);
    // a space, the commonest character between words, ends nothing and starts nothing
    if (first === 32) { i++; continue; }
    let w = first >= 0x430 && first <= 0x44f ? 1 : wordCharLength(normalized, i);
    if (w === 0) {
      const c = first;
      if (c === 36 || c === 0x20bd || c === 0x20ac) figures = true;
      if (isPunct(c)) {
        starts.push(i);
        ends.push(i + 1);
        lexemes.push(null);
      }
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    // c: the character at i, read once for the hash and for the test of the next one
    let c = normalized.charCodeAt(i);
    for (;;) {
      // a run of word characters…
      while (w > 0) {
        h = Math.imul(h ^ c, FNV_PRIME);
        if (w === 2) h = Math.imul(h ^ normalized.charCodeAt(i + 1), FNV_PRIME);
        i += w;
        if (i >= n) break;
        // a Russian letter goes on, a space ends the word: the two commonest characters without a call
        c = normalized.charCodeAt(i);
        w = c >= 0x430 && c <= 0x44f ? 1 : c === 32 ? 0 : wordCharLength(normalized, i);
      }
      // …and another after a joiner (- ' /) followed by a word character
      if (i + 1 >= n) break;
      if (c !== 45 && c !== 39 && c !== SLASH) break;
      w = wordCharLength(normalized, i + 1);
      if (w === 0) break;
      h = Math.imul(h ^ c, FNV_PRIME);
      i++;
      c = normalized.charCodeAt(i);
    }
    const lexeme = lexemeOf(normalized, start, i, h);
    starts.push(start);
    ends.push(i);
    lexemes.push(lexeme);
    words++;
    if (lexeme.digit) figures = true;
    if (lexeme.filler) fillers = true;
  }
  return { text: normalized, starts, ends, lexemes, words, figures, fillers };
}

/** Tokens and word entries of normalised text; recent texts are memoised because every cue set reads the same turn. */
export function tokenised(normalized: string): Tokenised {
  if (normalized === memoA.text) return memoA;
  if (normalized === memoB.text) return memoB;
  if (normalized === memoC.text) return memoC;
  memoC = memoB;
  memoB = memoA;
  memoA = tokenise(normalized);
  return memoA;
}

/** Does the text hold an ASCII digit or a currency sign ($ ₽ €)? (/\d|[$₽€]/u.test, read off the tokenisation) */
export function hasFigures(normalized: string): boolean {
  return tokenised(normalized).figures;
}

/** Tokens of normalised text as records (the detectors read tokenised()'s arrays). */
export function cueTokens(normalized: string): Token[] {
  const { starts, ends, lexemes } = tokenised(normalized);
  return lexemes.map((lexeme, i) => {
    const start = starts[i] ?? 0;
    return { text: lexeme?.text ?? normalized[start] ?? '', start, end: ends[i] ?? 0, punct: lexeme === null };
  });
}

/** How many words normalised text has (its tokens less the punctuation). */
export function wordCount(normalized: string): number {
  return tokenised(normalized).words;
}
