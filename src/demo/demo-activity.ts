// The demo company's weeks of work, planned in memory before anything is stored: who called whom
// when, what was said, what the generator meant to happen, and which lost clients got a second
// call. Pure and deterministic: the same seed, date and team give the same calls, word for word.
import type { Stage } from '../domain/stages.ts';
import type { Turn } from '../domain/transcript.ts';
import { planCall, planFollowUp } from './demo-calls/call-planner.ts';
import { composeClient, type ClientFacts } from './demo-calls/client-facts.ts';
import { MANAGER_CHARACTERS, type StageQuality } from './demo-calls/demo-managers.ts';
import { composeCall, composeFollowUp, type LossKind } from './demo-calls/dialogue-composer.ts';
import type { ObjectionKind } from './demo-calls/objection-lines.ts';
import { createRandom, type Random } from './demo-calls/seeded-random.ts';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Moscow is UTC+3 all year: the demo's working day 9:00–19:00 is 6:00–16:00 UTC. */
const WORK_START_UTC_HOUR = 6;
const WORK_HOURS = 10;

export interface DemoTeamMember {
  email: string;
  /** the first name the manager introduces themself with */
  firstName: string;
}

export interface PlannedCall {
  /** stable within a plan: week, manager and number */
  key: string;
  managerEmail: string;
  client: ClientFacts;
  startedAt: Date;
  durationSeconds: number;
  turns: Turn[];
  intended: 'success' | 'lost';
  loss: LossKind | null;
  objection: ObjectionKind | null;
  quality: Record<Stage, StageQuality> | null;
  /** the key of the lost call this one follows up */
  followUpOf: string | null;
  /** for a follow-up: whether the manager did what the recommendation says */
  applied: boolean | null;
  reference: boolean;
}

export interface DemoActivityOptions {
  seed: string;
  now: Date;
  weeks: number;
  goLiveAt: Date;
  company: string;
  team: readonly DemoTeamMember[];
}

/** A moment on a working day (Monday–Saturday, 9:00–19:00 Moscow) within [from, from + days). */
function workingMoment(random: Random, from: Date, days: number): Date {
  for (;;) {
    const day = new Date(from.getTime() + random.int(0, Math.max(0, days - 1)) * DAY_MS);
    if (day.getUTCDay() === 0) continue;
    const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), WORK_START_UTC_HOUR + random.int(0, WORK_HOURS - 1), random.int(0, 59), random.int(0, 59));
    return new Date(at);
  }
}

export function planDemoActivity(options: DemoActivityOptions): PlannedCall[] {
  const { now, weeks, goLiveAt } = options;
  const root = createRandom(options.seed);
  const start = new Date(now.getTime() - weeks * WEEK_MS);
  const planned: PlannedCall[] = [];
  let serial = 0;
  for (let week = 0; week < weeks; week++) {
    const weekStart = new Date(start.getTime() + week * WEEK_MS);
    for (const member of options.team) {
      const character = MANAGER_CHARACTERS.find((c) => c.email === member.email);
      if (!character) continue;
      const random = root.fork(`${week}:${member.email}`);
      const count = random.int(6, 9);
      for (let n = 0; n < count; n++) {
        const startedAt = workingMoment(random, weekStart, 7);
        if (startedAt.getTime() > now.getTime() - 30 * 60_000) continue;
        const weeksAfterGoLive = (startedAt.getTime() - goLiveAt.getTime()) / WEEK_MS;
        const plan = planCall(random, character, weeksAfterGoLive);
        const client = composeClient(random, ++serial);
        const speaker = { name: member.firstName, female: character.female, company: options.company };
        const call = composeCall(random, client, speaker, plan);
        const key = `w${week}-${member.email.split('@')[0]}-${n}`;
        planned.push({
          key, managerEmail: member.email, client, startedAt, durationSeconds: call.durationSeconds, turns: call.turns,
          intended: plan.outcome, loss: plan.loss, objection: plan.objection, quality: plan.quality, followUpOf: null, applied: null, reference: false,
        });
        // a loss in the last days before go-live is called back once Mentor runs
        const followUp = planFollowUp(random, character, plan, weeksAfterGoLive >= -0.5);
        if (!followUp) continue;
        const again = workingMoment(random, new Date(startedAt.getTime() + 2 * DAY_MS), 5);
        if (again.getTime() > now.getTime() - 30 * 60_000) continue;
        const second = composeFollowUp(random, client, speaker, followUp);
        planned.push({
          key: `${key}-again`, managerEmail: member.email, client, startedAt: again, durationSeconds: second.durationSeconds, turns: second.turns,
          intended: followUp.outcome, loss: null, objection: null, quality: null, followUpOf: key, applied: followUp.applied, reference: false,
        });
      }
    }
  }
  planned.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.key.localeCompare(b.key));
  markReferenceCalls(planned);
  return planned;
}

/**
 * The head of sales' "golden" calls: the strong closer's clean successes (every stage good), one
 * from each of four different weeks, so the reference material is varied.
 */
function markReferenceCalls(planned: PlannedCall[]): void {
  const weeksTaken = new Set<string>();
  for (const call of planned) {
    if (weeksTaken.size >= 4) break;
    const week = call.key.split('-')[0] ?? '';
    const clean = call.quality !== null && Object.values(call.quality).every((q) => q === 'good');
    if (call.managerEmail === MANAGER_CHARACTERS[0]?.email && call.intended === 'success' && call.objection !== null && clean && !weeksTaken.has(week)) {
      call.reference = true;
      weeksTaken.add(week);
    }
  }
}
