// Which stage each turn belongs to. Sales calls move greeting → needs → presentation →
// (objections) → closing, but objections can interrupt anywhere and an eager client can jump to
// closing. So: greeting is the opening prefix, closing is the suffix from the first real proposal of
// a next step (or the client's own commitment), and in between manager questions are needs,
// manager statements are presentation, and a client's concern opens an objection episode that
// lasts until the client answers without it (asking on about it keeps it open).
import type { Stage } from '../../domain/stages.ts';
import type { ConcernKind } from '../language/index.ts';
import type { TurnFeatures } from './turn-features.ts';

export interface ObjectionEpisode {
  /** the client turn that raised it */
  turn: number;
  kind: ConcernKind | 'refusal';
  text: string;
  /** manager turns that answered it */
  replies: number[];
  /** the client's next turn after the replies, if any */
  reaction: number | null;
}

export interface Segmentation {
  stageOf: (Stage | null)[];
  greetingEnd: number;
  closingStart: number | null;
  episodes: ObjectionEpisode[];
}

/** Concerns that are about the product or the deal; "I'm busy" is context, "who are you" is the greeting's failure. */
export function isDealConcern(f: TurnFeatures, afterGreeting: boolean): boolean {
  if (f.speaker !== 'client') return false;
  if (f.refusal) return true;
  if (!f.concern || f.concern === 'time') return false;
  if (f.concern === 'trust' && !afterGreeting) return false;
  return true;
}

// after the pitch, "зачем вам такая махина?" or "разве это дорого?" argues; "а сколько у вас сотрудников?" asks
const RHETORICAL = /(?<![\p{L}])(?:зачем вам|разве|неужели|согласитесь|не так ли|правда же|видите)(?![\p{L}])/u;

/** A question that finds something out about the client rather than arguing for the offer. */
function asksAboutClient(f: TurnFeatures): boolean {
  return !f.offer && !f.price && !RHETORICAL.test(f.normalized);
}

function isNeedsQuestion(f: TurnFeatures): boolean {
  return f.speaker === 'manager' && f.question && !f.proposal && !(f.permission && f.words < 25);
}

/** How many of the turn's stems name the company's product (from the product text and the presentation script). */
function productWords(f: TurnFeatures, product: ReadonlySet<string>): number {
  let n = 0;
  for (const s of f.stems.keys()) if (product.has(s)) n++;
  return n;
}

function isPresentation(f: TurnFeatures, product: ReadonlySet<string> = NO_PRODUCT): boolean {
  if (f.speaker !== 'manager' || (f.question && f.words < 25)) return false;
  return f.words >= 18 || (f.words >= 5 && (f.price || f.offer)) || (f.words >= 10 && productWords(f, product) >= 2);
}

const NO_PRODUCT: ReadonlySet<string> = new Set();

function findGreetingEnd(features: TurnFeatures[]): number {
  let end = 0;
  let managerTurns = 0;
  for (const f of features) {
    if (f.speaker === 'manager') {
      managerTurns++;
      if (managerTurns > 1 && (isNeedsQuestion(f) || isPresentation(f) || f.proposal)) break;
      if (managerTurns > 1 && !(f.intro || f.permission || f.greeting || f.words < 12)) break;
      if (managerTurns > 3) break;
    } else if (managerTurns >= 1 && isDealConcern(f, true) && f.concern !== 'trust') {
      break;
    }
    end = f.index;
  }
  return end;
}

function findClosingStart(features: TurnFeatures[], from: number): number | null {
  const n = features.length;
  const earliest = Math.max(from + 1, Math.floor(n * 0.4));
  for (let i = earliest; i < n; i++) {
    const f = features[i];
    if (!f) continue;
    const dayNamed = f.anchors.some((a) => a.kind === 'day' || a.kind === 'date');
    if (f.speaker === 'manager' && f.proposal && (dayNamed || f.question || /давайте|предлагаю|let's|how about/u.test(f.normalized))) return i;
    const late = i >= n * 0.6;
    if (f.speaker === 'client' && ((f.acceptance === 'strong' && dayNamed) || (f.purchase && !f.question && late))) return i;
  }
  // a stall at the end ("я подумаю", "пришлите на почту") that the manager went along with: closing happened, badly
  for (let i = n - 1; i >= Math.max(earliest, n - 6); i--) {
    const f = features[i];
    if (f?.speaker === 'client' && f.deferral && !f.refusal) return i;
  }
  return null;
}

export function segmentStages(features: TurnFeatures[], product: ReadonlySet<string> = NO_PRODUCT): Segmentation {
  const n = features.length;
  const stageOf: (Stage | null)[] = new Array<Stage | null>(n).fill(null);
  const greetingEnd = findGreetingEnd(features);
  const closingStart = findClosingStart(features, greetingEnd);
  const episodes: ObjectionEpisode[] = [];
  for (let i = 0; i <= greetingEnd && i < n; i++) stageOf[i] = 'greeting';

  let current: Stage = 'needs';
  let presented = false;
  let offered = false;
  let open: ObjectionEpisode | null = null;
  for (let i = greetingEnd + 1; i < n; i++) {
    const f = features[i];
    if (!f) continue;
    const inClosing = closingStart !== null && i >= closingStart;
    if (f.speaker === 'client') {
      // before anything was offered, complaints and a named budget describe the client's situation, not an objection to us
      const painPoint = (f.concern === 'quality' || (f.concern === 'price' && f.concernText?.startsWith('бюджет') === true)) && !f.refusal && !presented && !offered;
      // at the close, "I'll talk it over with my wife / the accountant" is the stall itself, not a new objection
      const stall = inClosing && f.deferral !== null && !f.refusal && (f.concern === null || f.concern === 'authority' || f.concern === 'time');
      if (isDealConcern(f, true) && !painPoint && !stall) {
        if (open && open.reaction === null && open.replies.length === 0) { stageOf[i] = 'objections'; continue; }
        if (open && open.reaction === null) open.reaction = i;
        open = { turn: i, kind: f.refusal ? (f.concern && f.concern !== 'time' ? f.concern : 'refusal') : (f.concern ?? 'refusal'), text: f.concernText ?? f.refusal ?? '', replies: [], reaction: null };
        episodes.push(open);
        stageOf[i] = 'objections';
        continue;
      }
      // the client asks on about the same doubt ("а какие-то варианты есть?"): the objection is still being handled
      if (open && open.reaction === null && open.replies.length > 0 && f.question && !f.acceptance && !f.anchors.length && !inClosing) {
        stageOf[i] = 'objections';
        continue;
      }
      if (open && open.reaction === null && open.replies.length > 0) {
        open.reaction = i;
        stageOf[i] = 'objections';
        open = null;
        continue;
      }
      stageOf[i] = inClosing ? 'closing' : current;
      continue;
    }
    // manager turn
    if (open && open.reaction === null && !(inClosing && f.proposal && open.replies.length > 0)) {
      open.replies.push(i);
      stageOf[i] = 'objections';
      continue;
    }
    if (f.offer || f.price || f.proposal) offered = true;
    if (inClosing) { stageOf[i] = 'closing'; current = 'closing'; continue; }
    if (isPresentation(f, product)) { presented = true; current = 'presentation'; }
    else if (isNeedsQuestion(f)) current = presented && (f.words >= 25 || !asksAboutClient(f)) ? 'presentation' : 'needs';
    stageOf[i] = current;
  }
  return { stageOf, greetingEnd, closingStart, episodes };
}

/** The turns of a stage, in order. */
export function turnsOf(seg: Segmentation, stage: Stage): number[] {
  const out: number[] = [];
  seg.stageOf.forEach((s, i) => { if (s === stage) out.push(i); });
  return out;
}
