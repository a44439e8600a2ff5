// What happens in a demo call before a word is written: the quality of each stage (from the
// manager's character and the week), whether an objection comes up, and the outcome. Weak stages
// make a loss more likely and decide where it happens, as in real calls.
import { STAGES, type Stage } from '../../domain/stages.ts';
import type { CallPlan, FollowUpPlan, LossKind } from './dialogue-composer.ts';
import { oddsAt, type ManagerCharacter, type StageQuality } from './demo-managers.ts';
import type { ObjectionKind } from './objection-lines.ts';
import type { Random } from './seeded-random.ts';

const OBJECTION_KINDS: Record<ObjectionKind, number> = { price: 4, spouse: 3, competitor: 2, later: 1.5, trust: 1.5 };

export function planCall(random: Random, character: ManagerCharacter, weeksAfterGoLive: number): CallPlan {
  const quality = {} as Record<Stage, StageQuality>;
  for (const stage of STAGES) quality[stage] = random.weighted(oddsAt(character, stage, weeksAfterGoLive));
  const objection = random.chance(0.55) ? random.weighted(OBJECTION_KINDS) : null;
  const lost = (loss: LossKind): CallPlan => ({ quality, objection: loss === 'objection' ? objection : loss === 'greeting_drop' || loss === 'no_need' ? null : objection, outcome: 'lost', loss });

  if (random.chance(quality.greeting === 'bad' ? 0.16 : quality.greeting === 'mediocre' ? 0.05 : 0.02)) return lost('greeting_drop');
  if (random.chance(0.05)) return lost('no_need');
  if (objection && random.chance(quality.objections === 'bad' ? 0.8 : quality.objections === 'mediocre' ? 0.45 : 0.15)) return lost('objection');
  // a weak discovery or pitch leaves the client cold: more refusals at the end
  const cold = (quality.needs === 'bad' ? 0.14 : 0) + (quality.presentation === 'bad' ? 0.12 : 0) + 0.05;
  if (random.chance(cold)) return lost('refusal');
  if (random.chance(quality.closing === 'bad' ? 0.7 : quality.closing === 'mediocre' ? 0.3 : 0.1)) return lost('stall');
  // a "bad" objection answer that still ends in a sale reads as the client's own decision
  return { quality, objection, outcome: 'success', loss: null };
}

/** Whether a lost client gets a second call, and how it goes. */
export function planFollowUp(random: Random, character: ManagerCharacter, first: CallPlan, afterGoLive: boolean): FollowUpPlan | null {
  if (first.outcome !== 'lost' || first.loss === 'greeting_drop' || first.loss === 'no_need') return null;
  // after go-live the recommendations send managers back to lost clients much more often
  if (!random.chance(afterGoLive ? 0.6 : 0.2)) return null;
  // before go-live there were no recommendations to apply: the manager rarely does the right thing by chance
  const applied = random.chance(afterGoLive ? character.appliesRecommendations : 0.15);
  const outcome = random.chance(applied ? 0.75 : 0.15) ? 'success' : 'lost';
  return { applied, outcome, lostOn: first.loss === 'objection' && first.objection ? first.objection : 'stall' };
}
