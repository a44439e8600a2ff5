// Finds which lexicon concepts a passage expresses, through the token-indexed cue matcher of
// ../language/cues.ts (each concept compiles once; a turn is scanned in microseconds).
import { compileCues, findAllCues, findCue, hasCue, type CueSet } from '../language/cues.ts';
import { normalizeText, splitClauses } from '../language/text.ts';
import { CONCEPTS } from './concept-lexicon.ts';

interface CompiledConcept {
  id: string;
  weight: number;
  cues: CueSet;
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

const COMPILED: readonly CompiledConcept[] = CONCEPTS.map((c) => ({ id: c.id, weight: c.weight, cues: compileCues(c.patterns) }));

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

/** Concepts expressed by a text; the text may be raw (it is normalised here). */
export function findConcepts(text: string): ConceptHit[] {
  const cached = memo.get(text);
  if (cached) return cached;
  const normalized = normalizeText(text);
  const hits: ConceptHit[] = [];
  for (const c of COMPILED) {
    const cue = findCue(normalized, c.cues);
    if (cue) hits.push({ id: c.id, weight: c.weight, match: cue.text, index: cue.index, end: cue.end });
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, hits);
  return hits;
}

/** Every word that expresses some concept in the text (all occurrences, not only the first). */
export function conceptWords(text: string): Set<string> {
  const normalized = normalizeText(text);
  const out = new Set<string>();
  for (const c of COMPILED) {
    for (const hit of findAllCues(normalized, c.cues)) {
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
  'не ~ получится|получиться|выйдет|можем|сможем|могу|смогу|бывает|делаем|успеем|успеваем|предоставляем|даем|работаем|предусмотрен*',
  'нельзя', 'невозможно', 'никак', 'к сожалению нет', 'такого нет', 'у нас нет', 'can\'t', 'cannot', 'won\'t be able', 'not possible', 'impossible',
  'we don\'t', 'we do not', 'there is no',
]);

/** Concepts a speaker affirms: those named in a clause that rules them out are left out. */
export function affirmedConceptIds(text: string): Set<string> {
  const normalized = normalizeText(text);
  if (!hasCue(normalized, RULED_OUT)) return conceptIds(text);
  const out = new Set<string>();
  for (const clause of splitClauses(normalized)) {
    const marker = findCue(clause, RULED_OUT);
    for (const hit of findConcepts(clause)) {
      if (!marker || (hit.index < marker.end && marker.index < hit.end)) out.add(hit.id);
    }
  }
  return out;
}

export function conceptWeight(id: string): number {
  return COMPILED.find((c) => c.id === id)?.weight ?? 1;
}
