// Composes one demo call from the hand-written lines: the plan (stage qualities, objection, intended
// outcome) decides which lines are said, the client's facts fill them in, and timestamps follow the
// length of each line. The outcome is the generator's intent; the analysis engine judges the words
// on its own, and the demo test checks that the two agree.
import type { Stage } from '../../domain/stages.ts';
import type { Turn } from '../../domain/transcript.ts';
import type { ClientFacts, VisitSlots } from './client-facts.ts';
import { visitSlots } from './client-facts.ts';
import * as closing from './closing-lines.ts';
import * as followUp from './follow-up-lines.ts';
import * as greeting from './greeting-lines.ts';
import * as needs from './needs-lines.ts';
import { CLIENT_NO_NEED, CLIENT_REFUSAL, CLIENT_SELF_CONVINCED, CLIENT_STALL, MANAGER_LET_GO, OBJECTIONS, type ObjectionKind } from './objection-lines.ts';
import * as presentation from './presentation-lines.ts';
import type { Random } from './seeded-random.ts';
import type { StageQuality } from './demo-managers.ts';

export type LossKind = 'greeting_drop' | 'no_need' | 'objection' | 'stall' | 'refusal';

export interface CallPlan {
  quality: Record<Stage, StageQuality>;
  objection: ObjectionKind | null;
  outcome: 'success' | 'lost';
  loss: LossKind | null;
}

export interface FollowUpPlan {
  applied: boolean;
  outcome: 'success' | 'lost';
  /** what the first call was lost on: the objection, or a stall */
  lostOn: ObjectionKind | 'stall';
}

export interface Speaker {
  name: string;
  female: boolean;
  company: string;
}

export interface ComposedCall {
  turns: Turn[];
  durationSeconds: number;
}

const cap = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function floorsWords(floors: number): string {
  return floors === 1 ? 'один этаж' : floors === 2 ? 'два этажа' : 'два этажа и мансарда';
}

/** The values the line templates refer to. */
export function vocabulary(client: ClientFacts, manager: Speaker, slots: VisitSlots, chosen: string, system: string): Record<string, string> {
  const values: Record<string, string> = {
    client: client.address,
    manager: manager.name,
    company: manager.company,
    settlement: client.settlement,
    street: client.street,
    house: String(client.houseNumber),
    area: String(client.area),
    floorsWords: floorsWords(client.floors),
    heatingWords: client.heatingWords,
    gasWords: client.gasWords,
    gasShort: presentation.GAS_SHORT[client.gas],
    system,
    estimate: String(client.estimate),
    monthly: String(Math.round(client.estimate / 12)),
    slot1: slots.first,
    slot2: slots.second,
    chosen,
    wrote: manager.female ? 'записала' : 'записал',
  };
  for (const [key, value] of Object.entries({ ...values })) values[`${key}Cap`] = cap(value);
  return values;
}

/** {key} takes a value; {masculine|feminine} follows the speaker's gender (Russian verbs agree with it). */
function fill(template: string, values: Record<string, string>, female: boolean): string {
  return template
    .replace(/\{([^{}|]+)\|([^{}|]+)\}/gu, (_whole, masculine: string, feminine: string) => (female ? feminine : masculine))
    .replace(/\{(\w+)\}/gu, (whole, key: string) => values[key] ?? whole);
}

/** Collects turns and gives them start/end times from their length (about 2.6 words a second). */
export class Script {
  readonly turns: Turn[] = [];
  private clock = 0;
  private readonly random: Random;
  private readonly values: Record<string, string>;
  private readonly female: Record<'manager' | 'client', boolean>;

  constructor(random: Random, values: Record<string, string>, female: Record<'manager' | 'client', boolean>) {
    this.random = random;
    this.values = values;
    this.female = female;
  }

  say(speaker: 'manager' | 'client', lines: readonly string[]): void {
    this.sayExactly(speaker, fill(this.random.pick(lines), this.values, this.female[speaker]));
  }

  /** A line already written (the recommendation's words), timed like the others. */
  sayExactly(speaker: 'manager' | 'client', text: string): void {
    const words = text.split(/\s+/u).length;
    const start = Math.round((this.clock + 0.3 + this.random.next() * 0.9) * 10) / 10;
    const end = Math.round((start + 0.8 + words / 2.6) * 10) / 10;
    this.turns.push({ speaker, text, start, end });
    this.clock = end;
  }

  get seconds(): number {
    return Math.ceil(this.clock + 1);
  }
}

function opening(s: Script, random: Random, plan: CallPlan): void {
  const q = plan.quality.greeting;
  s.say('manager', q === 'good' ? greeting.GREETING_GOOD : q === 'mediocre' ? greeting.GREETING_MEDIOCRE : greeting.GREETING_BAD);
  const asksWho = plan.loss === 'greeting_drop' || (q === 'bad' && random.chance(0.5));
  if (asksWho) {
    s.say('client', greeting.CLIENT_GREETING_WHO);
    s.say('manager', greeting.GREETING_REINTRODUCE);
    if (plan.loss === 'greeting_drop') return;
    s.say('client', greeting.CLIENT_GREETING_OK);
    return;
  }
  s.say('client', random.chance(q === 'good' ? 0.85 : 0.75) ? greeting.CLIENT_GREETING_OK : greeting.CLIENT_GREETING_BUSY);
}

function greetingDrop(s: Script, plan: CallPlan): void {
  s.say('client', greeting.CLIENT_GREETING_DROP);
  const polite = plan.quality.greeting === 'good';
  s.say('manager', polite ? greeting.MANAGER_POLITE_RETRY : greeting.MANAGER_PUSH_AFTER_NO);
  s.say('client', greeting.CLIENT_GREETING_DROP_AGAIN);
  s.say('manager', polite ? closing.MANAGER_SORRY : greeting.MANAGER_GIVE_UP);
  s.say('client', closing.CLIENT_FAREWELL);
}

/** The client turns out to need nothing: found out on the second question. */
function noNeed(s: Script, random: Random, plan: CallPlan): void {
  if (plan.quality.needs === 'bad') closedQuestion(s, random);
  else {
    s.say('manager', needs.NEEDS_OPEN.house);
    s.say('client', needs.CLIENT_ANSWERS.house);
  }
  s.say('manager', needs.NEEDS_OPEN.heating);
  s.say('client', CLIENT_NO_NEED);
  s.say('manager', MANAGER_LET_GO);
  s.say('client', closing.CLIENT_FAREWELL);
}

const EXTRA_TOPICS: readonly needs.NeedsTopic[] = ['timing', 'pain', 'decision'];

function discovery(s: Script, random: Random, plan: CallPlan): void {
  const q = plan.quality.needs;
  if (q === 'good') {
    // the presentation builds on the house, the heating and the gas, so a good discovery asks all three
    const topics: needs.NeedsTopic[] = ['house', 'heating', 'gas'];
    if (random.chance(0.6)) topics.push(random.pick(EXTRA_TOPICS));
    for (const [i, topic] of topics.entries()) {
      s.say('manager', needs.NEEDS_OPEN[topic]);
      s.say('client', needs.CLIENT_ANSWERS[topic]);
      if (i === 0 && random.chance(0.5)) {
        s.say('manager', needs.NEEDS_ACKNOWLEDGE);
        s.say('client', needs.CLIENT_NOD);
      }
    }
    return;
  }
  if (q === 'mediocre') {
    const topic = random.pick(['house', 'heating'] as const);
    s.say('manager', needs.NEEDS_OPEN[topic]);
    s.say('client', needs.CLIENT_ANSWERS[topic]);
    closedQuestion(s, random);
    return;
  }
  closedQuestion(s, random);
}

function closedQuestion(s: Script, random: Random): void {
  const [question, answers] = random.pick(needs.NEEDS_CLOSED);
  s.say('manager', [question]);
  s.say('client', answers);
}

function pitch(s: Script, plan: CallPlan): void {
  // a manager who did not ask cannot tie the offer to the client's answers: at best a generic pitch
  const q = plan.quality.needs !== 'good' && plan.quality.presentation === 'good' ? 'mediocre' : plan.quality.presentation;
  s.say('manager', q === 'good' ? presentation.PRESENTATION_GOOD : q === 'mediocre' ? presentation.PRESENTATION_MEDIOCRE : presentation.PRESENTATION_BAD);
  s.say('client', presentation.CLIENT_PRESENTATION_REACTION);
  s.say('manager', q === 'bad' ? presentation.MANAGER_PRICE_BARE : presentation.MANAGER_PRICE);
}

/** Returns false when the call ended on the objection. */
function objection(s: Script, plan: CallPlan): boolean {
  if (!plan.objection) {
    s.say('client', presentation.CLIENT_PRICE_OK);
    return true;
  }
  const lines = OBJECTIONS[plan.objection];
  const good = plan.quality.objections === 'good';
  s.say('client', lines.raise);
  s.say('manager', good ? lines.good : lines.bad);
  if (plan.loss === 'objection') {
    s.say('client', lines.leaves);
    s.say('manager', good ? closing.MANAGER_SORRY : greeting.MANAGER_GIVE_UP);
    return false;
  }
  s.say('client', good ? lines.convinced : CLIENT_SELF_CONVINCED);
  return true;
}

function agreement(s: Script, plan: CallPlan): void {
  const q = plan.quality.closing;
  if (q === 'good') {
    s.say('manager', closing.CLOSING_GOOD);
    s.say('client', closing.CLIENT_PICKS_SLOT);
    s.say('manager', closing.MANAGER_RECAP);
    s.say('client', closing.CLIENT_CONFIRMS);
    s.say('manager', closing.MANAGER_FAREWELL_WARM);
    return;
  }
  s.say('manager', closing.CLOSING_OPEN);
  s.say('client', closing.CLIENT_NAMES_TIME);
  if (q === 'mediocre') {
    s.say('manager', closing.MANAGER_RECAP);
    s.say('client', closing.CLIENT_CONFIRMS);
  }
  s.say('manager', closing.MANAGER_FAREWELL_WARM);
  s.say('client', closing.CLIENT_FAREWELL);
}

function noAgreement(s: Script, random: Random, plan: CallPlan): void {
  const q = plan.quality.closing;
  if (plan.loss === 'refusal') {
    s.say('manager', q === 'good' ? closing.CLOSING_GOOD : closing.CLOSING_OPEN);
    s.say('client', CLIENT_REFUSAL);
    s.say('manager', closing.MANAGER_SORRY);
    s.say('client', closing.CLIENT_FAREWELL);
    return;
  }
  // a stall: "я подумаю" accepted without a next step
  if (q === 'good') {
    s.say('manager', closing.CLOSING_GOOD);
    s.say('client', CLIENT_STALL);
    s.say('manager', closing.MANAGER_STALL_PROBE);
    s.say('client', closing.CLIENT_STALL_AGAIN);
    s.say('manager', closing.MANAGER_SORRY);
  } else if (q === 'mediocre' || random.chance(0.5)) {
    if (q === 'mediocre') s.say('manager', closing.CLOSING_OPEN);
    s.say('client', CLIENT_STALL);
    s.say('manager', closing.CLOSING_LET_GO);
  } else {
    s.say('manager', closing.CLOSING_LET_GO);
    s.say('client', closing.CLIENT_STALL_SHORT);
  }
  s.say('client', closing.CLIENT_FAREWELL);
}

export function systemFor(random: Random, client: ClientFacts): string {
  return random.pick(presentation.SYSTEM_BY_GAS[client.gas]);
}

/** A first call with a lead, following the plan. */
export function composeCall(random: Random, client: ClientFacts, manager: Speaker, plan: CallPlan): ComposedCall {
  const slots = visitSlots(random);
  const chosen = random.chance(0.5) ? slots.first : slots.second;
  const s = new Script(random, vocabulary(client, manager, slots, chosen, systemFor(random, client)), { manager: manager.female, client: client.female });
  opening(s, random, plan);
  if (plan.loss === 'greeting_drop') {
    greetingDrop(s, plan);
    return { turns: s.turns, durationSeconds: s.seconds };
  }
  if (plan.loss === 'no_need') {
    noNeed(s, random, plan);
    return { turns: s.turns, durationSeconds: s.seconds };
  }
  discovery(s, random, plan);
  pitch(s, plan);
  if (!objection(s, plan)) {
    s.say('client', closing.CLIENT_FAREWELL);
    return { turns: s.turns, durationSeconds: s.seconds };
  }
  if (plan.outcome === 'success') agreement(s, plan);
  else noAgreement(s, random, plan);
  return { turns: s.turns, durationSeconds: s.seconds };
}

/** The manager's second call to a client lost on the first one. */
export function composeFollowUp(random: Random, client: ClientFacts, manager: Speaker, plan: FollowUpPlan): ComposedCall {
  const slots = visitSlots(random);
  const chosen = random.chance(0.5) ? slots.first : slots.second;
  const s = new Script(random, vocabulary(client, manager, slots, chosen, systemFor(random, client)), { manager: manager.female, client: client.female });
  s.say('manager', followUp.FOLLOW_UP_OPENING);
  s.say('client', followUp.CLIENT_FOLLOW_UP_OK);
  if (plan.applied) {
    s.say('manager', followUp.FOLLOW_UP_ASK_WHAT_STOPPED);
    s.say('client', followUp.CLIENT_WHAT_STOPPED);
    s.say('manager', followUp.FOLLOW_UP_APPLIED[plan.lostOn]);
    if (plan.outcome === 'success') {
      s.say('client', followUp.CLIENT_FOLLOW_UP_WARMS);
      s.say('manager', closing.CLOSING_GOOD);
      s.say('client', closing.CLIENT_PICKS_SLOT);
      s.say('manager', closing.MANAGER_RECAP);
      s.say('client', closing.CLIENT_CONFIRMS);
      s.say('manager', closing.MANAGER_FAREWELL_WARM);
    } else {
      s.say('client', CLIENT_REFUSAL);
      s.say('manager', closing.MANAGER_SORRY);
      s.say('client', closing.CLIENT_FAREWELL);
    }
    return { turns: s.turns, durationSeconds: s.seconds };
  }
  s.say('manager', followUp.FOLLOW_UP_NOT_APPLIED);
  if (plan.outcome === 'success') {
    s.say('client', followUp.CLIENT_FOLLOW_UP_DECIDED);
    s.say('manager', closing.CLOSING_OPEN);
    s.say('client', closing.CLIENT_NAMES_TIME);
    s.say('manager', closing.MANAGER_RECAP);
    s.say('client', closing.CLIENT_CONFIRMS);
  } else {
    s.say('client', followUp.CLIENT_FOLLOW_UP_COLD);
    s.say('manager', followUp.FOLLOW_UP_WEAK_NUDGE);
    s.say('client', closing.CLIENT_STALL_SHORT);
    s.say('manager', closing.CLOSING_LET_GO);
    s.say('client', closing.CLIENT_FAREWELL);
  }
  return { turns: s.turns, durationSeconds: s.seconds };
}
