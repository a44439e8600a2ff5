// The language module: everything the analysers need to read Russian and English speech.
//   text.ts         normalisation, tokens, sentences, clauses, questions (also for ASR text without punctuation)
//   run-on-clauses.ts  clause borders of an unpunctuated turn, before the words that open a spoken clause
//   tokens.ts       cue tokens of a turn, memoised, and the bounded word table: per-word facts worked out once
//   stem.ts         Snowball stems behind a bounded cache; stem bags of content words
//   similarity.ts   cosine and coverage of stem bags
//   bounded-search.ts  words that must not follow a letter, searched without a slow leading lookbehind
//   cues.ts         a small pattern language (stem prefixes, gaps, clause anchors) matched over tokens; each word
//                   knows which patterns it can start; groups scan once
//   datetime.ts     dates/times incl. spelled-out hours ("к десяти", "девять тридцать"); option counting
//   speech-acts.ts  acceptance, refusal with negation scope, deferral, concerns (objections), greeting, farewell
//   script-detect.ts  ru / en / other, and mojibake
// All functions are pure and synchronous.
export { normalizeText, tokenize, splitSentences, splitClauses, isQuestionSentence, questionSentences, asksQuestion, contentWords, isStopWord } from './text.ts';
export { stem, contentStems, stemBag } from './stem.ts';
export { cosine, coverage, coveredShare, mergeBags, stemSet } from './similarity.ts';
export type { Bag, StemSource } from './similarity.ts';
export { compileCues, hasCue, findCue, findAllCues, compileCueGroup, matchGroup, cueTokens } from './cues.ts';
export type { CueSet, CueGroup, CueHit } from './cues.ts';
export { detectTimeAnchors, isConcrete, countTimeOptions } from './datetime.ts';
export type { TimeAnchor, TimeAnchorKind } from './datetime.ts';
export {
  analyzeUtterance, analyzeUtteranceIn, compileSpeechCueGroup, BUYS_FROM_OTHERS, detectRefusal, detectAcceptance, detectDeferral, detectConcern, neutralizeNegations, CONCERN_KINDS,
} from './speech-acts.ts';
export type { SpeechActs, SpeechCueGroup, ConcernKind, UtteranceContext } from './speech-acts.ts';
export { detectScript, detectScriptOfTexts } from './script-detect.ts';
export type { ScriptReport, DetectedLanguage } from './script-detect.ts';
