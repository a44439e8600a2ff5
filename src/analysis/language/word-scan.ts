// Character-loop word scanning, the hot core of tokenisation. It reproduces exactly what the
// Unicode regexes /[\p{L}\d]+(?:[-'/][\p{L}\d]+)*/gu (and the ’ variant) would match, without a
// match object and a test regex per token: every turn is tokenised several times, so this is
// measurable. Non-ASCII BMP characters are classified once through the regex and remembered.

const LETTER_RE = /^\p{L}$/u;
// 0 = not yet classified, 1 = letter, 2 = not a letter
const bmpClass = new Uint8Array(65536);

function isBmpLetterSlow(c: number): boolean {
  const cls = bmpClass[c];
  if (cls === 1) return true;
  if (cls === 2) return false;
  const letter = LETTER_RE.test(String.fromCharCode(c));
  bmpClass[c] = letter ? 1 : 2;
  return letter;
}

/** Is the character (code point) that ends just before index i a letter (\p{L}), as a /u lookbehind reads it? */
export function letterBefore(s: string, i: number): boolean {
  if (i <= 0) return false;
  const c = s.charCodeAt(i - 1);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0x430 && c <= 0x44f) return true;
  if (c >= 0xdc00 && c <= 0xdfff) {
    const h = i >= 2 ? s.charCodeAt(i - 2) : 0;
    return h >= 0xd800 && h <= 0xdbff && LETTER_RE.test(s.slice(i - 2, i));
  }
  if (c >= 0xd800 && c <= 0xdbff) return false; // a lone high surrogate
  return isBmpLetterSlow(c);
}

/**
 * Length in UTF-16 units of the word character (\p{L} or an ASCII digit) at i, or 0. Astral letters
 * (a surrogate pair) count as one character of length 2, as in a /u regex.
 */
export function wordCharLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  if (c >= 0x430 && c <= 0x44f) return 1; // а-я, the common case
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return LETTER_RE.test(s.slice(i, i + 2)) ? 2 : 0;
  }
  if (c >= 0xd800 && c <= 0xdfff) return 0; // a lone surrogate is no letter
  return isBmpLetterSlow(c) ? 1 : 0;
}

/**
 * End of the word starting at i (a run of word characters, then any number of a joiner followed by
 * more word characters); i must be at a word character. `joiner2` is the second joiner besides - and '.
 */
export function wordEnd(s: string, i: number, joiner2: number): number {
  const n = s.length;
  let p = i;
  for (let w = wordCharLength(s, p); w > 0; w = p < n ? wordCharLength(s, p) : 0) p += w;
  while (p + 1 < n) {
    const c = s.charCodeAt(p);
    if (c !== 45 && c !== 39 && c !== joiner2) break; // - '
    const w = wordCharLength(s, p + 1);
    if (w === 0) break;
    p += 1 + w;
    for (let x = p < n ? wordCharLength(s, p) : 0; x > 0; x = p < n ? wordCharLength(s, p) : 0) p += x;
  }
  return p;
}

/** Code of "/", the cue tokens' second joiner ("б/у"). */
export const SLASH = 47;
/** Code of "’", the plain word tokens' second joiner. */
export const RIGHT_QUOTE = 0x2019;
