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

export function detectScript(text: string): ScriptReport {
  let cyr = 0;
  let lat = 0;
  let latin1 = 0;
  let other = 0;
  let replacement = 0;
  let cp1251Pairs = 0;
  let ukrainian = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) { replacement++; continue; }
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) lat++;
    else if (c >= 0x410 && c <= 0x44f || c === 0x401 || c === 0x451) {
      cyr++;
      // "Р" or "С" followed by a character CP1251 would never put after them in Russian text
      if ((c === 0x420 || c === 0x421) && i + 1 < text.length) {
        const n = text.charCodeAt(i + 1);
        if (n >= 0x402 && n <= 0x40f || n >= 0x452 && n <= 0x45f || n >= 0x2018 && n <= 0x203a || n === 0xb5 || n === 0xb0 || n === 0xa0) cp1251Pairs++;
      }
    } else if (c === 0x456 || c === 0x457 || c === 0x454 || c === 0x491 || c === 0x406 || c === 0x407 || c === 0x404) ukrainian++;
    else if (c >= 0xc0 && c <= 0xff) latin1++;
    else if (c > 0x24f && !(c >= 0x2000 && c <= 0x206f) && !(c >= 0x400 && c <= 0x4ff) && !(c >= 0x20a0 && c <= 0x20cf)) {
      if (/\p{L}/u.test(text[i] ?? '')) other++;
    }
  }
  const letters = cyr + lat + latin1 + other + ukrainian;
  const mojibake = letters > 0 && (replacement / Math.max(1, letters) > 0.02 || latin1 / letters > 0.2 || cp1251Pairs / Math.max(1, cyr) > 0.08);
  let language: DetectedLanguage = 'other';
  if (letters > 0) {
    if (cyr / letters >= 0.6 && ukrainian / Math.max(1, cyr) < 0.03) language = 'ru';
    else if (lat / letters >= 0.8 && englishShare(text) >= 0.12) language = 'en';
  }
  return { letters, language, mojibake };
}

function englishShare(text: string): number {
  const words = text.toLowerCase().match(/[a-z']+/g) ?? [];
  if (words.length === 0) return 0;
  let hits = 0;
  for (const w of words) if (EN_FUNCTION.has(w)) hits++;
  return hits / words.length;
}
