// Refuse what cannot be analysed honestly, with a code and a message a person can act on:
// no verdict is better than a made-up one.
import { CannotAnalyseError } from '../../domain/call-analysis.ts';
import type { Transcript } from '../../domain/transcript.ts';
import { detectScriptOfTexts } from '../language/index.ts';

/** Beyond this the transcript is not a call (a 3-hour call is ~30k words, ~4k turns). */
export const MAX_TURNS = 20_000;
export const MAX_CHARS = 2_000_000;

/** Validates the transcript and returns the language to analyse it in ('ru' | 'en'). */
export function validateTranscript(transcript: Transcript): 'ru' | 'en' {
  const turns = Array.isArray(transcript?.turns) ? transcript.turns : [];
  const spoken = turns.filter((t) => typeof t?.text === 'string' && t.text.trim().length > 0);
  if (spoken.length === 0) throw new CannotAnalyseError('empty_transcript', 'cannot analyse: the transcript has no spoken turns');
  const unknown = turns.find((t) => t.speaker !== 'manager' && t.speaker !== 'client');
  if (unknown) {
    throw new CannotAnalyseError('unknown_speaker', `cannot analyse: unknown speaker label "${String(unknown.speaker)}" (expected "manager" or "client")`);
  }
  const speakers = new Set(spoken.map((t) => t.speaker));
  if (speakers.size < 2) {
    throw new CannotAnalyseError('single_speaker', `cannot analyse: only the ${[...speakers][0] ?? 'unknown'} speaks; a sales call needs both the manager and the client`);
  }
  if (turns.length > MAX_TURNS) throw new CannotAnalyseError('too_long', `cannot analyse: ${turns.length} turns is more than the ${MAX_TURNS} a call can have`);
  let chars = 0;
  for (const t of spoken) chars += t.text.length;
  if (chars > MAX_CHARS) throw new CannotAnalyseError('too_long', `cannot analyse: ${chars} characters is more than the ${MAX_CHARS} a call can have`);
  // language by a sample spread over the call (cheap even for a 3-hour call)
  const step = Math.max(1, Math.floor(spoken.length / 200));
  const sample: string[] = [];
  for (let i = 0; i < spoken.length; i += step) sample.push(spoken[i]?.text ?? '');
  const script = detectScriptOfTexts(sample);
  if (script.mojibake) throw new CannotAnalyseError('mojibake', 'cannot analyse: the text looks like broken encoding (mojibake); re-export the transcript as UTF-8');
  if (script.letters < 2) throw new CannotAnalyseError('no_text', 'cannot analyse: the transcript has no words');
  if (script.language === 'other') {
    throw new CannotAnalyseError('unsupported_language', `cannot analyse: the text is neither Russian nor English (declared "${transcript.language}")`);
  }
  return script.language;
}
