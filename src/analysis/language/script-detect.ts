// Is this text Russian, English, something else, or broken encoding? Decided by letter scripts
// and, for Latin text, by the share of common English function words (German or Spanish text is
// Latin too). Mojibake shows as UTF-8 read as Latin-1 ("Ð¿Ñ€Ð¸"), as CP1251 ("РїСЂРё") or as
// replacement characters.

export type DetectedLanguage = 'ru' | 'en' | 'other';

export interface ScriptReport {
  letters: number;
  language: DetectedLanguage;
  mojibake: boolean;
}

const EN_FUNCTION = new Set(['the', 'a', 'an', 'to', 'and', 'i', 'you', 'it', 'is', 'for', 'of', 'that', 'in', 'on', 'can', 'would',
  'do', 'how', 'what', 'my', 'me', 'we', 'be', 'with', 'have', 'are', 'this', 'will', 'not', 'your', 'if', 'so', 'but', 'just', 'at',
  'hi', 'hello', 'ok', 'okay', 'yes', 'no', 'great', 'thanks', 'price', 'sure', 'deal', 'sounds', 'good', 'could', 'about', 'is', "i'm"]);

interface ScriptCounts { cyr: number; lat: number; latin1: number; other: number; replacement: number; cp1251Pairs: number; ukrainian: number }

// the class of every character below U+0500, so the loop takes one table read instead of a chain of range tests
const LATIN = 1;
const CYRILLIC = 2;
const CYRILLIC_R_S = 3; // "Р" or "С": CP1251 mojibake shows as these followed by odd characters
const UKRAINIAN = 4;
const LATIN1 = 5;
const MAYBE_OTHER = 6; // may be a letter of another script (Greek, IPA…)
const CLASS = new Uint8Array(0x500);
for (let c = 0; c < 0x500; c++) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) CLASS[c] = LATIN;
  else if (c === 0x420 || c === 0x421) CLASS[c] = CYRILLIC_R_S;
  else if ((c >= 0x410 && c <= 0x44f) || c === 0x401 || c === 0x451) CLASS[c] = CYRILLIC;
  else if (c === 0x456 || c === 0x457 || c === 0x454 || c === 0x491 || c === 0x406 || c === 0x407 || c === 0x404) CLASS[c] = UKRAINIAN;
  else if (c >= 0xc0 && c <= 0xff) CLASS[c] = LATIN1;
  else if (c > 0x24f && c < 0x400) CLASS[c] = MAYBE_OTHER;
}

function countInto(n: ScriptCounts, text: string): void {
  let cyr = 0;
  let lat = 0;
  let latin1 = 0;
  let other = 0;
  let replacement = 0;
  let cp1251Pairs = 0;
  let ukrainian = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // lower-case Russian letters and spaces make up most of a Russian call: counted before the table read
    if (c >= 0x430 && c <= 0x44f) { cyr++; continue; }
    if (c === 32) continue;
    const cls = c < 0x500 ? CLASS[c] : c === 0xfffd ? 0 : MAYBE_OTHER;
    if (cls === 0) {
      if (c === 0xfffd) replacement++;
    } else if (cls === CYRILLIC) cyr++;
    else if (cls === LATIN) lat++;
    else if (cls === CYRILLIC_R_S) {
      cyr++;
      // "Р" or "С" followed by a character CP1251 would never put after them in Russian text
      if (i + 1 < text.length) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0x402 && d <= 0x40f || d >= 0x452 && d <= 0x45f || d >= 0x2018 && d <= 0x203a || d === 0xb5 || d === 0xb0 || d === 0xa0) cp1251Pairs++;
      }
    } else if (cls === UKRAINIAN) ukrainian++;
    else if (cls === LATIN1) latin1++;
    else if (!(c >= 0x2000 && c <= 0x206f) && !(c >= 0x20a0 && c <= 0x20cf)) {
      if (/\p{L}/u.test(text[i] ?? '')) other++;
    }
  }
  n.cyr += cyr;
  n.lat += lat;
  n.latin1 += latin1;
  n.other += other;
  n.replacement += replacement;
  n.cp1251Pairs += cp1251Pairs;
  n.ukrainian += ukrainian;
}

function report(n: ScriptCounts, englishShare: () => number): ScriptReport {
  const { cyr, lat, latin1, other, replacement, cp1251Pairs, ukrainian } = n;
  const letters = cyr + lat + latin1 + other + ukrainian;
  const mojibake = letters > 0 && (replacement / Math.max(1, letters) > 0.02 || latin1 / letters > 0.2 || cp1251Pairs / Math.max(1, cyr) > 0.08);
  let language: DetectedLanguage = 'other';
  if (letters > 0) {
    if (cyr / letters >= 0.6 && ukrainian / Math.max(1, cyr) < 0.03) language = 'ru';
    else if (lat / letters >= 0.8 && englishShare() >= 0.12) language = 'en';
  }
  return { letters, language, mojibake };
}

const zero = (): ScriptCounts => ({ cyr: 0, lat: 0, latin1: 0, other: 0, replacement: 0, cp1251Pairs: 0, ukrainian: 0 });

export function detectScript(text: string): ScriptReport {
  const n = zero();
  countInto(n, text);
  return report(n, () => englishShare([text]));
}

/** detectScript of the texts joined by spaces, without joining them. */
export function detectScriptOfTexts(texts: readonly string[]): ScriptReport {
  const n = zero();
  for (const t of texts) countInto(n, t);
  return report(n, () => englishShare(texts));
}

function englishShare(texts: readonly string[]): number {
  let words = 0;
  let hits = 0;
  for (const text of texts) {
    for (const w of text.toLowerCase().match(/[a-z']+/g) ?? []) {
      words++;
      if (EN_FUNCTION.has(w)) hits++;
    }
  }
  return words === 0 ? 0 : hits / words;
}
