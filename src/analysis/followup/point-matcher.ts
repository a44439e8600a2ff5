// Decides whether one recommendation point was carried out in the follow-up call: the manager's
// turns must express the point's concepts (any words), *and* perform the act the point asks for —
// a question for "уточните", a concrete proposal for "предложите", a day or hour for "назначьте",
// substance rather than "не помню / по-разному" for "расскажите".
import type { Evidence } from '../../domain/call-analysis.ts';
import { normalizeText, questionSentences, splitSentences, tokenize } from '../language/text.ts';
import { stemBag } from '../language/stem.ts';
import { coverage } from '../language/similarity.ts';
import { affirmedConceptIds, compileFast, conceptIds, conceptWeight } from './concepts.ts';
import type { RecommendationPoint } from './recommendation-points.ts';
import { dismissesFeeling, introducesSelf, isDeferral, isProposal, isVague, isWithdrawn } from './speech-acts.ts';
import { hasConcreteTime, hasNumber } from './time-expressions.ts';
import { formsCovered, listedQuestionForms, questionForm } from './question-forms.ts';

export interface ManagerTurn {
  index: number;
  text: string;
  concepts: Set<string>;
  /** every concept named, ruled out or not ("нельзя", "не получится") */
  named: Set<string>;
  stems: Map<string, number>;
  questionConcepts: Set<string>;
  isQuestion: boolean;
  /** the sentences that ask the client something (not the ones the manager answers himself) */
  questions: string[];
}

export interface PointResult {
  done: boolean;
  /** weighted share of the point's meaning found in the manager's words, 0..1 */
  coverage: number;
  evidence: Evidence[];
  /** why a point with its meaning present still does not count, for the explanation */
  missing: string | null;
}

/** Weight of one uncovered content stem compared with a lexicon concept (weights 0.5..1.2). */
const STEM_WEIGHT = 0.35;
/**
 * The stems' total weight is capped against the concepts': the stems are the words the lexicon does
 * not know, and a paraphrase by definition does not repeat them, so a point rich in product names
 * ("allergy-safe dishes", "седация") must not be decided by those words alone.
 */
const STEM_SHARE_CAP = 0.6;
const STEM_FLOOR = 0.7;

/** A group of concepts named by the same words weighs as its weightiest member. */
function groupWeight(group: readonly string[], has: (id: string) => boolean = () => true): number {
  let w = 0;
  for (const c of group) if (has(c)) w = Math.max(w, conceptWeight(c));
  return w;
}

function conceptsWeight(point: RecommendationPoint, has?: (id: string) => boolean): number {
  return point.conceptGroups.reduce((s, g) => s + groupWeight(g, has), 0);
}

function stemsWeight(point: RecommendationPoint): number {
  const raw = point.stems.length * STEM_WEIGHT;
  if (point.concepts.length === 0) return raw;
  return Math.min(raw, Math.max(STEM_FLOOR, conceptsWeight(point) * STEM_SHARE_CAP));
}
const DONE_AT = 0.5;
/** A point this much heard counts as done when its heart was said in substance (the rest in the manager's own words). */
const HEART_AT = 0.33;

// "хотела узнать, получилось ли", "вы хотели глянуть расписание": a question put as a statement
const INDIRECT_QUESTION = compileFast([
  'хотел*|хочу ~ узнать|уточнить|спросить|поинтересоваться|сверить', 'вы ~ хотели ~ узнать|глянуть|посмотреть|уточнить|обсудить|подумать|посоветоваться',
  'получилось ли', 'удалось ли', 'успели ли', 'получилось ~ у вас|посмотреть|глянуть|узнать|обсудить', 'удалось ~ посмотреть|глянуть|узнать|обсудить',
  'интересно ~ как|что|когда|сколько|какой|какие', 'i wanted to ~ ask|check', 'did you manage', 'were you able', 'i wonder',
  // "если вам неудобно — скажите": the choice left to the client asks whether it suits them
  'если ~ удобно|неудобно|интересно|неинтересно', 'если ~ не против', 'if ~ not ~ convenient', 'if ~ inconvenient',
]);

// "Сколько у вас платежей? Ну, думаю, штук пятьдесят": the manager's own guess right after the question
const OWN_GUESS = /^(?:(?:ну|так|вот|well|so)[\s,]+)?(?:думаю|наверное|наверняка|скорее всего|полагаю|предполагаю|небось|i guess|i think|probably|i bet)(?=$|[\s,.—–-])/u;

/** A question the manager answers himself with a guess in the next sentence asks the client nothing. */
function answeredByAsker(sentences: readonly string[], question: string): boolean {
  const next = sentences[sentences.indexOf(question) + 1];
  return next !== undefined && OWN_GUESS.test(normalizeText(next));
}

// Unpunctuated speech: "можно один вопрос что больше всего отнимает сил", "…поменять что бы это было",
// "…как думаете": a question announced and then asked, or closed by a question tag, with no "?" to show it
const ASR_ASKS = compileFast([
  'можно|есть|один|такой ~ вопрос|вопросик ~ что|как|какой|какая|какие|сколько|когда|где|кто|почему|чем|чего',
  'вопрос ~ такой', 'что бы это было', 'как думаете', 'как считаете', 'что скажете', 'что думаете',
]);

// the same guess inside unpunctuated speech: "сколько у вас платежей выходит ну думаю штук пятьдесят"
const QUESTION_WORD = /(^|\s)(сколько|какой|какая|какое|какие|каких|какую|когда|где|куда|кто|почему|зачем|ли|how|what|which|when|where|who|why)(?=\s|$)/gu;
const INNER_GUESS = /(^|\s)(?:ну\s+)?(?:думаю|наверное|наверняка|скорее всего|полагаю|небось|i guess|probably)(?=\s|$)/gu;

/** In unpunctuated speech, a guess after the last question word answers the question itself. */
function guessedInRunOn(normalized: string): boolean {
  const asks = [...normalized.matchAll(QUESTION_WORD)].map((m) => m.index);
  const guesses = [...normalized.matchAll(INNER_GUESS)].map((m) => m.index);
  return asks.length > 0 && guesses.some((g) => g > Math.max(...asks));
}

/** The sentences that ask something: questions proper and questions put as statements. */
function askedSentences(text: string, language: string): string[] {
  const sentences = splitSentences(text);
  const runOn = !/[.!?]/u.test(text);
  if (runOn && guessedInRunOn(normalizeText(text))) return [];
  if (language === 'ru' && runOn && ASR_ASKS.test(normalizeText(text))) return [text];
  const questions = questionSentences(text, language).filter((q) => !answeredByAsker(sentences, q));
  const indirect = sentences.filter((s) => !questions.includes(s) && !answeredByAsker(sentences, s) && INDIRECT_QUESTION.test(normalizeText(s)));
  return [...questions, ...indirect];
}

export function prepareManagerTurns(turns: { speaker: string; text: string }[], language: string): ManagerTurn[] {
  const out: ManagerTurn[] = [];
  turns.forEach((t, index) => {
    if (t.speaker !== 'manager') return;
    const questions = askedSentences(t.text, language);
    const concepts = affirmedConceptIds(t.text);
    // "в выходные", "вечером" in a recommendation are met by a named day or hour ("в субботу", "после семи")
    if (hasConcreteTime(t.text)) concepts.add('schedule_hours');
    out.push({
      index,
      text: t.text,
      concepts,
      named: conceptIds(t.text),
      stems: stemBag(normalizeText(t.text), language),
      questionConcepts: affirmedConceptIds(questions.join(' ')),
      isQuestion: questions.length > 0,
      questions,
    });
  });
  return out;
}

/**
 * The turn carries one of the point's concepts: affirmed, or ruled out as the point itself rules it
 * out ("три года нельзя руководить компанией" said for "назовите, что нельзя руководить компанией").
 */
function expresses(point: RecommendationPoint, turn: ManagerTurn, concept: string): boolean {
  return turn.concepts.has(concept) || (point.ruledOut?.includes(concept) === true && turn.named.has(concept));
}

function turnScore(point: RecommendationPoint, turn: ManagerTurn): number {
  return conceptsWeight(point, (c) => expresses(point, turn, c)) + coverage(point.stems, turn.stems) * stemsWeight(point);
}

/** One of the point's specific concepts (weight ≥ 1) said in a turn with substance: figures, a name, or detail. */
function carriesHeadConcept(point: RecommendationPoint, turn: ManagerTurn): boolean {
  if (!point.concepts.some((c) => conceptWeight(c) >= 1 && expresses(point, turn, c))) return false;
  if (isVague(turn.text) || isDeferral(turn.text)) return false;
  const named = /[^.!?]\s+\p{Lu}\p{Ll}+/u.test(turn.text.replace(/^[^.!?]*[.!?]/u, ''));
  return hasNumber(turn.text) || named || turn.text.split(/\s+/).length >= 20;
}

/**
 * A point listing two or more questions ("сколько …, был ли … и что …") met by the manager's own
 * questions of every listed form, past his opening turn: the turns that asked them, or none.
 */
function askedInOwnWords(point: RecommendationPoint, turns: ManagerTurn[]): ManagerTurn[] {
  const listed = listedQuestionForms(point.text);
  if (listed.length < 2) return [];
  const later = turns.slice(1).filter((t) => t.isQuestion);
  const asked = later.flatMap((t) => t.questions.map(questionForm));
  return formsCovered(listed, asked) ? later : [];
}

// "пробные бывают, но давайте лучше скидку дам": what follows the marker is offered instead of what came before
const INSTEAD = /(?:^|[\s,.—-])(?:давайте|предлагаю|предложу|а)\s+лучше(?=\s)|(?:^|[\s,.—-])лучше\s+давайте(?=\s)|(?:^|[\s,.—-])вместо этого(?=\s|$)/u;

/** The turn names the point and then offers something else "лучше": the point is not what it offers. */
function offersOtherInstead(point: RecommendationPoint, turn: ManagerTurn, language: string): boolean {
  const n = normalizeText(turn.text);
  const at = INSTEAD.exec(n);
  if (!at) return false;
  const after = n.slice(at.index);
  const concepts = affirmedConceptIds(after);
  // the concepts decide: a shared object ("абонемент") may sit on both sides
  if (point.concepts.length > 0) return !point.concepts.some((c) => concepts.has(c));
  return coverage(point.stems, stemBag(after, language)) === 0;
}

function quoteViolated(quote: string, turns: ManagerTurn[]): ManagerTurn | null {
  const words = tokenize(normalizeText(quote));
  if (words.length < 2) return null;
  for (const t of turns) {
    const have = new Set(tokenize(normalizeText(t.text)));
    const hit = words.filter((w) => have.has(w)).length;
    if (hit / words.length >= 0.6) return t;
  }
  return null;
}

function evidenceOf(turns: ManagerTurn[]): Evidence[] {
  return turns.slice(0, 3).map((t) => ({ turn: t.index, text: t.text }));
}

export function matchPoint(point: RecommendationPoint, turns: ManagerTurn[], companyName: string, language: string): PointResult {
  if (point.kind === 'callback') {
    // the follow-up call itself is the call back
    return { done: turns.length > 0, coverage: 1, evidence: evidenceOf(turns.slice(0, 1)), missing: null };
  }
  if (point.kind === 'avoid') {
    const violation = point.quotes.map((q) => quoteViolated(q, turns)).find((t) => t !== null) ?? null;
    return violation
      ? { done: false, coverage: 0, evidence: evidenceOf([violation]), missing: 'violated' }
      : { done: true, coverage: 1, evidence: [], missing: null };
  }

  if (point.alternatives.length > 0) {
    // either alternative carries the point: the one done (or nearest to done) answers for it
    const results = point.alternatives.map((a) => matchPoint(a, turns, companyName, language));
    return results.reduce((best, r) => (Number(r.done) - Number(best.done) || r.coverage - best.coverage) > 0 ? r : best);
  }
  const total = conceptsWeight(point) + stemsWeight(point);
  const allStems = new Map<string, number>();
  for (const t of turns) for (const [k, v] of t.stems) allStems.set(k, (allStems.get(k) ?? 0) + v);
  const foundStemShare = coverage(point.stems, allStems);
  const found = conceptsWeight(point, (c) => turns.some((t) => expresses(point, t, c))) + foundStemShare * stemsWeight(point);
  // the instruction's own verb ("пригласите") found as an act counts as part of the meaning, never against it
  const verbFound = point.verbConcepts.filter((c) => !point.concepts.includes(c) && turns.some((t) => t.concepts.has(c)));
  const verbWeight = verbFound.reduce((s, c) => s + conceptWeight(c), 0);
  let cov = total + verbWeight === 0 ? 1 : (found + verbWeight) / (total + verbWeight);

  // a turn that performs the instruction's own verb ("приезжайте" for "пригласите") is a candidate too
  const ranked = turns.map((t) => ({ t, s: turnScore(point, t) + (point.verbConcepts.some((c) => t.concepts.has(c)) ? 0.1 : 0) })).filter((x) => x.s > 0).sort((a, b) => b.s - a.s).map((x) => x.t);
  let missing: string | null = null;
  let evidence = ranked;

  switch (point.kind) {
    case 'ask': {
      const listed = askedInOwnWords(point, turns);
      if (listed.length > 0) { evidence = listed; cov = Math.max(cov, DONE_AT); break; }
      const asked = turns.filter((t) => t.isQuestion && (point.concepts.length === 0 ? true : point.concepts.some((c) => t.questionConcepts.has(c)) || turnScore(point, t) > 0));
      if (asked.length === 0) missing = 'no_question';
      else {
        evidence = [...asked, ...ranked.filter((t) => !asked.includes(t))];
        // the question asks about the point's own subject in other words ("что бы вы поменяли" for "что улучшить")
        if (cov >= HEART_AT && cov < DONE_AT && asked.some((t) => point.concepts.some((c) => conceptWeight(c) >= 0.8 && t.questionConcepts.has(c)))) cov = DONE_AT;
      }
      break;
    }
    case 'offer': {
      const offered = ranked.filter((t) => isProposal(t.text, language) && !isVague(t.text) && !isDeferral(t.text) && !isWithdrawn(t.text) && !offersOtherInstead(point, t, language));
      if (offered.length === 0) missing = ranked.length > 0 ? 'mentioned_not_offered' : 'absent';
      else {
        evidence = [...offered, ...ranked.filter((t) => !offered.includes(t))];
        // the heart of the offer proposed with substance, its details in the manager's own words
        if (cov >= HEART_AT && cov < DONE_AT && offered.some((t) => carriesHeadConcept(point, t))) cov = DONE_AT;
      }
      break;
    }
    case 'schedule': {
      const timed = turns.filter((t) => hasConcreteTime(t.text) && (isProposal(t.text, language) || t.isQuestion));
      if (timed.length === 0) missing = 'no_concrete_time';
      else {
        evidence = [...timed, ...ranked.filter((t) => !timed.includes(t))];
        // the day and hour were named: the concept words may sit in the neighbouring turns
        cov = Math.max(cov, DONE_AT);
      }
      break;
    }
    case 'explain':
    case 'say': {
      if (ranked.length > 0 && ranked.slice(0, 2).every((t) => isDeferral(t.text))) missing = 'deferred';
      // a story told in its own words ("у нас занимается Николай, ему 52, через полгода…") shares the
      // point's specific concept but few of its words: a substantive turn with that concept is enough
      else if (cov >= HEART_AT && cov < DONE_AT && ranked.some((t) => carriesHeadConcept(point, t))) cov = DONE_AT;
      break;
    }
    case 'apologize':
    case 'acknowledge': {
      // an admission of one's own mistake is an apology and an acknowledgement; empathy with the
      // client's feeling or a concession of the client's point is an acknowledgement only
      const act = turns.filter((t) => t.concepts.has('apology') || (point.kind === 'acknowledge' && t.concepts.has('acknowledge')));
      const dismissed = turns.filter((t) => dismissesFeeling(t.text));
      // the feeling brushed aside instead is the opposite of the act, not a minor point skipped
      if (act.length === 0) { missing = point.kind === 'acknowledge' && dismissed.length > 0 ? 'dismissed' : 'absent'; evidence = dismissed; }
      else { evidence = act; cov = Math.max(cov, 1); }
      break;
    }
  }

  if (!missing && point.needsTime && point.kind !== 'schedule') {
    const timed = turns.filter((t) => hasConcreteTime(t.text) && !isVague(t.text));
    if (timed.length === 0) missing = 'no_concrete_time';
    else evidence = [...evidence, ...timed.filter((t) => !evidence.includes(t))];
  }
  if (!missing && point.needsNumber && !evidence.slice(0, 3).some((t) => hasNumber(t.text))) missing = 'no_figures';
  if (!missing && point.needsIntroduction) {
    const first = turns[0];
    const intro = first ? introducesSelf(first.text, companyName) : { name: false, company: false };
    if (!intro.name || (/компани|company/u.test(normalizeText(point.text)) && !intro.company)) missing = 'no_introduction';
    // the introduction said is the point carried out, whatever words the instruction used
    else cov = Math.max(cov, DONE_AT);
  }
  if (!missing && cov < DONE_AT) missing = 'meaning_absent';
  // the strongest turns first, then shown in the order they were said
  const shown = [...new Set(evidence)].slice(0, missing === null ? 3 : 2).sort((a, b) => a.index - b.index);
  return { done: missing === null, coverage: Math.min(1, cov), evidence: evidenceOf(shown), missing };
}
