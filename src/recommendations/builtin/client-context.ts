// What this client said and was already offered in the lost call: the words that show the loss,
// the need they named, and the offers already made (repeating an offer that did not work, with no
// new argument, is the usual mistake of a call back).
import type { CallAnalysis } from '../../domain/call-analysis.ts';
import type { Evidence } from '../../domain/call-analysis.ts';
import type { Transcript } from '../../domain/transcript.ts';
import { normalizeText } from '../../analysis/language/text.ts';
import { compileFast, conceptIds } from '../../analysis/followup/concepts.ts';

const NEED = compileFast(['нужн*', 'надо', 'хоч*', 'хотим', 'хотел*', 'ищем', 'важн*', 'интересу*', 'планиру*', 'чтобы', 'need*', 'want*', 'looking for', 'important', 'plan*']);

/** Offers worth remembering, with how to name them in the text (only unambiguous ones: "план" is not an offer). */
export const OFFER_LABELS: Record<string, { ru: string; en: string }> = {
  installments: { ru: 'рассрочку', en: 'installments' },
  discount: { ru: 'скидку', en: 'a discount' },
  trial: { ru: 'пробный период', en: 'a trial' },
  guarantee: { ru: 'гарантию', en: 'the guarantee' },
  case_example: { ru: 'пример другого клиента', en: 'another client\'s example' },
};

export interface ClientContext {
  /** the client's words that show the loss, from the analysis or, failing that, the last client turns */
  lossWords: Evidence[];
  /** a client line that names what they need, if any */
  need: Evidence | null;
  /** offers the manager already made in the lost call */
  alreadyOffered: string[];
}

export function clientContext(transcript: Transcript, analysis: CallAnalysis): ClientContext {
  const turns = transcript.turns;
  let lossWords = analysis.loss?.clientWords.filter((e) => e.text.trim().length > 0) ?? [];
  if (lossWords.length === 0) {
    const lastClient = turns.map((t, i) => ({ t, i })).filter((x) => x.t.speaker === 'client').slice(-1);
    lossWords = lastClient.map((x) => ({ turn: x.i, text: x.t.text }));
  }
  const lossTurn = Math.min(...lossWords.map((e) => e.turn), turns.length);
  let need: Evidence | null = null;
  turns.forEach((t, i) => {
    if (need || t.speaker !== 'client' || i >= lossTurn) return;
    if (NEED.test(normalizeText(t.text)) && t.text.split(/\s+/).length >= 4) need = { turn: i, text: t.text };
  });
  const offered = new Set<string>();
  turns.forEach((t) => {
    if (t.speaker !== 'manager') return;
    for (const c of conceptIds(t.text)) if (c in OFFER_LABELS) offered.add(c);
  });
  return { lossWords, need, alreadyOffered: [...offered] };
}
