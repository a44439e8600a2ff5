// From speech-to-text segments to the transcript's turns. Stereo recordings give each party a
// channel, so attribution is certain; a mono recording without diarization only gives a guess,
// which is marked lowConfidence so the analysis and the UI can say so.
import type { Speaker, Turn } from '../domain/transcript.ts';

export interface TimedSegment {
  start: number;
  end: number;
  text: string;
  speaker?: string;
}

interface Attributed { speaker: Speaker; start: number; end: number; text: string; lowConfidence?: boolean }

/** Adjacent segments of the same speaker are one turn: the other party did not speak between them. */
function joinAdjacent(items: Attributed[]): Turn[] {
  const turns: Turn[] = [];
  for (const item of items) {
    const text = item.text.trim();
    if (!text) continue;
    const last = turns.at(-1);
    if (last && last.speaker === item.speaker) {
      last.text = `${last.text} ${text}`;
      last.end = Math.max(last.end ?? item.end, item.end);
      continue;
    }
    turns.push({ speaker: item.speaker, text, start: item.start, end: item.end, ...(item.lowConfidence ? { lowConfidence: true } : {}) });
  }
  return turns;
}

/** Interleave the two channels' segments by time into turns. */
export function mergeChannelTranscripts(managerSegments: TimedSegment[], clientSegments: TimedSegment[]): Turn[] {
  const items: Attributed[] = [
    ...managerSegments.map((segment) => ({ speaker: 'manager' as const, start: segment.start, end: segment.end, text: segment.text })),
    ...clientSegments.map((segment) => ({ speaker: 'client' as const, start: segment.start, end: segment.end, text: segment.text })),
  ];
  // by start; on a tie the one that ends first spoke first; the manager breaks a full tie (stable)
  items.sort((a, b) => a.start - b.start || a.end - b.end || (a.speaker === b.speaker ? 0 : a.speaker === 'manager' ? -1 : 1));
  return joinAdjacent(items);
}

/**
 * Turns for a mono recording. Diarized segments (a `speaker` label on each) map labels to parties:
 * `speakerMap` when the caller knows it, else the first label heard is the manager (who opens a
 * sales call in most scripts) and the turns are marked lowConfidence. Without diarization the
 * segments alternate, starting with the manager, all lowConfidence.
 */
export function attributeMonoSegments(segments: TimedSegment[], options: { speakerMap?: Record<string, Speaker>; firstSpeaker?: Speaker } = {}): Turn[] {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  const first = options.firstSpeaker ?? 'manager';
  const other = (speaker: Speaker): Speaker => (speaker === 'manager' ? 'client' : 'manager');
  const diarized = sorted.length > 0 && sorted.every((segment) => segment.speaker);
  if (diarized) {
    const map = new Map<string, Speaker>(Object.entries(options.speakerMap ?? {}));
    const guessed = options.speakerMap === undefined;
    for (const segment of sorted) {
      const label = segment.speaker as string;
      if (!map.has(label)) map.set(label, map.size === 0 ? first : other(first));
    }
    return joinAdjacent(sorted.map((segment) => ({
      speaker: map.get(segment.speaker as string) as Speaker,
      start: segment.start, end: segment.end, text: segment.text,
      ...(guessed ? { lowConfidence: true } : {}),
    })));
  }
  let speaker = first;
  const items: Attributed[] = [];
  for (const segment of sorted) {
    if (!segment.text.trim()) continue;
    items.push({ speaker, start: segment.start, end: segment.end, text: segment.text, lowConfidence: true });
    speaker = other(speaker);
  }
  return joinAdjacent(items);
}
