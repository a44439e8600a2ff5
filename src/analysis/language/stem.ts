// Snowball stems for Russian and English behind a bounded cache: morphology-aware matching of
// "подумаю / подумаем / подумать" and "offer / offered" without a dictionary load, so the
// engine stays synchronous and pure. The cache is capped so memory stays flat over any number of calls.
import snowball from 'snowball-stemmers';
import { tokenised } from './tokens.ts';
import type { Lexeme } from './tokens.ts';
import { isStopWord } from './text.ts';

interface Stemmer { stem(word: string): string }

const stemmers: Record<'ru' | 'en', Stemmer> = {
  ru: snowball.newStemmer('russian') as Stemmer,
  en: snowball.newStemmer('english') as Stemmer,
};

const CACHE_LIMIT = 60_000;
const caches: Record<'ru' | 'en', Map<string, string>> = { ru: new Map(), en: new Map() };

function lang(language: string): 'ru' | 'en' {
  return language === 'en' ? 'en' : 'ru';
}

/** The stem of one lower-case word. Latin words inside Russian text are stemmed as English. */
export function stem(word: string, language: string): string {
  const c = word.charCodeAt(0);
  const l = c >= 97 && c <= 122 ? 'en' : lang(language); // /^[a-z]/ without a regex call per word
  const cache = caches[l];
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  const s = word.length <= 3 ? word : stemmers[l].stem(word);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, s);
  return s;
}

/** The stem of a word if it is a content word (not a stop word, not a number, at least 3 letters), else null. */
function contentStem(w: string, language: string): string | null {
  if (w.length < 3 || isStopWord(w, language)) return null;
  const c = w.charCodeAt(0);
  if (c >= 48 && c <= 57) return null;
  return stem(w, language);
}

/** The content stem of a word-table entry in the given language (kept on the entry), or null. */
function lexemeStem(lexeme: Lexeme, en: boolean, language: string): string | null {
  let s = en ? lexeme.stemEn : lexeme.stemRu;
  if (s === undefined) {
    s = contentStem(lexeme.text, language);
    if (en) lexeme.stemEn = s;
    else lexeme.stemRu = s;
  }
  return s;
}

/** Stems of the content words of normalised text (tokens shared with the cue matcher; each word's stem is kept on its table entry). */
export function contentStems(normalized: string, language: string): string[] {
  const out: string[] = [];
  const en = language === 'en';
  for (const lexeme of tokenised(normalized).lexemes) {
    const s = lexeme ? lexemeStem(lexeme, en, language) : null;
    if (s !== null) out.push(s);
  }
  return out;
}

/** A bag (stem -> count) of the content words. */
export function stemBag(normalized: string, language: string): Map<string, number> {
  const bag = new Map<string, number>();
  const en = language === 'en';
  for (const lexeme of tokenised(normalized).lexemes) {
    const s = lexeme ? lexemeStem(lexeme, en, language) : null;
    if (s !== null) bag.set(s, (bag.get(s) ?? 0) + 1);
  }
  return bag;
}
