// One pass over the transcript: every turn's speech acts and sales cues, computed once so that
// the segmenter, the scorers and the outcome detector all read the same facts in O(turns).
import type { Speaker, Transcript } from '../../domain/transcript.ts';
import { analyzeUtteranceIn, BUYS_FROM_OTHERS, countTimeOptions, stemBag } from '../language/index.ts';
import { matchGroupHits } from '../language/cues.ts';
import { hasFigures, wordCount } from '../language/tokens.ts';
import type { Bag, SpeechActs } from '../language/index.ts';
import { salesCueNumbers, salesCuesFor } from './sales-cues.ts';
import { notAfterLetter } from '../language/bounded-search.ts';

export interface TurnFeatures extends SpeechActs {
  index: number;
  speaker: Speaker;
  text: string;
  words: number;
  stems: Bag;
  /** the manager proposes a next step (meeting, visit, call, contract) */
  proposal: boolean;
  openSlot: boolean;
  intro: boolean;
  permission: boolean;
  pushy: boolean;
  dismissive: boolean;
  criticism: boolean;
  hesitation: boolean;
  pitch: boolean;
  purchase: boolean;
  irritation: boolean;
  recap: boolean;
  /** the manager describes what the company offers ("мы можем подобрать…", "вам подойдёт…") */
  offer: boolean;
  /** the manager stops selling ("не буду навязывать"): the conversation ends by the manager's choice */
  withdrawal: boolean;
  perUnit: boolean;
  price: boolean;
  empathy: boolean;
  deal: boolean;
}

const COMPLIANT_NO = /^не (?:буду|будем|стану|станем)$/u;
// a negative imperative: "не включайте", "не волнуйтесь", "не ешьте"
const PROHIBITION = /(?<![\p{L}])не\s+\p{L}+(?:йте|ите|ьте)(?![\p{L}])/u;

const OFFER_QUESTION = notAfterLetter('(?:можно|давайте|интересно|интересует|интересуетесь|интересовались|нужен|нужна|нужно|хотите|хотели бы|готовы|согласны|устроит|подойдет|попробуете|would you|do you want|interested|deal)(?![\\p{L}])');
const PROPOSING = notAfterLetter("(?:давайте|предлагаю|let's|how about)(?![\\p{L}])");

// "no deal", "make a deal if…", "deal, no?" are not deals
const NOT_A_DEAL = /(?:no|not a|make a|make the|a|the) deal(?: if| breaker)?|deal,? no(?![\p{L}])/gu;

// Russian speech names money in words ("тысяч", "рублей", "стоит"), which the cues catch; a bare number
// is as often a time, a date, a house number or a head count, so only a currency mark makes it a price.
// English marketplace chats quote prices as bare numbers ("I can do 150").
const RU_MONEY_MARK = /[$₽€]|\d\s?(?:к|тр|т\.р|р)(?![\p{L}])/u;

function mentionsMoney(normalized: string, language: string): boolean {
  // the mark needs a digit or a currency sign, which the turn's tokenisation has noted: most turns have neither
  return language === 'en' ? hasFigures(normalized) : hasFigures(normalized) && RU_MONEY_MARK.test(normalized);
}

/** "в четверг в семь или в субботу в десять": a short turn that offers a choice of times, not a timetable being described. */
function offersChoice(normalized: string, anchors: SpeechActs['anchors']): boolean {
  if (countTimeOptions(anchors) < 2) return false;
  // the sentence with the choice in it, not the pitch before it
  return normalized.split(/[.!?…]+/u).some((sentence) => CHOICE.test(sentence) && countTimeOptions(anchors.filter((a) => sentence.includes(a.text))) >= 2 && wordCount(sentence) <= 25);
}
const CHOICE = /(?<![\p{L}])(?:или|либо|or)(?![\p{L}])/u;

export function extractFeatures(transcript: Transcript, language: string): TurnFeatures[] {
  const cues = salesCuesFor(language);
  const at = salesCueNumbers(language);
  const out: TurnFeatures[] = [];
  let previousOther: TurnFeatures | null = null;
  transcript.turns.forEach((turn, index) => {
    // a bare "нет" refuses an offer, not an information question ("ДМС у вас есть?" — "нет")
    const answersProposal = previousOther !== null && (previousOther.proposal || previousOther.pitch
      || (previousOther.question && OFFER_QUESTION.test(previousOther.normalized)));
    // the speech acts and the sales cues from one scan of the turn
    const { acts, hits } = analyzeUtteranceIn(turn.text, language, { answersProposal }, cues);
    const n = acts.normalized;
    // "нас устраивает, договорились" accepts the offer; the status-quo reading needs no acceptance beside it
    if (acts.concern === 'need' && acts.acceptance === 'strong' && !acts.refusal && /договорились|давайте|присылайте|оформляем|берем/u.test(n)) {
      acts.concern = null;
      acts.concernText = null;
    }
    // "До его приезда машинку не включайте." — "Не буду.": agreeing to a "don't", not refusing the offer
    if (acts.refusal !== null && COMPLIANT_NO.test(acts.refusal) && previousOther !== null && PROHIBITION.test(previousOther.normalized)) acts.refusal = null;
    // every field written out rather than spread from acts: one allocation of the final shape
    const features: TurnFeatures = {
      normalized: n,
      question: acts.question,
      acceptance: acts.acceptance,
      refusal: acts.refusal,
      deferral: acts.deferral,
      concern: acts.concern,
      concernText: acts.concernText,
      greeting: acts.greeting,
      farewell: acts.farewell,
      anchors: acts.anchors,
      index,
      speaker: turn.speaker,
      text: turn.text,
      words: wordCount(n),
      stems: stemBag(n, language),
      // offering a choice of times proposes a meeting even without a question mark (ASR): "в четверг в семь или в субботу в десять"
      // "Ну что, оформляем?" asks for the deal
      proposal: hits[at.proposal] !== undefined || (turn.speaker === 'manager' && acts.question && hits[at.purchase] !== undefined)
        || (turn.speaker === 'manager' && acts.anchors.some((a) => a.kind !== 'vague')
        && (acts.question || offersChoice(n, acts.anchors) || PROPOSING.test(n))),
      openSlot: hits[at.openSlot] !== undefined,
      intro: hits[at.intro] !== undefined,
      permission: hits[at.permission] !== undefined,
      pushy: hits[at.pushy] !== undefined,
      dismissive: hits[at.dismissive] !== undefined,
      criticism: hits[at.criticism] !== undefined,
      hesitation: hits[at.hesitation] !== undefined,
      pitch: hits[at.pitch] !== undefined,
      purchase: hits[at.purchase] !== undefined && !BUYS_FROM_OTHERS.test(n),
      irritation: hits[at.irritation] !== undefined,
      recap: hits[at.recap] !== undefined,
      offer: hits[at.offer] !== undefined,
      withdrawal: hits[at.withdrawal] !== undefined,
      perUnit: hits[at.perUnit] !== undefined,
      price: hits[at.price] !== undefined || mentionsMoney(n, language),
      empathy: hits[at.empathy] !== undefined,
      deal: hits[at.deal] !== undefined && matchGroupHits(n.replace(NOT_A_DEAL, ' '), cues.group)[at.deal] !== undefined,
    };
    out.push(features);
    // "the other side's previous turn": for the next speaker, the latest turn of the opposite side
    if (transcript.turns[index + 1]?.speaker !== turn.speaker) previousOther = features;
  });
  return out;
}

/** anyFrom[i] is 1 when some turn from i on passes the test (anyFrom[features.length] is 0): "does it happen later?" for every turn in one pass. */
export function anyFrom(features: readonly TurnFeatures[], test: (f: TurnFeatures) => boolean): Uint8Array {
  const out = new Uint8Array(features.length + 1);
  for (let i = features.length - 1; i >= 0; i--) {
    const f = features[i];
    out[i] = (f !== undefined && test(f)) || out[i + 1] === 1 ? 1 : 0;
  }
  return out;
}
