// Plain text: one utterance per line, "Менеджер: …" / "Клиент: …" (or Manager/Client/Customer,
// or a diarization label), optionally after a timestamp "[00:12]". A line without a label
// continues the previous utterance (people wrap long replies).
import type { Speaker, Turn } from '../../domain/transcript.ts';
import { createSpeakerResolver, looksLikeLabel } from './speaker-labels.ts';
import { malformed } from './transcript-format-error.ts';

const TIME_PREFIX = /^\s*[[(]?((?:\d{1,2}:)?\d{1,2}:\d{2})(?:[.,]\d+)?[\])]?\s*[-–—]?\s*/;
const LABEL = /^\s*[[(]?([^:\])]{1,40}?)[\])]?\s*:\s*(.*)$/;

function clock(value: string): number {
  return value.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

export function parseTextTranscript(content: string, speakerMap?: Record<string, Speaker>): Turn[] {
  const lines = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const resolver = createSpeakerResolver(speakerMap);
  const turns: Turn[] = [];
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    if (raw.trim() === '') return;
    let line = raw;
    let start: number | undefined;
    const time = TIME_PREFIX.exec(line);
    if (time?.[1]) {
      start = clock(time[1]);
      line = line.slice(time[0].length);
    }
    const label = LABEL.exec(line);
    if (label?.[1] && looksLikeLabel(label[1], speakerMap)) {
      const { speaker, guessed } = resolver.resolve(label[1], 'text', lineNumber);
      const text = (label[2] ?? '').trim();
      turns.push({ speaker, text, ...(start === undefined ? {} : { start }), ...(guessed ? { lowConfidence: true } : {}) });
      return;
    }
    const previous = turns.at(-1);
    if (!previous) {
      throw malformed('text', lineNumber, `"${raw.trim().slice(0, 60)}" does not start with a speaker; begin each utterance with "Менеджер:" or "Клиент:" (also Manager:, Client:, Customer:).`);
    }
    // not an utterance start: keep the raw line, a leading "10:30" belongs to the text
    previous.text = `${previous.text} ${raw.trim()}`.trim();
  });
  return turns.filter((turn) => turn.text !== '');
}
