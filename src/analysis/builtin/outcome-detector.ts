// Did the call end with the client committed to a concrete next step (or a purchase), and if
// not, where and why was the client lost? Reads the turn features from the end: the last few
// turns matter most, a later refusal revokes an earlier "давайте", and a commitment needs both
// sides: a proposal with a day/time that the client accepts, or the client naming the time.
import type { CallAnalysis, Evidence, LossReason } from '../../domain/call-analysis.ts';
import type { Stage } from '../../domain/stages.ts';
import { isConcrete } from '../language/index.ts';
import type { Segmentation } from './stage-segmenter.ts';
import type { TurnFeatures } from './turn-features.ts';
import { anyFrom } from './turn-features.ts';

export interface Commitment {
  turn: number;
  proposalTurn: number | null;
  concrete: boolean;
  purchase: boolean;
}

export interface OutcomeVerdict {
  outcome: 'success' | 'lost';
  confidence: number;
  commitment: Commitment | null;
  loss: CallAnalysis['loss'];
  nextStep: CallAnalysis['nextStep'];
  /** the client turn whose negativity decided the loss */
  lossTurn: number | null;
  /** how far the conversation got before the loss: the loss may be blamed on an earlier stage (no needs discovery) */
  reached: Stage | null;
}

function previousManager(features: TurnFeatures[], i: number): TurnFeatures | null {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) if (features[j]?.speaker === 'manager') return features[j] ?? null;
  return null;
}

function previousClient(features: TurnFeatures[], i: number): TurnFeatures | null {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) if (features[j]?.speaker === 'client') return features[j] ?? null;
  return null;
}

const TODAY = /^(?:сегодня|today)$/u;

function concrete(f: TurnFeatures | null): boolean {
  return f !== null && f.anchors.some(isConcrete);
}

/** "Оплатила, пришло?": the payment is made whatever the question after it. */
const PAID = /(?<![\p{L}])(?:оплатил\p{L}*|оплачено|перевел\p{L}*|внес\p{L}*)(?![\p{L}])/u;
// what the client asks for to pay: the link, the invoice, the bank details, the contract
const PAYMENT_PAPERS = /ссылк|сч[её]т|реквизит|договор/u;

/** "Хорошо, до свидания" to an open invitation ("приходите, мы до девяти"): a goodbye, not a commitment. */
function signsOff(f: TurnFeatures, proposal: TurnFeatures): boolean {
  return f.farewell && f.words <= 5 && !concrete(proposal) && !f.purchase;
}

/** "Когда вам удобно?", "во сколько подъедете?": the answer with a time names the next step; "в каком классе сын?" answered with a timetable does not. */
const WHEN = /(?<![\p{L}])(?:когда|во сколько|в какое время|какой день|какого числа|удобн\p{L}*|what time|when)(?![\p{L}])/u;
function asksWhen(f: TurnFeatures): boolean {
  return f.question && (f.openSlot || WHEN.test(f.normalized));
}

/** A commitment made at turn i, or null. English haggling: either side may accept the other's price. */
function commitmentAt(features: TurnFeatures[], i: number, language: string): Commitment | null {
  const f = features[i];
  if (!f || f.refusal) return null;
  if (language === 'en') {
    // haggling: a deal closes when either side says the closing words near the end, or the buyer
    // says yes to the seller's price
    if (f.deal && i >= features.length - 3 && !f.question) return { turn: i, proposalTurn: null, concrete: false, purchase: true };
    const other = f.speaker === 'client' ? previousManager(features, i) : previousClient(features, i);
    if (f.acceptance === 'strong' && !f.question && other && (other.price || other.proposal || other.question)) return { turn: i, proposalTurn: other.index, concrete: false, purchase: true };
    return null;
  }
  if (f.speaker === 'client') {
    const pm = previousManager(features, i);
    const accepts = f.acceptance === 'strong' || f.purchase;
    if (accepts && concrete(f) && !takesBack(f)) return { turn: i, proposalTurn: pm?.index ?? null, concrete: true, purchase: f.purchase };
    if (concrete(f) && !f.question && !f.deferral && pm && (pm.proposal || asksWhen(pm))) return { turn: i, proposalTurn: pm.index, concrete: true, purchase: false };
    if (accepts && pm && (pm.proposal || pm.price) && (concrete(pm) || language === 'en' || pm.proposal) && !f.deferral && !f.question && !signsOff(f, pm)) {
      return { turn: i, proposalTurn: pm.index, concrete: concrete(pm), purchase: f.purchase };
    }
    // "могу прям сейчас оплатить, скиньте ссылку": asking for the payment link or the invoice is the purchase going ahead
    const paysNow = f.deferral !== null && PAYMENT_PAPERS.test(f.deferral);
    if (f.purchase && (!f.question || PAID.test(f.normalized)) && (!f.deferral || paysNow) && language !== 'en') return { turn: i, proposalTurn: null, concrete: false, purchase: true };
    return null;
  }
  return null;
}

/**
 * Price haggling by chat (English marketplace): the offer itself is made outside the words, so a
 * negotiation that named a price, went back and forth and ends on a statement rather than a question
 * or a refusal is a deal; one that stops after a couple of lines, on an open question, or on the
 * buyer walking away is not. Returns null when the words decide (deal words, refusals).
 */
function haggleOutcome(features: TurnFeatures[]): (Commitment & { outcome: 'success' | 'lost' }) | null {
  const n = features.length;
  const last = features[n - 1];
  if (!last) return null;
  // the latest decisive words in the last three turns win: a deal (or a plain yes) against a walk-away
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const f = features[i];
    if (!f) continue;
    const walkAway = f.speaker === 'client' ? f.refusal !== null : f.refusal !== null && /(?<![\p{L}])(?:no deal|good luck|sorry|end this)/u.test(f.normalized);
    if (walkAway && !f.deal) return { outcome: 'lost', turn: i, proposalTurn: null, concrete: false, purchase: false };
    if ((f.deal || (f.acceptance === 'strong' && f.speaker === 'client' && i >= n - 2)) && !f.question) {
      return { outcome: 'success', turn: i, proposalTurn: null, concrete: false, purchase: true };
    }
  }
  const priced = features.some((f) => f.price);
  if (n <= 3 || !priced || last.question) return { outcome: 'lost', turn: last.index, proposalTurn: null, concrete: false, purchase: false };
  return { outcome: 'success', turn: last.index, proposalTurn: null, concrete: false, purchase: true };
}

// "давайте я сама перезвоню": the client proposes their own step, and the step is putting it off
const PROPOSES_OWN_STEP = /(?<![\p{L}])(?:давай(?:те)?|let me)\s+(?:я|мы|i)(?![\p{L}])/u;

/**
 * No commitment the usual way, but the call ends on the manager's own plan for a later day or hour
 * ("договоримся на четверг, 19:30", "в понедельник в одиннадцать наберу") and the client's yes to it,
 * with at most a contingency beside ("если что — напишу"). "Отправлю сегодня" only promises the sending.
 */
function yesToManagersPlan(features: TurnFeatures[], language: string): Commitment | null {
  const n = features.length;
  for (let i = n - 1; i >= n - 4 && i > 0; i--) {
    const f = features[i];
    // "спасибо, и вам", "до свидания": the courtesy after the yes
    if (!f || f.speaker !== 'client' || (f.words <= 4 && !f.acceptance && !f.refusal && !f.deferral && !f.concern && !f.question)) continue;
    const pm = previousManager(features, i);
    const putsOff = f.deferral !== null && !f.deferral.startsWith('если');
    if (f.acceptance !== 'strong' || f.refusal || f.question || putsOff || !pm) return null;
    if (!pm.anchors.some((a) => isConcrete(a) && !TODAY.test(a.text))) return null;
    return { turn: i, proposalTurn: pm.index, concrete: true, purchase: language !== 'en' && f.purchase };
  }
  return null;
}

// "Ой, подождите…", "хотя нет": the client interrupts their own yes
const RETRACTS = /(?<![\p{L}])(?:подождите|погодите|подожди|погоди|хотя нет|wait|hold on|actually no)(?![\p{L}])/u;

/** A stall that outweighs the yes in the same turn: the client's own step of putting it off, or a yes interrupted and put off. */
function takesBack(f: TurnFeatures): boolean {
  // "давайте я прям сейчас оплачу, скиньте ссылку": the client's own step is the purchase, the "stall" is its logistics
  return f.deferral !== null && !f.purchase && (PROPOSES_OWN_STEP.test(f.normalized) || RETRACTS.test(f.normalized));
}

function isNegative(f: TurnFeatures): boolean {
  return f.speaker === 'client' && (f.refusal !== null || (f.deferral !== null && (f.acceptance !== 'strong' || takesBack(f))));
}

export function detectOutcome(features: TurnFeatures[], seg: Segmentation, language: string): OutcomeVerdict {
  const n = features.length;
  let commitment: Commitment | null = null;
  const earliest = Math.floor(n * 0.3);
  if (language === 'en') {
    const verdict = haggleOutcome(features);
    if (verdict) return verdict.outcome === 'success' ? success(features, verdict) : lost(features, seg, language);
  }
  for (let i = n - 1; i >= earliest; i--) {
    const f = features[i];
    if (!f) continue;
    const c = commitmentAt(features, i, language);
    if (c) { commitment = c; break; }
    // a refusal or a stall ("я подумаю", "пришлите на почту") after a commitment revokes it; "скидывай, вечером
    // созвонимся" after an agreed time only takes up the manager's offer to send something first
    if (isNegative(f) && (f.refusal || language !== 'en') && !(f.refusal === null && f.anchors.length > 0 && !takesBack(f) && agreedEarlier(features, i, earliest, language))) break;
  }
  commitment ??= yesToManagersPlan(features, language);
  if (commitment) return success(features, commitment);
  return lost(features, seg, language);
}

/** A concrete commitment before turn i. */
function agreedEarlier(features: TurnFeatures[], i: number, earliest: number, language: string): boolean {
  for (let j = i - 1; j >= earliest; j--) {
    const c = commitmentAt(features, j, language);
    if (c?.concrete) return true;
  }
  return false;
}

function success(features: TurnFeatures[], c: Commitment): OutcomeVerdict {
  const candidates = [c.turn, c.proposalTurn, ...features.slice(c.turn + 1).filter((f) => f.speaker === 'manager' && f.anchors.length > 0).map((f) => f.index)]
    .filter((t): t is number => t !== null);
  const anchorTurn = candidates.map((t) => features[t]).find((f) => f && f.anchors.some(isConcrete)) ?? features[c.turn];
  const when = anchorTurn ? anchorTurn.anchors.filter((a) => a.kind !== 'vague').map((a) => a.text).join(' ') : '';
  const text = (anchorTurn?.text ?? '').slice(0, 240);
  const recap = features.slice(c.turn).some((f) => f.speaker === 'manager' && f.recap);
  const confidence = Math.min(0.97, 0.6 + (c.concrete ? 0.2 : 0) + (recap ? 0.1 : 0) + (c.purchase ? 0.07 : 0));
  return {
    outcome: 'success',
    confidence: round(confidence),
    commitment: c,
    loss: null,
    nextStep: anchorTurn ? { text, turn: anchorTurn.index, ...(when ? { when } : {}) } : null,
    lossTurn: null,
    reached: null,
  };
}

/**
 * Did the conversation get past the opening by turn i: the manager asked about the client's
 * situation and the client answered (even irritated: then the questions lost the client), or the
 * client asked about the offer themselves, rather than refusing it or asking who is calling
 * ("кто вы?", "я за рулём", "нет, я же сказал")?
 */
function engagedBefore(features: TurnFeatures[], i: number, greetingEnd: number): boolean {
  for (let j = 1; j <= i && j < features.length; j++) {
    const f = features[j];
    const asked = features[j - 1];
    if (!f || f.speaker !== 'client') continue;
    // a question about the offer, not the gatekeeper's "по какому вопросу?"
    if (f.question && !f.refusal && !f.concern && j < i && j > greetingEnd) return true;
    if (!asked || asked.speaker !== 'manager' || !asked.question || asked.permission) continue;
    // in the opening, "что вы хотели?" or an indignant "что?.." answers nothing
    const opening = j <= greetingEnd;
    if (!f.refusal && f.concern !== 'trust' && f.concern !== 'time' && (opening ? !f.question && f.words >= 3 : f.words >= 3 || f.irritation)) return true;
  }
  return false;
}

/** A client turn that keeps the conversation going: a real answer to the manager's question, or a question about the offer. */
function keepsTalking(features: TurnFeatures[], f: TurnFeatures): boolean {
  if (f.speaker !== 'client' || f.refusal || f.deferral || f.irritation || f.farewell) return false;
  if (f.concern && f.concern !== 'time') return false;
  const asked = features[f.index - 1];
  return (f.question && f.words >= 3) || (asked?.speaker === 'manager' && asked.question && !asked.proposal && f.words >= 4);
}

/**
 * recovered(i): after the negative turn i the client came round (a plain yes, not a question) or kept
 * talking about the matter as if nothing was lost — two turns of it: one polite answer after a "нет"
 * or a concern is not a change of mind. Suffix tables, so every turn is asked in O(1).
 */
function recoveryOf(features: TurnFeatures[]): (i: number) => boolean {
  const yes = anyFrom(features, (f) => f.speaker === 'client' && f.acceptance === 'strong' && !f.question && !f.refusal && !f.concern && !f.deferral && f.words >= 2 && !f.farewell);
  const talking = new Uint16Array(features.length + 1);
  for (let i = features.length - 1; i >= 0; i--) {
    const f = features[i];
    talking[i] = (talking[i + 1] ?? 0) + (f && keepsTalking(features, f) ? 1 : 0);
  }
  return (i) => {
    const from = Math.min(i + 1, features.length);
    return yes[from] === 1 || (talking[from] ?? 0) >= 2;
  };
}

/**
 * The manager ends the sale in own words near the end of the call: "тогда начинать у нас смысла нет",
 * "на этот год вопрос закрыт" — the manager's turn reads as a "no need", and nothing is offered after it.
 */
function saysNoFit(features: TurnFeatures[], f: TurnFeatures): boolean {
  if (f.question || f.concern !== 'need' || f.index < features.length - 5) return false;
  return !features.some((t) => t.index > f.index && t.speaker === 'manager' && (t.proposal || t.price || t.offer));
}

function lost(features: TurnFeatures[], seg: Segmentation, language: string): OutcomeVerdict {
  const clientTurns = features.filter((f) => f.speaker === 'client');
  const lastNegative = [...clientTurns].reverse().find((f) => f.refusal || f.deferral || (f.concern && f.concern !== 'time'));
  let stage: Stage = 'closing';
  let reason: LossReason = 'no_next_step';
  let decisive: TurnFeatures | null = lastNegative ?? null;
  let reached: Stage | null = null;

  const finalDeferral = lastNegative && lastNegative.deferral && !lastNegative.refusal && lastNegative.index >= features.length - 6;
  const pastGreeting = features.some((f) => f.index > seg.greetingEnd + 1 && f.speaker === 'manager');
  if (!lastNegative && !pastGreeting) { stage = 'greeting'; reason = 'bad_opening'; }
  // the manager let the client go ("тогда не буду навязывать"): lost where the conversation was then
  const withdrawal = features.find((f) => f.speaker === 'manager' && f.index > seg.greetingEnd && (f.withdrawal || saysNoFit(features, f)));
  if (!lastNegative && withdrawal) {
    stage = contextStage(features, seg, withdrawal.index);
    // a manager who found out the client's situation and honestly says there is no fit: nothing to sell
    if (askedAboutClient(features, seg, withdrawal.index) && !features.some((t) => t.speaker === 'manager' && t.pushy)) stage = 'needs';
    reason = stage === 'needs' ? 'no_need' : 'refusal';
    const said = features[withdrawal.index - 1];
    if (said?.speaker === 'client') decisive = said;
  }
  if (!finalDeferral) {
    const recoveredAfter = recoveryOf(features);
    const firstUnrecovered = seg.episodes.find((e) => !recoveredAfter(e.turn));
    const refusalTurn = clientTurns.find((f) => f.refusal && !recoveredAfter(f.index));
    const candidates = [firstUnrecovered?.turn, refusalTurn?.index].filter((t): t is number => t !== undefined);
    const eventTurn = candidates.length ? Math.min(...candidates) : null;
    if (eventTurn !== null) {
      decisive = features[eventTurn] ?? decisive;
      const f = features[eventTurn];
      const kind = f?.concern ?? null;
      // the manager says there is no fit just before the client's "не подходит", or after it
      const managerLetGo = features.some((t) => t.speaker === 'manager' && t.withdrawal && t.index >= eventTurn - 1);
      if (kind !== 'trust' && kind !== 'quality' && managerLetGo && askedAboutClient(features, seg, eventTurn) && engagedBefore(features, eventTurn + 1, seg.greetingEnd)) {
        // the manager found there is no need and said so: a good call with nothing to sell
        stage = 'needs'; reason = 'no_need';
      } else if ((kind === 'competitor' || kind === 'authority' || kind === 'trust') && f?.refusal && askedAboutOffer(features, seg, eventTurn)) {
        // the client asked what exactly is offered, then left naming a reason in the same breath: the answers lost the client
        stage = 'presentation'; reason = 'refusal';
      } else if (kind === 'price' || kind === 'competitor' || kind === 'authority' || (kind === 'trust' && engagedBefore(features, eventTurn, seg.greetingEnd))) {
        stage = 'objections'; reason = 'unhandled_objection';
      } else if (!engagedBefore(features, eventTurn, seg.greetingEnd) || eventTurn <= seg.greetingEnd + 1) {
        stage = 'greeting'; reason = 'bad_opening';
      } else {
        stage = contextStage(features, seg, eventTurn);
        reason = stage === 'needs' && (kind === 'need' || kind === null) ? 'no_need' : stage === 'objections' ? 'unhandled_objection' : 'refusal';
        if (stage === 'needs' && features.slice(0, eventTurn).some((t) => t.speaker === 'client' && t.irritation)) reason = 'refusal';
        // the client turned down the offer's terms but kept asking for options: an objection, left unhandled
        if (stage === 'presentation' && features.slice(eventTurn + 1).some((t) => t.speaker === 'client' && t.question && !t.irritation)) {
          stage = 'objections'; reason = 'unhandled_objection';
        }
        // an offer made without asking a single question about the client: it missed because the need was never found out
        if ((stage === 'presentation' || stage === 'closing') && !askedAboutClient(features, seg, eventTurn)) { reached = stage; stage = 'needs'; reason = 'refusal'; }
      }
    }
  }
  // the client pushed back on the questioning itself and never came round: the discovery lost the client, whatever
  // followed — also when the call then just ended, with no stall and no "no" to blame the close for
  const pushback = firstPushback(features, seg);
  const endedQuietly = stage === 'closing' && reason === 'no_next_step' && !finalDeferral;
  if (pushback !== null && seg.stageOf[pushback] === 'needs' && (stage === 'presentation' || stage === 'objections' || endedQuietly)
    && (decisive === null || decisive.index > pushback)) {
    reached = stage; stage = 'needs'; reason = 'refusal';
  }
  // the client asked who is calling and the manager never said: whatever followed, the call was lost at the opening
  if (stage !== 'greeting' && neverIntroduced(features)) { stage = 'greeting'; reason = 'bad_opening'; reached = null; }
  const words: Evidence[] = [];
  if (decisive) words.push({ turn: decisive.index, text: decisive.text });
  const last = clientTurns.at(-1);
  if (last && decisive && last.index !== decisive.index && (last.refusal || last.deferral)) words.push({ turn: last.index, text: last.text });
  const strength = decisive?.refusal ? 0.85 : decisive?.deferral ? 0.8 : 0.65;
  return {
    outcome: 'lost',
    confidence: round(language === 'en' ? strength - 0.1 : strength),
    commitment: null,
    loss: { stage, reason, clientWords: words, explanation: '' },
    nextStep: null,
    lossTurn: decisive?.index ?? null,
    reached: reached ?? stage,
  };
}

/**
 * The manager opened without a hello or a name ("алло, дайте снабжение"), never said who is calling,
 * and the client had to ask ("а вы кто? представьтесь"): the opening is where the call went wrong.
 */
function neverIntroduced(features: TurnFeatures[]): boolean {
  const opening = features.find((f) => f.speaker === 'manager');
  if (!opening || opening.greeting || opening.intro) return false;
  return features.some((f) => f.speaker === 'client' && f.concern === 'trust' && f.question) && !features.some((f) => f.speaker === 'manager' && f.intro);
}

/** The first client turn after the greeting that is annoyed, or that meets the manager's question with a question of its own ("а почему вы с этого начинаете?"). */
function firstPushback(features: TurnFeatures[], seg: Segmentation): number | null {
  for (const f of features) {
    if (f.speaker !== 'client' || f.index <= seg.greetingEnd) continue;
    const asked = features[f.index - 1];
    if (f.irritation || (f.question && asked?.speaker === 'manager' && asked.question)) return f.index;
  }
  return null;
}

/** Did the client ask a question after the manager first described the offer (a statement past the greeting) and before turn i? */
function askedAboutOffer(features: TurnFeatures[], seg: Segmentation, i: number): boolean {
  const described = features.find((f) => f.index > seg.greetingEnd && f.speaker === 'manager' && (!f.question || seg.stageOf[f.index] === 'presentation'));
  if (!described || described.index >= i) return false;
  return features.some((f) => f.index > described.index && f.index < i && f.speaker === 'client' && f.question);
}

/** Did the manager ask about the client's situation between the greeting and turn i? */
function askedAboutClient(features: TurnFeatures[], seg: Segmentation, i: number): boolean {
  return features.some((f) => f.index > seg.greetingEnd && f.index < i && f.speaker === 'manager' && f.question && !f.proposal && !(f.permission && f.words < 25));
}

/** The stage the conversation was in when the client turned negative: the manager's previous move. */
function contextStage(features: TurnFeatures[], seg: Segmentation, turn: number): Stage {
  for (let j = turn - 1; j >= 0; j--) {
    const s = seg.stageOf[j];
    if (features[j]?.speaker === 'manager' && s) return s;
  }
  return 'greeting';
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
