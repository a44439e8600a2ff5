// Did the client agree to a next step (or to pay) in the follow-up call? A "да" counts only as an
// answer to a concrete step the manager proposed (a day and hour, a visit, a trial, a contract),
// or when the client picks a slot or talks about paying — and nothing the client says later
// takes it back ("ладно, я ещё подумаю").
import type { Transcript } from '../../domain/transcript.ts';
import { conceptIds } from './concepts.ts';
import { clientMentionsPayment, clientSaysNo, clientSaysYes, isProposal, isVague } from './speech-acts.ts';
import { hasConcreteTime } from './time-expressions.ts';

const STEP_CONCEPTS = ['meeting', 'trial', 'invite', 'installation', 'delivery', 'agreement_doc', 'call'];

function proposesStep(text: string, language: string): boolean {
  if (isVague(text)) return false;
  if (hasConcreteTime(text)) return true;
  if (!isProposal(text, language)) return false;
  const concepts = conceptIds(text);
  return STEP_CONCEPTS.some((c) => concepts.has(c));
}

export function clientAgreed(transcript: Transcript): boolean {
  const turns = transcript.turns;
  let agreedAt = -1;
  let lastProposal = -1;
  turns.forEach((t, i) => {
    if (t.speaker === 'manager') {
      if (proposesStep(t.text, transcript.language)) lastProposal = i;
      return;
    }
    const no = clientSaysNo(t.text);
    if (no) {
      // a later refusal takes back an earlier yes
      if (!hasConcreteTime(t.text) || /(^|[\s,.])нет([\s,.!]|$)|not/iu.test(t.text)) agreedAt = -1;
      return;
    }
    const answersProposal = lastProposal >= 0 && i - lastProposal <= 2 && clientSaysYes(t.text);
    const picksSlot = lastProposal >= 0 && i - lastProposal <= 2 && hasConcreteTime(t.text);
    if (answersProposal || picksSlot || clientMentionsPayment(t.text) && clientSaysYes(t.text)) agreedAt = i;
  });
  return agreedAt >= 0;
}
