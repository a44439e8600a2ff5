// Our own JSON transcript: `[{speaker, text, start?, end?}]` or `{language?, turns: [...]}`.
import type { Speaker, Turn } from '../../domain/transcript.ts';
import { createSpeakerResolver } from './speaker-labels.ts';
import { malformed } from './transcript-format-error.ts';

export interface ParsedTurns { turns: Turn[]; language?: string }

function lineAt(content: string, position: number): number {
  return content.slice(0, position).split('\n').length;
}

export function parseJsonTranscript(content: string, speakerMap?: Record<string, Speaker>): ParsedTurns {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    const position = Number(/position (\d+)/.exec(String(error))?.[1]);
    throw malformed('json', Number.isFinite(position) ? lineAt(content, position) : undefined, `not valid JSON (${error instanceof Error ? error.message : String(error)}); check for a missing comma or quote.`);
  }
  const container = Array.isArray(data) ? { turns: data } : data;
  if (typeof container !== 'object' || container === null || !Array.isArray((container as { turns?: unknown }).turns)) {
    throw malformed('json', 1, 'expected an array of turns or an object with a "turns" array, e.g. [{"speaker": "manager", "text": "Добрый день"}].');
  }
  const { turns: items, language } = container as { turns: unknown[]; language?: unknown };
  const resolver = createSpeakerResolver(speakerMap);
  const turns: Turn[] = [];
  items.forEach((item, index) => {
    const where = `turn #${index + 1}`;
    if (typeof item !== 'object' || item === null) throw malformed('json', undefined, `${where} is not an object with "speaker" and "text".`);
    const record = item as { speaker?: unknown; role?: unknown; text?: unknown; start?: unknown; end?: unknown };
    const label = record.speaker ?? record.role;
    if (typeof label !== 'string' || label.trim() === '') throw malformed('json', undefined, `${where} has no "speaker"; use "manager" or "client".`);
    if (typeof record.text !== 'string') throw malformed('json', undefined, `${where} has no "text" string.`);
    const text = record.text.trim();
    if (!text) return; // an empty utterance carries nothing to analyse
    const times: { start?: number; end?: number } = {};
    for (const key of ['start', 'end'] as const) {
      const value = record[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw malformed('json', undefined, `${where} has "${key}" ${JSON.stringify(value)}; it must be seconds from the start (a number ≥ 0).`);
      times[key] = value;
    }
    if (times.start !== undefined && times.end !== undefined && times.end < times.start) throw malformed('json', undefined, `${where} ends (${times.end}) before it starts (${times.start}).`);
    const { speaker, guessed } = resolver.resolve(label, 'json', undefined);
    turns.push({ speaker, text, ...times, ...(guessed ? { lowConfidence: true } : {}) });
  });
  return { turns, ...(typeof language === 'string' && language ? { language } : {}) };
}
