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
let lexicon = new Map<string, Lexeme>();

function lexemeOf(text: string): Lexeme {
  const hit = lexicon.get(text);
  if (hit !== undefined) return hit;
  const lexeme: Lexeme = { text, cues: [], stemRu: undefined, stemEn: undefined, time: undefined };
  if (lexicon.size >= LEXICON_LIMIT) lexicon = new Map();
  lexicon.set(text, lexeme);
  return lexeme;
}

/** How many distinct words the table holds now (for the memory checks). */
export function lexiconSize(): number {
  return lexicon.size;
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
      const lexeme = lexemeOf(normalized.slice(i, end));
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
