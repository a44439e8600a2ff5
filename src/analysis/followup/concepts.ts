// Finds which lexicon concepts a passage expresses, through the token-indexed cue matcher of
// ../language/cues.ts (each concept compiles once; a turn is scanned in microseconds).
import { compileCueGroup, compileCues, findAllCues, findCue, hasCue, matchGroup, type CueSet } from '../language/cues.ts';
import { normalizeText, splitClauses } from '../language/text.ts';
import { hasPunctuation, runOnClauses } from '../language/run-on-clauses.ts';
import { CONCEPTS } from './concept-lexicon.ts';

interface CompiledConcept {
  id: string;
  weight: number;
  cues: CueSet;
  /** "денег & не возьм*": both halves somewhere in one clause, however far apart ("денег за уход в первый сезон не возьмём") */
  together: [CueSet, CueSet][];
}

/** A compiled cue set behind a one-method face, so callers read like `PROPOSAL.test(text)`. */
export interface CueMatcher {
  test(normalized: string): boolean;
}

/** Compile cue patterns (../language/cues.ts syntax) into a matcher over normalised text. */
export function compileFast(patterns: readonly string[]): CueMatcher {
  const cues = compileCues(patterns);
  return { test: (normalized: string) => hasCue(normalized, cues) };
}

function compileConcept(c: { id: string; weight: number; patterns: readonly string[] }): CompiledConcept {
  const single = c.patterns.filter((p) => !p.includes(' & '));
  const together = c.patterns.filter((p) => p.includes(' & ')).map((p): [CueSet, CueSet] => {
    const [a = '', b = ''] = p.split(' & ');
    return [compileCues([a]), compileCues([b])];
  });
  return { id: c.id, weight: c.weight, cues: compileCues(single), together };
}

const COMPILED: readonly CompiledConcept[] = CONCEPTS.map(compileConcept);
// every concept's single cues in one group: a text is scanned once for all of them, not once per concept
const ALL_CONCEPTS = compileCueGroup(Object.fromEntries(CONCEPTS.map((c) => [c.id, c.patterns.filter((p) => !p.includes(' & '))])));

/** The first clause holding both halves of one of the concept's pairs, as a hit spanning the two cues. */
function findTogether(clauses: readonly { text: string; at: number }[], c: CompiledConcept): { text: string; index: number; end: number } | null {
  for (const [a, b] of c.together) {
    for (const clause of clauses) {
      const x = findCue(clause.text, a);
      const y = x ? findCue(clause.text, b) : null;
      if (!x || !y) continue;
      const index = clause.at + Math.min(x.index, y.index);
      const end = clause.at + Math.max(x.end, y.end);
      return { text: `${x.text} ${y.text}`, index, end };
    }
  }
  return null;
}

/** Clauses of normalised text with their offsets (splitClauses drops them). */
function clausesAt(normalized: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  let from = 0;
  for (const text of splitClauses(normalized)) {
    const at = normalized.indexOf(text, from);
    out.push({ text, at: Math.max(0, at) });
    from = at + text.length;
  }
  return out;
}

export interface ConceptHit {
  id: string;
  weight: number;
  /** the words that expressed it, as found in the normalised text */
  match: string;
  /** where those words start and end in the normalised text */
  index: number;
  end: number;
}

// The same turn is read by several checks (points, proposals, agreement); a small bounded memo
// keeps that to one scan. Cleared when full, so memory stays flat over any number of calls.
const MEMO_LIMIT = 2_000;
const memo = new Map<string, ConceptHit[]>();

// "посмотрите, как мы работаем": the comma before a subordinate clause does not end the phrase a
// cue spans. Replaced by a space, so every position still points at the same character.
const SOFT_COMMA = /,(?=\s+(?:как|что|чтобы|где|когда|сколько|какой|какая|какие|кто|почему|ли|how|what|that|when)\s)/gu;

function forCues(text: string): string {
  return normalizeText(text).replace(SOFT_COMMA, ' ');
}

/** Concepts expressed by a text; the text may be raw (it is normalised here). */
export function findConcepts(text: string): ConceptHit[] {
  const cached = memo.get(text);
  if (cached) return cached;
  const normalized = forCues(text);
  const hits: ConceptHit[] = [];
  let clauses: { text: string; at: number }[] | null = null;
  const single = matchGroup(normalized, ALL_CONCEPTS);
  for (const c of COMPILED) {
    let cue = single.get(c.id) ?? null;
    if (!cue && c.together.length > 0) cue = findTogether(clauses ??= clausesAt(normalized), c);
    if (cue) hits.push({ id: c.id, weight: c.weight, match: cue.text, index: cue.index, end: cue.end });
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, hits);
  return hits;
}

/** Every word that expresses some concept in the text (all occurrences, not only the first). */
export function conceptWords(text: string): Set<string> {
  const normalized = forCues(text);
  const out = new Set<string>();
  let clauses: { text: string; at: number }[] | null = null;
  for (const c of COMPILED) {
    const hits = findAllCues(normalized, c.cues);
    const paired = c.together.length > 0 ? findTogether(clauses ??= clausesAt(normalized), c) : null;
    for (const hit of paired ? [...hits, paired] : hits) {
      for (const w of hit.text.split(/[^\p{L}\d-]+/u)) if (w) out.add(w);
    }
  }
  return out;
}

export function conceptIds(text: string): Set<string> {
  return new Set(findConcepts(text).map((h) => h.id));
}

// "быстрее не получится", "рассрочку мы не даём", "we can't deliver": the clause names the concept
// only to rule it out. A hit whose own words carry the negation ("ничего не стоит", "нельзя
// разговаривать") is the concept itself and stays.
const RULED_OUT = compileCues([
  'не ~ получится|получиться|выйдет|можем|сможем|могу|смогу|бывает|делаем|успеем|успеваем|предоставляем|даем|работаем|предусмотрен*|предлагаем|оформляем',
  'нельзя', 'невозможно', 'никак', 'к сожалению нет', 'такого нет', 'у нас нет', 'can\'t', 'cannot', 'won\'t be able', 'not possible', 'impossible',
  'we don\'t', 'we do not', 'there is no',
]);

/** How far (in words) a "не получится" reaches: unpunctuated speech makes a whole turn one clause. */
const RULED_OUT_REACH = 5;
const CONTRAST = /(^|[\s,])(но|а|зато|однако|but|however)(\s|$)/u;

/**
 * The marker rules the hit out: near it, with no "но / а" turning to something else in between.
 * After the marker it reaches to the end of its clause ("не можем дать рассрочку"); before it, over
 * commas too ("бесплатно, к сожалению, не можем").
 */
function inScope(sentence: string, marker: { index: number; end: number }, hit: { index: number; end: number }): boolean {
  if (hit.index < marker.end && marker.index < hit.end) return false;
  const before = hit.index < marker.index;
  // "у нас так не выйдет", "так нельзя было": "так" points back at what was said; what follows is new
  if (!before && /(^|\s)так\s$/u.test(sentence.slice(0, marker.index))) return false;
  const between = before ? sentence.slice(hit.end, marker.index) : sentence.slice(marker.end, hit.index);
  if (!before && /[,;:—–]|\s-\s/u.test(between)) return false;
  return between.split(/[\s,]+/u).filter(Boolean).length <= RULED_OUT_REACH && !CONTRAST.test(between);
}

// "вы не останетесь могу зафиксировать цену": in unpunctuated speech "не ~ могу" may span a verb of its
// own; the "не" negates that verb ("не останетесь"), and the "могу" after it starts a new clause
const FINITE_VERB = /^[а-я]{3,}(?:ете|ите|ешь|ишь|ет|ит|ут|ют|ат|ят|ем|им|ла|ли|ло|тесь|тся|ться)$/u;

function negatesAnotherVerb(marker: string): boolean {
  const words = marker.split(/\s+/u);
  return words[0] === 'не' && words.slice(1, -1).some((w) => FINITE_VERB.test(w));
}

/** Concepts a speaker affirms: those named near a phrase that rules them out are left out. */
export function affirmedConceptIds(text: string): Set<string> {
  const normalized = normalizeText(text);
  if (!hasCue(normalized, RULED_OUT)) return conceptIds(text);
  const out = new Set<string>();
  // an unpunctuated turn: its run-on clauses end the scope as sentences would
  for (const sentence of hasPunctuation(normalized) ? normalized.split(/[.!?…;]+/u) : runOnClauses(normalized)) {
    const markers = findAllCues(sentence, RULED_OUT).filter((m) => !negatesAnotherVerb(m.text));
    for (const hit of findConcepts(sentence)) {
      if (!markers.some((m) => inScope(sentence, m, hit))) out.add(hit.id);
    }
  }
  return out;
}

export function conceptWeight(id: string): number {
  return COMPILED.find((c) => c.id === id)?.weight ?? 1;
}
