// Cue tokens of normalised text (words of letters and digits joined by - ' /, and punctuation), and
// the word table behind them. Every distinct word is looked up once per turn and carries what the
// analysers found out about it the first time they met it — the cue patterns it can start
// (cues.ts), its content stem (stem.ts), its date/time class (datetime.ts) — so no detector hashes
// or classifies the same word again, in this turn or in any later call. The table is bounded:
// cleared when full, so memory stays flat over any number of calls (a word met again is simply
// looked at afresh).
import { SLASH, wordCharLength, wordEnd } from './word-scan.ts';

export interface Lexeme {
  readonly text: string;
  /** per cue matcher slot (cues.ts): the patterns this word can start, undefined until asked */
  readonly cues: unknown[];
  /** content stem in Russian / English text: undefined until asked, null for no content word */
  stemRu: string | null | undefined;
  stemEn: string | null | undefined;
  /** date/time facts (datetime.ts), undefined until asked */
  time: unknown;
}

export interface Token {
  text: string;
  start: number;
  end: number;
  punct: boolean;
}

export const LEXICON_LIMIT = 50_000;

// Open addressing over an FNV-1a hash of the word's characters, so that a word already in the table
// is found without slicing it out of the text and hashing a new string. table[slot] holds the
// entry's number + 1 (0: empty), hashes[slot] its hash; at most LEXICON_LIMIT of the SLOTS are used.
const SLOTS = 1 << 17;
const MASK = SLOTS - 1;
const table = new Int32Array(SLOTS);
const hashes = new Int32Array(SLOTS);
let entries: Lexeme[] = [];

function sameWord(word: string, text: string, from: number, to: number): boolean {
  if (word.length !== to - from) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}

/** The table entry of the word text[from, to). */
function lexemeOf(text: string, from: number, to: number): Lexeme {
  let h = 0x811c9dc5;
  for (let k = from; k < to; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  let slot = h & MASK;
  for (let id = table[slot] ?? 0; id !== 0; id = table[slot] ?? 0) {
    const entry = entries[id - 1];
    if (entry && hashes[slot] === h && sameWord(entry.text, text, from, to)) return entry;
    slot = (slot + 1) & MASK;
  }
  if (entries.length >= LEXICON_LIMIT) {
    table.fill(0);
    entries = [];
    slot = h & MASK;
  }
  const lexeme: Lexeme = { text: text.slice(from, to), cues: [], stemRu: undefined, stemEn: undefined, time: undefined };
  entries.push(lexeme);
  table[slot] = entries.length;
  hashes[slot] = h;
  return lexeme;
}

/** How many distinct words the table holds now (for the memory checks). */
export function lexiconSize(): number {
  return entries.length;
}

/** A text's tokens and, beside them (so that a token stays a plain record), each word's table entry, null for punctuation. */
export interface Tokenised { readonly text: string; readonly tokens: Token[]; readonly lexemes: (Lexeme | null)[] }

// The last two texts are memoised: every cue set, the stem bag and the time gate read the same turn,
// and the refusal check tokenises a tail of the turn in between (one slot would thrash).
let memoA: Tokenised = { text: '', tokens: [], lexemes: [] };
let memoB: Tokenised = memoA;

const PUNCT = new Set(['.', '!', '?', '…', ';', ',', ':', '—', '–'].map((c) => c.charCodeAt(0)));

/** What /[\p{L}\d]+(?:[-'/][\p{L}\d]+)*|[.!?…;,:—–]/gu matches, scanned character by character (see word-scan.ts). */
function tokenise(normalized: string): Tokenised {
  const tokens: Token[] = [];
  const lexemes: (Lexeme | null)[] = [];
  const n = normalized.length;
  for (let i = 0; i < n;) {
    if (wordCharLength(normalized, i) > 0) {
      const end = wordEnd(normalized, i, SLASH);
      const lexeme = lexemeOf(normalized, i, end);
      tokens.push({ text: lexeme.text, start: i, end, punct: false });
      lexemes.push(lexeme);
      i = end;
    } else {
      if (PUNCT.has(normalized.charCodeAt(i))) {
        tokens.push({ text: normalized[i] ?? '', start: i, end: i + 1, punct: true });
        lexemes.push(null);
      }
      i++;
    }
  }
  return { text: normalized, tokens, lexemes };
}

/** Tokens and word entries of normalised text; recent texts are memoised because every cue set reads the same turn. */
export function tokenised(normalized: string): Tokenised {
  if (normalized === memoA.text) return memoA;
  if (normalized === memoB.text) return memoB;
  memoB = memoA;
  memoA = tokenise(normalized);
  return memoA;
}

/** Tokens of normalised text (memoised, see tokenised). */
export function cueTokens(normalized: string): Token[] {
  return tokenised(normalized).tokens;
}
