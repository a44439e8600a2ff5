// The second call of a manager who does what the win-back recommendation says: the manager takes
// the recommendation's suggested words (its script), says them in their own order across the call,
// and offers the two visit times it names. Built after the recommendation exists, so the follow-up
// check judges a call that really carries the recommendation's meaning.
import type { ClientFacts } from './client-facts.ts';
import * as closing from './closing-lines.ts';
import { Script, systemFor, vocabulary, type ComposedCall, type Speaker } from './dialogue-composer.ts';
import { CLIENT_FOLLOW_UP_OK, CLIENT_FOLLOW_UP_WARMS, CLIENT_WHAT_STOPPED, FOLLOW_UP_ASK_WHAT_STOPPED, FOLLOW_UP_OPENING, FOLLOW_UP_VISIT_PROPOSAL } from './follow-up-lines.ts';
import { CLIENT_REFUSAL } from './objection-lines.ts';
import type { Random } from './seeded-random.ts';

/** Sentences, not split inside «quotes» (the script quotes the client, question marks included). */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  const chars = [...text];
  chars.forEach((ch, i) => {
    current += ch;
    if (ch === '«') depth++;
    if (ch === '»') depth = Math.max(0, depth - 1);
    const next = chars[i + 1];
    if (depth === 0 && /[.!?]/u.test(ch) && (next === undefined || /\s/u.test(next))) {
      out.push(current.trim());
      current = '';
    }
  });
  if (current.trim()) out.push(current.trim());
  return out;
}

const SLOT = /(?:завтра|послезавтра|сегодня|(?:в|во) (?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)) в \d{1,2}:\d{2}/gu;
const TIME = /\d{1,2}:\d{2}/u;

/** The script's parts: the opening up to its first question, what to offer, the proposal of a time. */
export function splitScript(script: string): { opening: string | null; offer: string; proposal: string | null } {
  const body = script.trim().replace(/^«/u, '').replace(/»$/u, '');
  const sentences = sentencesOf(body);
  const lastSentence = sentences.at(-1);
  const proposal = lastSentence && TIME.test(lastSentence) ? lastSentence : null;
  const rest = proposal ? sentences.slice(0, -1) : sentences;
  const firstQuestion = rest.findIndex((s) => s.endsWith('?'));
  const opening = firstQuestion >= 0 && firstQuestion < rest.length - 1 ? rest.slice(0, firstQuestion + 1).join(' ') : null;
  const offer = (opening ? rest.slice(firstQuestion + 1) : rest).join(' ');
  return { opening, offer, proposal };
}

export function composeAppliedFollowUp(random: Random, client: ClientFacts, manager: Speaker, script: string, outcome: 'success' | 'lost'): ComposedCall {
  const parts = splitScript(script);
  const named = [...(parts.proposal ?? '').matchAll(SLOT)].map((m) => m[0]);
  const slots = { first: named[0] ?? 'в четверг в 11:00', second: named[1] ?? 'в субботу в 10:00' };
  const chosen = random.chance(0.5) ? slots.first : slots.second;
  const s = new Script(random, vocabulary(client, manager, slots, chosen, systemFor(random, client)), { manager: manager.female, client: client.female });
  if (parts.opening) s.sayExactly('manager', parts.opening);
  else s.say('manager', FOLLOW_UP_OPENING);
  s.say('client', CLIENT_FOLLOW_UP_OK);
  // the recommendation asks to find out what stopped the client before answering it
  s.say('manager', FOLLOW_UP_ASK_WHAT_STOPPED);
  s.say('client', CLIENT_WHAT_STOPPED);
  if (parts.offer) s.sayExactly('manager', parts.offer);
  if (outcome === 'lost') {
    s.say('manager', FOLLOW_UP_VISIT_PROPOSAL);
    s.say('client', CLIENT_REFUSAL);
    s.say('manager', closing.MANAGER_SORRY);
    s.say('client', closing.CLIENT_FAREWELL);
    return { turns: s.turns, durationSeconds: s.seconds };
  }
  s.say('client', CLIENT_FOLLOW_UP_WARMS);
  s.say('manager', FOLLOW_UP_VISIT_PROPOSAL);
  s.say('client', closing.CLIENT_PICKS_SLOT);
  s.say('manager', closing.MANAGER_RECAP);
  s.say('client', closing.CLIENT_CONFIRMS);
  s.say('manager', closing.MANAGER_FAREWELL_WARM);
  return { turns: s.turns, durationSeconds: s.seconds };
}
