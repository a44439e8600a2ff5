// The common case of normalizeText (text.ts) in one character loop: lower-casing with ё→е and
// ’ ` → ' folded in, for text whose every character maps to one character on its own. A turn has a
// capital or two and now and then a "ё"; slicing around those few is about twice as fast as
// String.prototype.toLowerCase followed by a second loop that looks for what to replace.

// For every code below TABLE_END: what the character becomes (lower case, then the folds), or -1
// where this loop cannot decide alone — whitespace other than one plain space (normalizeText
// collapses it), a character whose lower case is longer than one, and "Σ", whose lower case
// depends on the letters around it (final sigma). Read off toLowerCase itself, so it agrees with it.
const TABLE_END = 0x2070; // past General Punctuation (dashes, quotes, "…"), which has no case
const FOLD = new Int32Array(TABLE_END);
for (let c = 0; c < TABLE_END; c++) {
  const ch = String.fromCharCode(c);
  const lower = ch.toLowerCase();
  FOLD[c] = (c !== 32 && /\s/u.test(ch)) || lower.length !== 1 || c === 0x3a3 ? -1 : lower.charCodeAt(0);
}
FOLD[0x451] = 0x435; // ё
FOLD[0x401] = 0x435; // Ё
FOLD[0x2019] = 39; // ’
FOLD[96] = 39; // `

/**
 * text.toLowerCase() with ё→е and ’ ` → ' (untrimmed), or null when the text holds a character the
 * table leaves undecided or two spaces in a row: then the general path must run.
 */
export function foldedLowerCase(text: string): string | null {
  let out = '';
  let from = 0;
  let previousSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // lower-case Russian letters, the commonest characters, stay as they are
    if (c >= 0x430 && c <= 0x44f) { previousSpace = false; continue; }
    if (c === 32) {
      if (previousSpace) return null;
      previousSpace = true;
      continue;
    }
    previousSpace = false;
    const folded = c < TABLE_END ? FOLD[c] ?? -1 : -1;
    if (folded === c) continue;
    if (folded < 0) return null;
    out += text.slice(from, i) + String.fromCharCode(folded);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}
