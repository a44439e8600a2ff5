// A tiny pattern language for speech-act cues, matched over word tokens (not regexes: a turn is
// tokenised once and every cue set is looked up through an index on the first word's first letters,
// so dozens of cue sets cost microseconds per turn). Patterns are written over normalised text
// (lower case, ё→е):
//   "подума*"                a word starting with "подума" (подумаю, подумаем, подумать — morphology by prefix)
//   "скин*|присл* на почт*"  alternatives inside one word slot, then the next words
//   "не ~ нужн*"             "~" lets up to two arbitrary words sit in between ("не очень-то нужно")
//   "^нет"                   only at the start of a clause
//   "нет, спасибо"           a comma after a word lets punctuation stand between it and the next word

const TOKEN_RE = /[\p{L}\d]+(?:[-'/][\p{L}\d]+)*|[.!?…;,:—–]/gu;
const KEY = 3;

interface Alt { text: string; prefix: boolean }
interface Slot { alts: Alt[]; gap: boolean; comma: boolean }
interface Pattern { slots: Slot[]; anchored: boolean }

export interface CueSet {
  readonly size: number;
  /** first-slot alternatives indexed by their first KEY letters; shorter prefixes are scanned */
  readonly index: Map<string, Pattern[]>;
  readonly short: Pattern[];
}

interface Token { text: string; start: number; end: number; punct: boolean }

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
  return { size: patterns.length, index, short };
}

let memoText = '';
let memoTokens: Token[] = [];

/** Tokens of normalised text; the last text is memoised because every cue set reads the same turn. */
export function cueTokens(normalized: string): Token[] {
  if (normalized === memoText) return memoTokens;
  const tokens: Token[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(normalized); m; m = TOKEN_RE.exec(normalized)) {
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length, punct: !/[\p{L}\d]/u.test(m[0]) });
  }
  memoText = normalized;
  memoTokens = tokens;
  return tokens;
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
  const tokens = cueTokens(normalized);
  const hits: CueHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t || t.punct) continue;
    const keyed = cues.index.get(t.text.length <= KEY ? t.text : t.text.slice(0, KEY)) ?? NONE;
    let last = -1;
    for (let k = 0; k < keyed.length + cues.short.length && last < 0; k++) {
      const p = k < keyed.length ? keyed[k] : cues.short[k - keyed.length];
      if (!p || (p.anchored && i > 0 && !tokens[i - 1]?.punct)) continue;
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
  return { names, index, short };
}

const NO_ENTRIES: { set: number; pattern: Pattern }[] = [];

/** The first hit of every set of the group that matches. */
export function matchGroup<K extends string>(normalized: string, group: CueGroup<K>): Map<K, CueHit> {
  const tokens = cueTokens(normalized);
  const found = new Map<K, CueHit>();
  for (let i = 0; i < tokens.length && found.size < group.names.length; i++) {
    const t = tokens[i];
    if (!t || t.punct) continue;
    const keyed = group.index.get(t.text.length <= KEY ? t.text : t.text.slice(0, KEY)) ?? NO_ENTRIES;
    for (let k = 0; k < keyed.length + group.short.length; k++) {
      const e = k < keyed.length ? keyed[k] : group.short[k - keyed.length];
      if (!e) continue;
      const name = group.names[e.set];
      if (name === undefined || found.has(name)) continue;
      if (e.pattern.anchored && i > 0 && !tokens[i - 1]?.punct) continue;
      const last = matchAt(e.pattern, tokens, i);
      if (last < 0) continue;
      const end = tokens[last]?.end ?? t.end;
      found.set(name, { text: normalized.slice(t.start, end), index: t.start, end });
    }
  }
  return found;
}
