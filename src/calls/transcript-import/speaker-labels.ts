// Who said it? Transcripts name the parties in many ways: "Менеджер", "Оператор", "Customer",
// a diarization label "SPEAKER_00", or a person's name. Known words map directly; anything else is
// a generic label that a mapping resolves, or that is guessed (first voice = manager) and flagged.
import type { Speaker } from '../../domain/transcript.ts';
import { malformed, type TranscriptFormat } from './transcript-format-error.ts';

const MANAGER_WORDS = ['менеджер', 'продавец', 'оператор', 'сотрудник', 'консультант', 'manager', 'agent', 'operator', 'sales', 'salesperson', 'rep', 'seller', 'm', 'м'];
const CLIENT_WORDS = ['клиент', 'покупатель', 'абонент', 'заказчик', 'собеседник', 'client', 'customer', 'caller', 'buyer', 'prospect', 'c', 'к'];

export function knownSpeaker(label: string): Speaker | undefined {
  const word = label.trim().toLowerCase().replace(/[\s.]+$/, '');
  if (MANAGER_WORDS.includes(word)) return 'manager';
  if (CLIENT_WORDS.includes(word)) return 'client';
  return undefined;
}

/** A label that looks like a speaker tag rather than the start of a sentence with a colon. */
export function looksLikeLabel(label: string, speakerMap: Record<string, Speaker> | undefined): boolean {
  const trimmed = label.trim();
  if (knownSpeaker(trimmed) || (speakerMap && trimmed in speakerMap)) return true;
  return /^(speaker|спикер|говорящий)[\s_-]*\d+$/i.test(trimmed);
}

export interface SpeakerResolver {
  resolve(label: string, format: TranscriptFormat, line: number | undefined): { speaker: Speaker; guessed: boolean };
}

/**
 * Resolves labels within one transcript. Generic labels (SPEAKER_00, names) take the mapping,
 * else the order they first appear: the first is the manager, the second the client; a third
 * cannot be placed and is reported.
 */
export function createSpeakerResolver(speakerMap?: Record<string, Speaker>): SpeakerResolver {
  const generic = new Map<string, Speaker>();
  return {
    resolve(label, format, line) {
      const trimmed = label.trim();
      const mapped = speakerMap?.[trimmed];
      if (mapped) return { speaker: mapped, guessed: false };
      const known = knownSpeaker(trimmed);
      if (known) return { speaker: known, guessed: false };
      const key = trimmed.toLowerCase();
      let speaker = generic.get(key);
      if (!speaker) {
        if (generic.size >= 2) {
          throw malformed(format, line, `a third speaker "${trimmed}" appears, but a sales call has two parties; label lines "Менеджер:"/"Клиент:" or give a speaker mapping (${[...generic.keys(), key].map((name) => `"${name}" → manager or client`).join(', ')}).`);
        }
        speaker = generic.size === 0 ? 'manager' : 'client';
        generic.set(key, speaker);
      }
      return { speaker, guessed: true };
    },
  };
}
