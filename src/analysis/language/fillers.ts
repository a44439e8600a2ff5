// Spoken fillers ("э", "э-э", "короче", "типа") carry no meaning and split phrases that do ("не э
// подходит"); "ну" stays, cues read it ("ну да", "ну нет"). "типа" after a pronoun or adjective is a noun.
// Apart from text.ts so that the word table (tokens.ts) can note on each word whether it may hold one.
import { letterBefore } from './word-scan.ts';

const FILLER = /(?<![\p{L}\d-])(?:э+(?:-э+)*|эм+|мм+|короче|(?<!(?:какого|такого|этого|того|нового|другого|одного|любого)\s)типа)(?![\p{L}\d-])[\s,.…]*/gu;

/**
 * A native search for each filler's letters first: most turns hold "это", few a filler. Never false
 * where FILLER matches, and so, read on one word of a text alone, never false on every word of a text
 * FILLER matches in: each match lies inside one word, whose own edges only make this test say yes more often.
 */
export function mayHoldFiller(s: string): boolean {
  if (s.includes('мм') || s.includes('короче') || s.includes('типа')) return true;
  for (let i = s.indexOf('э'); i >= 0; i = s.indexOf('э', i + 1)) {
    const next = s.charCodeAt(i + 1);
    // "э", "ээ", "э-э", "эм" alone, not "это", "эскиз"
    // the character after "э" is a letter when a letter ends just before i + 2
    if (!letterBefore(s, i) && (Number.isNaN(next) || next === 0x44d || next === 0x43c || !letterBefore(s, i + 2))) return true;
  }
  return false;
}

export function withoutFillers(s: string): string {
  if (!mayHoldFiller(s)) return s;
  const out = s.replace(FILLER, '');
  return out === s ? s : out.trim();
}
