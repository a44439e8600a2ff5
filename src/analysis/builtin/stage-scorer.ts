// Scores of the first three stages: greeting, needs discovery, presentation. Each starts from a
// good score and loses points for what a head of sales would mark down, with the turn that shows it.
import { coverage, coveredShare, normalizeText, stemSet } from '../language/index.ts';
import { RU_FIRST_NAMES } from './first-names.ts';
import { notAfterLetter } from '../language/bounded-search.ts';
import { namesCompany } from './knowledge-index.ts';
import { clientComesRound } from './objection-tracker.ts';
import { turnsOf } from './stage-segmenter.ts';
import { anyFrom } from './turn-features.ts';
import type { TurnFeatures } from './turn-features.ts';
import { deduct, draft, managerBag, managerTurns } from './scoring-context.ts';
import type { Draft, ScoringContext } from './scoring-context.ts';

const MISSING_STEPS_CAP = 6;

/** Missing steps of one bad opening overlap ("Алло." lacks all of them): together they cost at most `cap`, scaled down alike. */
function capDeductions(d: Draft, cap: number): void {
  const total = d.deductions.reduce((sum, x) => sum + x.points, 0);
  if (total <= cap) return;
  for (const x of d.deductions) x.points = Math.round((x.points * cap / total) * 10) / 10;
}

// words of the answering formula that are not a name ("Да, алло, «Компания», слушаю")
const FORMULA_WORDS = /^(?:да|алло|ало|слушаю|здравствуйте|здрасьте|привет|приветствую|добрый|доброе|день|вечер|утро|компания|это|так|ну)$/u;

/**
 * The opening formula names the manager by its place, not by a list of names: "«Компания», Имя, здравствуйте",
 * "Добрый день, это Имя, …" (a one-word part of the first turn, capitalised) or, in ASR text, "компания имя слушаю" (the word before
 * the closing greeting of a short first turn that names the company). A name ending in "?" asks for the client.
 */
function namedInFormula(ctx: ScoringContext, first: TurnFeatures): boolean {
  const word = (w: string): boolean => /^\p{L}{3,}$/u.test(w) && !FORMULA_WORDS.test(w.toLowerCase())
    && !ctx.index.companyNameWords.has(normalizeText(w)) && !namesCompany(ctx.index, normalizeText(w));
  const parts = first.text.split(/([,.!?;:—–]+)/u);
  for (let i = 0; i < parts.length; i += 2) {
    const part = (parts[i] ?? '').trim().replace(/^(?:это|я)\s+/iu, '');
    if (/^\p{Lu}/u.test(part) && word(part) && !(parts[i + 1] ?? '').includes('?')) return true;
  }
  const tokens = first.normalized.split(/[^\p{L}-]+/u).filter((t) => t.length > 0);
  const last = tokens.at(-1) ?? '';
  return tokens.length <= 6 && /^(?:слушаю|здравствуйте)$/u.test(last) && namesCompany(ctx.index, first.normalized) && word(tokens.at(-2) ?? '');
}

export function scoreGreeting(ctx: ScoringContext, turns: number[]): Draft {
  const { features, lang } = ctx;
  const d = draft('greeting', turns, features);
  const mine = managerTurns(ctx, turns);
  const first = mine[0];
  if (!first) return d;
  const text = mine.map((f) => f.normalized).join(' ');
  if (lang === 'en') return d; // marketplace chats: a greeting is a courtesy, not a scripted step
  if (!mine.slice(0, 2).some((f) => f.greeting)) deduct(d, 'greeting.no_hello', 1.5, lang, first.index);
  const company = namesCompany(ctx.index, text);
  if (!company) deduct(d, 'greeting.no_company', 2, lang, first.index);
  if (!company && !mine.some((f) => f.intro)) deduct(d, 'greeting.no_intro', 1, lang, first.index);
  const named = mine.some((f) => /меня зовут|это\s+\p{L}+\s+из/u.test(f.normalized) || [...f.stems.keys()].some((w) => RU_FIRST_NAMES.has(w))
    || f.normalized.split(/[^\p{L}]+/u).some((w) => RU_FIRST_NAMES.has(w))) || namedInFormula(ctx, first);
  if (!named) deduct(d, 'greeting.no_name', 1.5, lang, first.index);
  if (first.words <= 4 && !first.greeting) deduct(d, 'greeting.curt', 1.5, lang, first.index);
  const clientBusy = features.slice(0, 3).some((f) => f.speaker === 'client' && f.concern === 'time');
  if (!mine.some((f) => f.permission) && !clientBusy) deduct(d, 'greeting.no_permission', 1, lang, first.index);
  capDeductions(d, MISSING_STEPS_CAP);
  const asked = features.slice(0, (turns.at(-1) ?? 0) + 2).find((f) => f.speaker === 'client' && f.concern === 'trust');
  if (asked) deduct(d, 'greeting.client_asked_who', 3, lang, asked.index);
  if (first.pitch || (first.price && !first.question && first.words > 12)) deduct(d, 'greeting.pitch_first', 2, lang, first.index);
  const hesitant = mine.find((f) => f.hesitation);
  if (hesitant) deduct(d, 'greeting.hesitation', 2, lang, hesitant.index);
  const refused = features.find((f) => f.speaker === 'client' && f.refusal && f.index <= (turns.at(-1) ?? 0));
  if (refused && mine.some((f) => f.index > refused.index && (f.pushy || f.pitch))) deduct(d, 'greeting.pushed_after_no', 1.5, lang, refused.index);
  // the opening's job is to earn the conversation; a client lost here means it failed
  if (ctx.verdict.loss?.stage === 'greeting') deduct(d, 'greeting.lost_client', 4, lang, ctx.verdict.lossTurn ?? undefined);
  return d;
}

/** Once the next step is on the table, a short question arranges it ("Адрес какой?"); a full one may still find out about the client. */
const CLOSING_QUESTION_MIN_WORDS = 8;

/** Manager questions about the client's situation anywhere after the greeting. */
export function needsQuestions(ctx: ScoringContext): TurnFeatures[] {
  const closingStart = ctx.seg.closingStart ?? Infinity;
  return ctx.features.filter((f) => f.speaker === 'manager' && f.index > ctx.seg.greetingEnd && f.question && !f.proposal
    && (f.index < closingStart || f.words >= CLOSING_QUESTION_MIN_WORDS)
    && !(f.permission && f.words < 25));
}

const OPEN_QUESTION = /(?<![\p{L}])(?:как\p{L}*|сколько|что|чем|чего|почему|зачем|где|куда|откуда|когда|кто|кого|кому|расскажите|подскажите|опишите|поделитесь|уточните)(?![\p{L}])/u;

export function scoreNeeds(ctx: ScoringContext, turns: number[]): Draft {
  const { features, lang } = ctx;
  const d = draft('needs', turns, features);
  const questions = needsQuestions(ctx);
  const greetingQuestions = managerTurns(ctx, turnsOf(ctx.seg, 'greeting')).filter((f) => f.question && f.words >= 10 && !f.permission).length;
  const q = questions.length + greetingQuestions;
  // a client with no time to talk gets a call-back, not an interview: the discovery is put off, not skipped
  const busy = ctx.verdict.outcome === 'success' && features.slice(0, 3).some((f) => f.speaker === 'client' && f.concern === 'time');
  const cap = busy ? 2 : Infinity;
  if (q === 0) {
    deduct(d, 'needs.absent', Math.min(7, cap), lang);
    return d;
  }
  const table = [7, 3, 1, 0, 0];
  deduct(d, 'needs.few_questions', Math.min(table[Math.min(q, 4)] ?? 0, cap), lang, questions[0]?.index);
  // only yes/no and leading questions ("вы же ИП, да?", "наверняка дорого?"): the client was never asked to tell
  if (lang === 'ru' && !questions.some((f) => OPEN_QUESTION.test(f.normalized))) deduct(d, 'needs.closed_questions', 1, lang, questions[0]?.index);
  let irritation = 0;
  for (const f of features) {
    if (f.speaker !== 'client' || ctx.seg.stageOf[f.index] !== 'needs') continue;
    const afterQuestion = features[f.index - 1]?.speaker === 'manager' && features[f.index - 1]?.question === true;
    if (afterQuestion && (f.irritation || (f.refusal && f.index > ctx.seg.greetingEnd + 1))) {
      if (irritation < 6) deduct(d, 'needs.client_irritated', 3, lang, f.index);
      irritation += 3;
    }
  }
  const items = ctx.index.scriptItems.needs;
  if (items.length >= 2 && lang === 'ru') {
    // what the manager found out: the questions and the client's answers to them
    const bag = stemSet(questions.flatMap((f) => [f.stems, features[f.index + 1]?.stems ?? new Map<string, number>()]));
    const covered = coveredShare(items, bag, 0.34);
    if (covered < 0.2) deduct(d, 'needs.script_gap', 1, lang, questions[0]?.index);
  }
  // the client turned the offer down as not for them: whatever was asked, what mattered to the client was not found out
  if (ctx.verdict.loss?.stage === 'presentation') deduct(d, 'needs.missed_need', 2, lang, ctx.verdict.lossTurn ?? undefined);
  const firstQ = questions[0]?.index ?? Infinity;
  const earlyPrice = features.find((f) => f.speaker === 'manager' && f.index > ctx.seg.greetingEnd && f.index < firstQ && f.price && f.words > 6);
  if (earlyPrice && q < 2) deduct(d, 'needs.price_before_needs', 1.5, lang, earlyPrice.index);
  return d;
}

/** Manager statements after the greeting that answer the client's question right before them. */
export function answersToClient(ctx: ScoringContext): number[] {
  const { features } = ctx;
  return features.filter((f) => f.speaker === 'manager' && f.index > ctx.seg.greetingEnd && !f.question
    && features[f.index - 1]?.speaker === 'client' && features[f.index - 1]?.question === true).map((f) => f.index);
}

const FILLERS = notAfterLetter('(?:ну|короче|наверное|типа|как бы)(?![\\p{L}])');

export function scorePresentation(ctx: ScoringContext, turns: number[]): Draft {
  const { features, lang } = ctx;
  const d = draft('presentation', turns, features);
  const mine = managerTurns(ctx, turns);
  if (mine.length === 0) return d;
  // the manager never presented unasked: what the client heard of the offer came as answers to their own
  // questions. That is the stage's failure as a whole; the checks below judge a pitch that was never given.
  const answers = answersToClient(ctx);
  if (answers.length >= 2 && mine.every((f) => answers.includes(f.index))) {
    deduct(d, 'presentation.client_led', 6, lang, mine[0]?.index);
    return d;
  }
  const words = mine.reduce((s, f) => s + f.words, 0);
  if (words < 12) deduct(d, 'presentation.thin', 2, lang, mine[0]?.index);
  const start = mine[0]?.index ?? 0;
  const clientBefore = stemSet(features.filter((f) => f.speaker === 'client' && f.index < start).map((f) => f.stems));
  const pres = managerBag(ctx, turns);
  if (clientBefore.size >= 6 && lang === 'ru' && coverage(clientBefore.keys(), pres) < 0.08) deduct(d, 'presentation.not_linked', 1.5, lang, start);
  // a client who pushes back on the pitch and comes round later raised an objection (judged there);
  // pushback the client never came back from is what the pitch failed at
  const positiveFrom = anyFrom(features, clientComesRound);
  let pushback = 0;
  for (const f of mine) {
    const reply = features[f.index + 1];
    if (reply?.speaker === 'client' && (reply.concern === 'quality' || reply.irritation || (reply.refusal && reply.concern !== 'price'))) {
      if (positiveFrom[reply.index + 1] === 1) continue;
      if (pushback < 6) deduct(d, 'presentation.client_pushback', 3, lang, reply.index);
      pushback += 3;
    }
  }
  const pushy = mine.find((f) => f.pushy);
  if (pushy) deduct(d, 'presentation.pushy', 2, lang, pushy.index);
  // fillers and hedging in the pitch ("ну короче", "наверное"): one is speech, several are sloppiness
  let fillers = 0;
  for (const f of mine) fillers += FILLERS.count(f.normalized);
  if (fillers >= 2) deduct(d, 'presentation.thin', Math.min(3, 0.75 * fillers), lang, mine[0]?.index);
  const items = ctx.index.scriptItems.presentation;
  if (items.length >= 2 && lang === 'ru') {
    const covered = coveredShare(items, pres, 0.34);
    if (covered < 0.2) deduct(d, 'presentation.script_gap', 0.5, lang, start);
  }
  if (needsQuestions(ctx).filter((f) => f.index < start).length === 0 && lang === 'ru') deduct(d, 'presentation.not_linked', 1.5, lang, start);
  return d;
}
