// Objection handling: for every concern the client raised, did the manager answer it (a question
// back, an argument, the company's own handling), brush it off or attack a competitor, and did the
// client come back positive afterwards?
import type { TurnFeatures } from './turn-features.ts';
import { anyFrom } from './turn-features.ts';
import { notAfterLetter } from '../language/bounded-search.ts';
import { cosine, coverage, countTimeOptions, stemSet } from '../language/index.ts';
import type { Bag } from '../language/index.ts';
import type { ObjectionEpisode } from './stage-segmenter.ts';
import { deduct, draft } from './scoring-context.ts';
import type { Draft, ScoringContext } from './scoring-context.ts';

export interface EpisodeJudgement {
  episode: ObjectionEpisode;
  answered: boolean;
  resolved: boolean;
  points: number;
}

/** The client comes back positive: agrees or names a time, with no new concern, stall or goodbye. */
export function clientComesRound(f: TurnFeatures): boolean {
  return f.speaker === 'client' && (f.acceptance === 'strong' || f.anchors.length > 0) && !f.refusal && !f.concern && !f.deferral && !f.farewell;
}

/**
 * The objection episodes the objections stage answers for. In a call lost at the close, a concern
 * raised once the manager was closing is the stall the closing failed to get past: the closing
 * answers for it (accepted stall), not a separate objection stage.
 */
export function stageEpisodes(ctx: ScoringContext): ObjectionEpisode[] {
  const { seg, verdict } = ctx;
  const closingStart = seg.closingStart;
  if (verdict.loss?.stage !== 'closing' || closingStart === null) return seg.episodes;
  return seg.episodes.filter((e) => e.turn < closingStart);
}

export function judgeEpisodes(ctx: ScoringContext): EpisodeJudgement[] {
  const { features } = ctx;
  // did some client turn after the episode come back positive: one pass, not one per episode
  const positiveFrom = anyFrom(features, clientComesRound);
  return stageEpisodes(ctx).map((episode) => {
    const replies = episode.replies.map((i) => features[i]).filter((f): f is TurnFeatures => f !== undefined);
    const resolved = positiveFrom[Math.min(episode.turn + 1, features.length)] === 1;
    return { episode, answered: replies.length > 0, resolved, points: 0 };
  });
}

/** The company objection most like the client's words: the first of the most similar (as a stable sort by similarity would give). */
function closestObjection<O extends { text: Bag }>(objections: readonly O[], stems: Bag): { o: O; sim: number } | undefined {
  let best: { o: O; sim: number } | undefined;
  for (const o of objections) {
    const sim = cosine(o.text, stems);
    if (!best || sim > best.sim) best = { o, sim };
  }
  return best;
}

export function scoreObjections(ctx: ScoringContext, turns: number[]): Draft {
  const { features, lang, index } = ctx;
  const d = draft('objections', turns, features);
  let worst = 0;
  for (const j of judgeEpisodes(ctx)) {
    const e = j.episode;
    const local: Draft = draft('objections', [], features);
    const replies = e.replies.map((i) => features[i]).filter((f): f is TurnFeatures => f !== undefined);
    if (replies.length === 0) {
      deduct(local, 'objections.unanswered', 5, lang, e.turn);
    } else {
      const words = replies.reduce((s, f) => s + f.words, 0);
      const dismissive = replies.find((f) => f.dismissive && !f.question);
      if (dismissive) deduct(local, 'objections.dismissive', 3, lang, dismissive.index);
      // criticism only counts when the client brought up who they work with now
      const critic = e.kind === 'competitor' ? replies.find((f) => f.criticism) : undefined;
      if (critic) deduct(local, 'objections.criticised_competitor', 4, lang, critic.index);
      const pushy = replies.find((f) => f.pushy);
      if (pushy) deduct(local, 'objections.pushy', 2, lang, pushy.index);
      if (words < 8 && !replies.some((f) => f.question)) deduct(local, 'objections.no_argument', 1.5, lang, replies[0]?.index);
      const raised = features[e.turn];
      const known = raised ? closestObjection(index.objections, raised.stems) : undefined;
      // coverage reads only which stems the replies hold: their set, built for the few episodes that get this far
      if (known && known.sim >= 0.3 && known.o.handling.length >= 3 && !replies.some((f) => f.question)
        && coverage(known.o.handling, stemSet(replies.map((f) => f.stems))) < 0.1) {
        deduct(local, 'objections.off_handling', 1, lang, replies[0]?.index);
      }
    }
    const answeredWell = local.deductions.length === 0;
    if (!j.resolved && ctx.verdict.outcome === 'lost') deduct(local, 'objections.client_not_convinced', answeredWell ? 1 : 2.5, lang, e.reaction ?? e.turn);
    const points = local.deductions.reduce((s, x) => s + x.points, 0);
    if (points > worst) { worst = points; d.deductions = local.deductions; }
  }
  return d;
}

const HEDGED_TURN_MAX_WORDS = 15;
const VAGUE = notAfterLetter('(?:наверное|где-то|вроде|ну давайте|ну завтра|уточню)(?![\\p{L}])');

export function scoreClosing(ctx: ScoringContext, turns: number[]): Draft {
  const { features, lang, verdict } = ctx;
  const d = draft('closing', turns, features);
  const mine = turns.map((i) => features[i]).filter((f): f is TurnFeatures => f !== undefined && f.speaker === 'manager');
  const clients = turns.map((i) => features[i]).filter((f): f is TurnFeatures => f !== undefined && f.speaker === 'client');
  const proposals = mine.filter((f) => f.proposal || f.anchors.length > 0);
  if (turns.length === 0) {
    deduct(d, 'closing.absent', 7, lang);
    return d;
  }
  if (lang === 'en') {
    if (verdict.outcome === 'lost') deduct(d, 'closing.absent', 4, lang);
    return d;
  }
  const options = Math.max(0, ...proposals.map((f) => countTimeOptions(f.anchors)));
  if (verdict.outcome === 'lost') {
    const stall = clients.find((f) => f.deferral);
    if (stall) deduct(d, 'closing.accepted_stall', 6, lang, stall.index);
    else deduct(d, 'closing.no_concrete_time', 6, lang, turns[0]);
    if (proposals.length === 0) deduct(d, 'closing.absent', 1, lang);
    return d;
  }
  const open = mine.find((f) => f.openSlot && countTimeOptions(f.anchors) < 2);
  if (open) deduct(d, 'closing.open_question', 0.5, lang, open.index);
  if (options === 0 && !verdict.commitment?.purchase) deduct(d, 'closing.no_concrete_time', 1, lang, proposals[0]?.index);
  const commitTurn = verdict.commitment?.turn ?? Infinity;
  if (!features.some((f) => f.speaker === 'manager' && f.index >= commitTurn && (f.recap || f.anchors.length > 0))) deduct(d, 'closing.no_recap', 0.5, lang);
  // a hedge is the answer when the turn is short ("Ну давайте, наверное"); inside a long, worked-out turn it is a figure of speech
  const vague = mine.filter((f) => f.words <= HEDGED_TURN_MAX_WORDS && VAGUE.test(f.normalized));
  const clientAsks = clients.filter((f) => f.question).length;
  // a time said in answer to the client's question ("Завтра можно?" - "Можно, мы до семи") is the client's proposal, not the manager's
  const proposed = proposals.some((f) => f.proposal || !(features[f.index - 1]?.speaker === 'client' && features[f.index - 1]?.question === true));
  if (vague.length > 0 || (!proposed && clientAsks >= 2)) deduct(d, 'closing.client_led', Math.min(4, 2 + 1.5 * vague.length), lang, vague[0]?.index);
  return d;
}
