// Searches for words that must not follow a letter — what /(?<![\p{L}])(?:…)/u finds — without the
// leading lookbehind, which keeps the regex engine from searching for the words' first letters and
// makes it try every position of the text (2-3 times slower on turns): the rest of the pattern is
// searched natively and the character before each match is checked after it, moving on by one
// character when it is a letter, exactly where the lookbehind would have failed.
import { letterBefore } from './word-scan.ts';

export interface BoundedSearch {
  /** does the text hold a match? */
  test(text: string): boolean;
  /** how many non-overlapping matches, left to right (text.match(/…/gu).length) */
  count(text: string): number;
}

/** `rest` is the pattern after its leading (?<![\p{L}]), as regex source in /u syntax. */
export function notAfterLetter(rest: string): BoundedSearch {
  const re = new RegExp(rest, 'gu');
  const next = (text: string): RegExpExecArray | null => {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (!letterBefore(text, m.index)) return m;
      re.lastIndex = m.index + 1;
    }
    return null;
  };
  return {
    test(text) {
      re.lastIndex = 0;
      return next(text) !== null;
    },
    count(text) {
      re.lastIndex = 0;
      let n = 0;
      for (let m = next(text); m; m = next(text)) {
        n++;
        if (m[0].length === 0) re.lastIndex = m.index + 1;
      }
      return n;
    },
  };
}
