// A tiny pattern language for speech-act cues, matched over word tokens (not regexes: a turn is
// tokenised once, and every cue set knows, per word, which of its patterns that word can start, so
// dozens of cue sets cost microseconds per turn). Patterns are written over normalised text
// (lower case, ё→е):
//   "подума*"                a word starting with "подума" (подумаю, подумаем, подумать — morphology by prefix)
//   "скин*|присл* на почт*"  alternatives inside one word slot, then the next words
//   "не ~ нужн*"             "~" lets up to two arbitrary words sit in between ("не очень-то нужно")
//   "^нет"                   only at the start of a clause (or after a lone "а", "ой" opening the turn)
//   "нет, спасибо"           a comma after a word lets punctuation stand between it and the next word
import { tokenised } from './tokens.ts';
import type { Lexeme, Tokenised } from './tokens.ts';

export { cueTokens } from './tokens.ts';

const KEY = 3;

// a lone interjection that opens a turn, as speech recognition prints «А, да» or «Ой, нет»: "а да", "ой нет"
const OPENING_INTERJECTIONS = new Set(['а', 'ой']);

/** Does token i start a clause: first, after punctuation (no word entry), or after an opening interjection? */
function clauseStartAt(lexemes: readonly (Lexeme | null)[], i: number): boolean {
  if (i === 0 || lexemes[i - 1] === null) return true;
  return i === 1 && OPENING_INTERJECTIONS.has(lexemes[0]?.text ?? '');
}

interface Alt { text: string; prefix: boolean }
interface Slot { alts: Alt[]; gap: boolean; comma: boolean }
/** `nextFixed`: the second slot must take the very next token (no gap before it, no comma skipped, no leading gap) */
interface Pattern { slots: Slot[]; anchored: boolean; nextFixed: boolean }
/** A pattern and the number of its cue set within a group (0 in a lone cue set). */
interface Entry { set: number; pattern: Pattern }

/**
 * The entries a word can start a match of (its first slot takes the word), in the order of the cue
 * lists; and by the word that follows (null: punctuation or the end), those of them that can still
 * match there — a pattern whose second slot must take the next token is dropped when it cannot —
 * so that "не", which starts ~80 patterns, tries only the few that go on with the next word.
 */
interface Candidates { list: readonly Entry[]; byNext: Map<Lexeme | null, readonly Entry[]> | null }
// next words kept per word; cleared when full, so memory stays flat
const NEXT_LIMIT = 256;

// Candidates are found once per word and kept: the vocabulary of calls is small next to the number
// of turns. A cue group (there are a few, each read on every turn) keeps them on the word itself,
// at the group's slot of Lexeme.groups (tokens.ts). A cue set (there are dozens, most read on a few
// turns) keeps them in a direct-mapped cache by the word's number (Lexeme.id): a fixed size
// whatever the vocabulary, allocated on the set's first scan; a word that lost its place is looked
// up again.
const CACHE_SIZE = 4096;
const CACHE_MASK = CACHE_SIZE - 1;
let groupSlots = 0;

interface Matcher {
  /** entries by the first KEY letters of their first slot's alternatives; shorter prefixes are in `short` */
  readonly index: Map<string, Entry[]>;
  readonly short: Entry[];
  /** a group's slot in Lexeme.groups; -1 for a cue set */
  readonly slot: number;
  /** a cue set's cache: the word number held by each place (-1: none), and its candidates */
  cachedIds: Float64Array | null;
  cached: Candidates[];
}

export interface CueSet extends Matcher {
  readonly size: number;
}

function headOf(word: string): string {
  return word.length <= KEY ? word : word.slice(0, KEY);
}

function altMatches(alt: Alt, word: string): boolean {
  return alt.prefix ? word.startsWith(alt.text) : word === alt.text;
}

/** Can the word be the pattern's first token? (A gap before the first slot lets any word start it.) */
function canStart(p: Pattern, word: string): boolean {
  const first = p.slots[0];
  if (!first) return false;
  if (first.gap) return true;
  for (const a of first.alts) if (altMatches(a, word)) return true;
  return false;
}

const NO_ENTRIES: Entry[] = [];
const NO_CANDIDATES: Candidates = { list: NO_ENTRIES, byNext: null };

function findCandidates(m: Matcher, word: string): Candidates {
  const list: Entry[] = [];
  for (const e of m.index.get(headOf(word)) ?? NO_ENTRIES) if (canStart(e.pattern, word)) list.push(e);
  for (const e of m.short) if (canStart(e.pattern, word)) list.push(e);
  return list.length === 0 ? NO_CANDIDATES : { list, byNext: null };
}

function takes(slot: Slot | undefined, word: string): boolean {
  if (!slot) return false;
  for (const a of slot.alts) if (altMatches(a, word)) return true;
  return false;
}

/** The candidates that can still match when `next` follows (see Candidates). */
function candidatesBefore(c: Candidates, next: Lexeme | null): readonly Entry[] {
  c.byNext ??= new Map();
  let list = c.byNext.get(next);
  if (list === undefined) {
    list = c.list.filter(({ pattern }) => !pattern.nextFixed || (next !== null && takes(pattern.slots[1], next.text)));
    if (c.byNext.size >= NEXT_LIMIT) c.byNext.clear();
    c.byNext.set(next, list);
  }
  return list;
}

function candidates(m: Matcher, lexeme: Lexeme): Candidates {
  if (m.slot >= 0) {
    const hit = lexeme.groups[m.slot] as Candidates | undefined;
    if (hit !== undefined) return hit;
    const found = findCandidates(m, lexeme.text);
    // fill the slots before it, so the array stays packed
    for (let k = lexeme.groups.length; k < m.slot; k++) lexeme.groups.push(undefined);
    lexeme.groups[m.slot] = found;
    return found;
  }
  const ids = (m.cachedIds ??= new Float64Array(CACHE_SIZE).fill(-1));
  const place = lexeme.id & CACHE_MASK;
  if (ids[place] === lexeme.id) return m.cached[place] ?? NO_CANDIDATES;
  const found = findCandidates(m, lexeme.text);
  ids[place] = lexeme.id;
  m.cached[place] = found;
  return found;
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
  const first = slots[0];
  const second = slots[1];
  return { slots, anchored, nextFixed: first !== undefined && second !== undefined && !first.gap && !first.comma && !second.gap };
}

export function compileCues(patterns: readonly string[]): CueSet {
  const index = new Map<string, Entry[]>();
  const short: Entry[] = [];
  for (const p of patterns) {
    const entry: Entry = { set: 0, pattern: parse(p) };
    const first = entry.pattern.slots[0];
    if (!first) continue;
    for (const alt of first.alts) {
      if (alt.prefix && alt.text.length < KEY) { if (!short.includes(entry)) short.push(entry); continue; }
      const key = alt.text.slice(0, KEY);
      const list = index.get(key) ?? [];
      if (!list.includes(entry)) list.push(entry);
      index.set(key, list);
    }
  }
  return { size: patterns.length, index, short, slot: -1, cachedIds: null, cached: [] };
}

/**
 * Match the pattern starting at token i, a candidate of its word (see candidates): its first slot
 * already holds token i unless a gap comes first. Returns the index of the last matched token or -1.
 */
function matchAt(p: Pattern, { text, starts, lexemes }: Tokenised, i: number): number {
  const from = p.slots[0]?.gap === false ? 1 : 0;
  let pos = i + from;
  for (let s = from; s < p.slots.length; s++) {
    const slot = p.slots[s];
    if (!slot) return -1;
    if (s > 0) {
      const prev = p.slots[s - 1];
      if (prev?.comma) while (lexemes[pos] === null && text.charCodeAt(starts[pos] ?? 0) === 44) pos++; // ","
    }
    const limit = slot.gap ? 2 : 0;
    let found = -1;
    for (let skip = 0; skip <= limit; skip++) {
      const word = lexemes[pos + skip];
      if (!word) break; // punctuation or the end
      let ok = false;
      for (const a of slot.alts) if (altMatches(a, word.text)) { ok = true; break; }
      if (ok) { found = pos + skip; break; }
    }
    if (found < 0) return -1;
    pos = found + 1;
  }
  return pos - 1;
}

export interface CueHit { text: string; index: number; end: number }

function scan(normalized: string, cues: CueSet, all: boolean): CueHit[] {
  const tokens = tokenised(normalized);
  const { starts, ends, lexemes } = tokens;
  const hits: CueHit[] = [];
  for (let i = 0; i < lexemes.length; i++) {
    const lexeme = lexemes[i];
    if (!lexeme) continue;
    const c = candidates(cues, lexeme);
    if (c.list.length === 0) continue;
    const list = candidatesBefore(c, lexemes[i + 1] ?? null);
    const afterPunct = clauseStartAt(lexemes, i);
    let last = -1;
    for (let k = 0; k < list.length && last < 0; k++) {
      const e = list[k];
      if (!e || (e.pattern.anchored && !afterPunct)) continue;
      last = matchAt(e.pattern, tokens, i);
    }
    if (last < 0) continue;
    const start = starts[i] ?? 0;
    const end = ends[last] ?? ends[i] ?? 0;
    hits.push({ text: normalized.slice(start, end), index: start, end });
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
export interface CueGroup<K extends string> extends Matcher {
  readonly names: readonly K[];
  /** one undefined per set: copied for the hits of every scan (a packed copy is cheaper than filling a new array) */
  readonly noHits: readonly (CueHit | undefined)[];
}

export function compileCueGroup<K extends string>(sets: Record<K, readonly string[]>): CueGroup<K> {
  const names = Object.keys(sets) as K[];
  const index = new Map<string, Entry[]>();
  const short: Entry[] = [];
  names.forEach((name, set) => {
    const compiled = compileCues(sets[name]);
    for (const [key, entries] of compiled.index) {
      const list = index.get(key) ?? [];
      for (const e of entries) list.push({ set, pattern: e.pattern });
      index.set(key, list);
    }
    for (const e of compiled.short) short.push({ set, pattern: e.pattern });
  });
  return { names, index, short, slot: groupSlots++, cachedIds: null, cached: [], noHits: names.map(() => undefined) };
}

/** Fills hits[set] with each set's first hit (hits start all undefined); `order` gets the set numbers in the order found. */
function scanGroup<K extends string>(normalized: string, group: CueGroup<K>, hits: (CueHit | undefined)[], order: number[] | null): void {
  const tokens = tokenised(normalized);
  const { starts, ends, lexemes } = tokens;
  const sets = group.names.length;
  let count = 0;
  for (let i = 0; i < lexemes.length && count < sets; i++) {
    const lexeme = lexemes[i];
    if (!lexeme) continue;
    const c = candidates(group, lexeme);
    if (c.list.length === 0) continue;
    const list = candidatesBefore(c, lexemes[i + 1] ?? null);
    const afterPunct = clauseStartAt(lexemes, i);
    for (let k = 0; k < list.length; k++) {
      const e = list[k];
      if (!e || hits[e.set] !== undefined || e.set >= sets) continue;
      if (e.pattern.anchored && !afterPunct) continue;
      const last = matchAt(e.pattern, tokens, i);
      if (last < 0) continue;
      const start = starts[i] ?? 0;
      const end = ends[last] ?? ends[i] ?? 0;
      hits[e.set] = { text: normalized.slice(start, end), index: start, end };
      order?.push(e.set);
      count++;
    }
  }
}

/** The first hit of every set of the group, by set number (the order of group.names); undefined where a set does not match. */
export function matchGroupHits<K extends string>(normalized: string, group: CueGroup<K>): (CueHit | undefined)[] {
  const hits = group.noHits.slice();
  scanGroup(normalized, group, hits, null);
  return hits;
}

/** The first hit of every set of the group that matches, by name, in the order found. */
export function matchGroup<K extends string>(normalized: string, group: CueGroup<K>): Map<K, CueHit> {
  const hits = group.noHits.slice();
  const order: number[] = [];
  scanGroup(normalized, group, hits, order);
  const found = new Map<K, CueHit>();
  for (const set of order) {
    const name = group.names[set];
    const hit = hits[set];
    if (name !== undefined && hit) found.set(name, hit);
  }
  return found;
}
