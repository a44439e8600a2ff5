// A tiny pattern language for speech-act cues, matched over word tokens (not regexes: a turn is
// tokenised once and every cue set is looked up through an index on the first word's first letters,
// so dozens of cue sets cost microseconds per turn). Patterns are written over normalised text
// (lower case, ё→е):
//   "подума*"                a word starting with "подума" (подумаю, подумаем, подумать — morphology by prefix)
//   "скин*|присл* на почт*"  alternatives inside one word slot, then the next words
//   "не ~ нужн*"             "~" lets up to two arbitrary words sit in between ("не очень-то нужно")
//   "^нет"                   only at the start of a clause
//   "нет, спасибо"           a comma after a word lets punctuation stand between it and the next word
import { SLASH, wordCharLength, wordEnd } from './word-scan.ts';

// tokens: /[\p{L}\d]+(?:[-'/][\p{L}\d]+)*|[.!?…;,:—–]/gu, scanned by hand in tokenise()
const KEY = 3;

interface Alt { text: string; prefix: boolean }
interface Slot { alts: Alt[]; gap: boolean; comma: boolean }
interface Pattern { slots: Slot[]; anchored: boolean }

export interface CueSet {
  readonly size: number;
  /** first-slot alternatives indexed by their first KEY letters; shorter prefixes are scanned */
  readonly index: Map<string, Pattern[]>;
  readonly short: Pattern[];
  /** crowded first words' patterns by their second word (see Narrow) */
  readonly narrow: Map<string, Narrow>;
}

interface Token { text: string; start: number; end: number; punct: boolean }

// A crowded key's entries (positions in its list) by the first letters of the second slot's word;
// `always` are those whose second word cannot be told in advance (one slot, a short prefix).
interface Narrow { byHead: Map<string, number[]>; always: number[] }
const NARROW_MIN = 8;

/** The heads (first KEY letters) a token must have to fill the pattern's second slot, or null if unknown. */
function secondHeads(p: Pattern): Set<string> | null {
  const first = p.slots[0];
  const second = p.slots[1];
  if (!first || first.gap || !second) return null;
  const heads = new Set<string>();
  for (const alt of second.alts) {
    if (alt.prefix ? alt.text.length < KEY : alt.text.length === 0) return null;
    heads.add(alt.text.length <= KEY ? alt.text : alt.text.slice(0, KEY));
  }
  return heads;
}

function narrowIndex<T>(index: Map<string, T[]>, patternOf: (item: T) => Pattern): Map<string, Narrow> {
  const narrow = new Map<string, Narrow>();
  for (const [key, list] of index) {
    if (list.length < NARROW_MIN) continue;
    const byHead = new Map<string, number[]>();
    const always: number[] = [];
    list.forEach((e, k) => {
      const heads = secondHeads(patternOf(e));
      if (!heads) { always.push(k); return; }
      for (const h of heads) byHead.set(h, [...(byHead.get(h) ?? []), k]);
    });
    narrow.set(key, { byHead, always });
  }
  return narrow;
}

/**
 * Positions, in list order, of the entries that can match at token i: a superset of those whose
 * second slot can be filled. matchAt fills it from the next three tokens (after commas, before any
 * other punctuation), so only their heads are looked up.
 */
function narrowed(narrow: Narrow, tokens: Token[], keys: string[], i: number): number[] {
  const out = narrow.always.slice();
  let j = i + 1;
  while (tokens[j]?.text === ',') j++;
  for (let taken = 0; j < tokens.length && taken < 3; j++, taken++) {
    if (tokens[j]?.punct) break;
    const list = narrow.byHead.get(keys[j] ?? '');
    if (list) for (const k of list) out.push(k);
  }
  if (out.length === narrow.always.length) return out;
  out.sort((a, b) => a - b);
  let w = 0;
  for (let r = 0; r < out.length; r++) if (r === 0 || out[r] !== out[r - 1]) out[w++] = out[r] ?? 0;
  out.length = w;
  return out;
}

function parse(pattern: string): Pattern {
  const anchored = pattern.startsWith('^');
  const words = (anchored ? pattern.slice(1) : pattern).trim().split(/\s+/);
  const slots: Slot[] = [];
  let gap = false;
  for (const raw of words) {
    if (raw === '~') { gap = true; continue; }
    const comma = raw.endsWith(',');
    const word = comma ? raw.slice(0, -1) : raw;
    slots.push({ alts: word.split('|').map((a) => (a.endsWith('*') ? { text: a.slice(0, -1), prefix: true } : { text: a, prefix: false })), gap, comma });
    gap = false;
  }
  return { slots, anchored };
}

export function compileCues(patterns: readonly string[]): CueSet {
  const index = new Map<string, Pattern[]>();
  const short: Pattern[] = [];
  for (const p of patterns) {
    const parsed = parse(p);
    const first = parsed.slots[0];
    if (!first) continue;
    for (const alt of first.alts) {
      if (alt.prefix && alt.text.length < KEY) { if (!short.includes(parsed)) short.push(parsed); continue; }
      const key = alt.text.slice(0, KEY);
      const list = index.get(key) ?? [];
      if (!list.includes(parsed)) list.push(parsed);
      index.set(key, list);
    }
  }
  return { size: patterns.length, index, short, narrow: narrowIndex(index, (p) => p) };
}

interface Tokenised { text: string; tokens: Token[]; keys: string[] }

// The last two texts are memoised: every cue set, the stem bag and the time gate read the same turn,
// and the refusal check tokenises a tail of the turn in between (one slot would thrash).
let memoA: Tokenised = { text: '', tokens: [], keys: [] };
let memoB: Tokenised = memoA;

const PUNCT = new Set(['.', '!', '?', '…', ';', ',', ':', '—', '–'].map((c) => c.charCodeAt(0)));

/** What TOKEN_RE matches, scanned character by character (see word-scan.ts). */
function tokenise(normalized: string): Tokenised {
  const tokens: Token[] = [];
  const keys: string[] = [];
  const n = normalized.length;
  for (let i = 0; i < n;) {
    if (wordCharLength(normalized, i) > 0) {
      const end = wordEnd(normalized, i, SLASH);
      const text = normalized.slice(i, end);
      tokens.push({ text, start: i, end, punct: false });
      keys.push(end - i <= KEY ? text : normalized.slice(i, i + KEY));
      i = end;
    } else {
      if (PUNCT.has(normalized.charCodeAt(i))) {
        tokens.push({ text: normalized[i] ?? '', start: i, end: i + 1, punct: true });
        keys.push('');
      }
      i++;
    }
  }
  return { text: normalized, tokens, keys };
}

function tokenised(normalized: string): Tokenised {
  if (normalized === memoA.text) return memoA;
  if (normalized === memoB.text) return memoB;
  memoB = memoA;
  memoA = tokenise(normalized);
  return memoA;
}

/** Tokens of normalised text; recent texts are memoised because every cue set reads the same turn. */
export function cueTokens(normalized: string): Token[] {
  return tokenised(normalized).tokens;
}

/** The first three letters of every cue token (the whole word if shorter; '' for punctuation), by token index. */
export function cueTokenHeads(normalized: string): readonly string[] {
  return tokenised(normalized).keys;
}

function altMatches(alt: Alt, word: string): boolean {
  return alt.prefix ? word.startsWith(alt.text) : word === alt.text;
}

/** Match the pattern starting at token i; returns the index of the last matched token or -1. */
function matchAt(p: Pattern, tokens: Token[], i: number): number {
  let pos = i;
  for (let s = 0; s < p.slots.length; s++) {
    const slot = p.slots[s];
    if (!slot) return -1;
    if (s > 0) {
      const prev = p.slots[s - 1];
      if (prev?.comma) while (tokens[pos]?.punct && tokens[pos]?.text === ',') pos++;
    }
    const limit = slot.gap ? 2 : 0;
    let found = -1;
    for (let skip = 0; skip <= limit; skip++) {
      const t = tokens[pos + skip];
      if (!t || t.punct) break;
      let ok = false;
      for (const a of slot.alts) if (altMatches(a, t.text)) { ok = true; break; }
      if (ok) { found = pos + skip; break; }
    }
    if (found < 0) return -1;
    pos = found + 1;
  }
  return pos - 1;
}

const NONE: Pattern[] = [];

export interface CueHit { text: string; index: number; end: number }

function scan(normalized: string, cues: CueSet, all: boolean): CueHit[] {
  const { tokens, keys } = tokenised(normalized);
  const hits: CueHit[] = [];
  const short = cues.short;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.punct) continue;
    const keyed = cues.index.get(keys[i] ?? '') ?? NONE;
    if (keyed.length === 0 && short.length === 0) continue;
    const narrow = keyed.length >= NARROW_MIN ? cues.narrow.get(keys[i] ?? '') : undefined;
    const order = narrow ? narrowed(narrow, tokens, keys, i) : null;
    const n = order ? order.length : keyed.length;
    const afterPunct = i === 0 || tokens[i - 1]?.punct === true;
    let last = -1;
    for (let k = 0; k < n + short.length && last < 0; k++) {
      const p = k < n ? keyed[order ? order[k] ?? 0 : k] : short[k - n];
      if (!p || (p.anchored && !afterPunct)) continue;
      last = matchAt(p, tokens, i);
    }
    if (last < 0) continue;
    const end = tokens[last]?.end ?? t.end;
    hits.push({ text: normalized.slice(t.start, end), index: t.start, end });
    if (!all) return hits;
    i = last;
  }
  return hits;
}

export function hasCue(normalized: string, cues: CueSet): boolean {
  return scan(normalized, cues, false).length > 0;
}

/** The first matching cue's text and position, or null. */
export function findCue(normalized: string, cues: CueSet): CueHit | null {
  return scan(normalized, cues, false)[0] ?? null;
}

/** Every non-overlapping match, left to right. */
export function findAllCues(normalized: string, cues: CueSet): CueHit[] {
  return scan(normalized, cues, true);
}

/** Several named cue sets scanned in one pass over the tokens (a turn is read once, not once per set). */
export interface CueGroup<K extends string> {
  readonly names: readonly K[];
  readonly index: Map<string, { set: number; pattern: Pattern }[]>;
  readonly short: { set: number; pattern: Pattern }[];
  /** for crowded first words ("не" starts ~80 patterns): the same entries by their second word */
  readonly narrow: Map<string, Narrow>;
}

export function compileCueGroup<K extends string>(sets: Record<K, readonly string[]>): CueGroup<K> {
  const names = Object.keys(sets) as K[];
  const index = new Map<string, { set: number; pattern: Pattern }[]>();
  const short: { set: number; pattern: Pattern }[] = [];
  names.forEach((name, set) => {
    const compiled = compileCues(sets[name]);
    for (const [key, patterns] of compiled.index) {
      const list = index.get(key) ?? [];
      for (const pattern of patterns) list.push({ set, pattern });
      index.set(key, list);
    }
    for (const pattern of compiled.short) short.push({ set, pattern });
  });
  return { names, index, short, narrow: narrowIndex(index, (e) => e.pattern) };
}

const NO_ENTRIES: { set: number; pattern: Pattern }[] = [];

let doneScratch = new Uint8Array(64);

/** The first hit of every set of the group that matches. */
export function matchGroup<K extends string>(normalized: string, group: CueGroup<K>): Map<K, CueHit> {
  const { tokens, keys } = tokenised(normalized);
  const found = new Map<K, CueHit>();
  const sets = group.names.length;
  // which sets already matched, by set number: cheaper than asking the result map by name; one
  // scratch buffer reused (matchGroup never re-enters) instead of a fresh typed array per turn
  if (doneScratch.length < sets) doneScratch = new Uint8Array(sets);
  const done = doneScratch;
  done.fill(0, 0, sets);
  const short = group.short;
  let count = 0;
  for (let i = 0; i < tokens.length && count < sets; i++) {
    const t = tokens[i];
    if (!t || t.punct) continue;
    const keyed = group.index.get(keys[i] ?? '') ?? NO_ENTRIES;
    const narrow = keyed.length >= NARROW_MIN ? group.narrow.get(keys[i] ?? '') : undefined;
    const order = narrow ? narrowed(narrow, tokens, keys, i) : null;
    const n = order ? order.length : keyed.length;
    const total = n + short.length;
    if (total === 0) continue;
    const afterPunct = i === 0 || tokens[i - 1]?.punct === true;
    for (let k = 0; k < total; k++) {
      const e = k < n ? keyed[order ? order[k] ?? 0 : k] : short[k - n];
      if (!e || done[e.set] === 1) continue;
      const name = group.names[e.set];
      if (name === undefined) continue;
      if (e.pattern.anchored && !afterPunct) continue;
      const last = matchAt(e.pattern, tokens, i);
      if (last < 0) continue;
      const end = tokens[last]?.end ?? t.end;
      done[e.set] = 1;
      count++;
      found.set(name, { text: normalized.slice(t.start, end), index: t.start, end });
    }
  }
  return found;
}
