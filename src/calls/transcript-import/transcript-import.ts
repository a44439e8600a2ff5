// Imports a transcript a company uploads instead of (or besides) a recording: our JSON, WebVTT,
// SRT or plain text with speaker labels. The format is detected from the content first (it does
// not lie) and the file name second.
import type { Speaker, Transcript, Turn } from '../../domain/transcript.ts';
import { parseJsonTranscript } from './json-transcript-parser.ts';
import { parseSubtitleTranscript } from './subtitle-transcript-parser.ts';
import { parseTextTranscript } from './text-transcript-parser.ts';
import { malformed, type TranscriptFormat } from './transcript-format-error.ts';

export type { TranscriptFormat } from './transcript-format-error.ts';

export interface TranscriptImportOptions {
  fileName?: string;
  /** BCP 47; detected from the alphabet when omitted */
  language?: string;
  /** label → party, for names or diarization labels ("SPEAKER_00" → "manager") */
  speakerMap?: Record<string, Speaker>;
  /** force a format instead of detecting it */
  format?: TranscriptFormat;
}

const SRT_CUE = /^\s*\d+\s*\n\s*(?:\d+:)?\d{1,2}:\d{2}[,.]\d{1,3}\s*-->/;

export function detectTranscriptFormat(content: string, fileName?: string): TranscriptFormat {
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const head = text.trimStart();
  if (head.startsWith('WEBVTT')) return 'vtt';
  if (/^(\{|\[\s*[{\]])/.test(head)) return 'json';
  if (SRT_CUE.test(head)) return 'srt';
  // cue timings without the header: a subtitle file that lost its first line, not plain text
  if (/^\s*(?:\d+:)?\d{1,2}:\d{2}\.\d{1,3}\s*-->/m.test(head)) return 'vtt';
  if (/^\s*(?:\d+:)?\d{1,2}:\d{2},\d{1,3}\s*-->/m.test(head)) return 'srt';
  const extension = fileName?.toLowerCase().split('.').pop();
  switch (extension) {
    case 'json': return 'json';
    case 'vtt': return 'vtt';
    case 'srt': return 'srt';
    default: return 'text';
  }
}

export function detectLanguage(turns: Turn[]): string {
  const sample = turns.map((turn) => turn.text).join(' ');
  const cyrillic = (sample.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length;
  return cyrillic >= latin ? 'ru' : 'en';
}

/** Consecutive pieces by the same party are one turn (subtitle cues split sentences). */
function joinAdjacent(turns: Turn[]): Turn[] {
  const joined: Turn[] = [];
  for (const turn of turns) {
    const last = joined.at(-1);
    if (last && last.speaker === turn.speaker) {
      last.text = `${last.text} ${turn.text}`;
      if (turn.end !== undefined) last.end = turn.end;
      continue;
    }
    joined.push({ ...turn });
  }
  return joined;
}

export function importTranscript(content: string, options: TranscriptImportOptions = {}): Transcript {
  const { turns, language } = readTurns(content, options);
  return { language: language ?? detectLanguage(turns), turns };
}

/** Throws the error importTranscript would for a transcript that cannot be read (a way in's check at the door). */
export function checkTranscript(content: string, options: Omit<TranscriptImportOptions, 'language'> = {}): void {
  readTurns(content, options);
}

function readTurns(content: string, options: TranscriptImportOptions): { turns: Turn[]; language: string | undefined } {
  const format = options.format ?? detectTranscriptFormat(content, options.fileName);
  if (content.trim() === '') throw malformed(format, undefined, 'the file is empty.');
  let turns: Turn[];
  let language = options.language;
  switch (format) {
    case 'json': {
      const parsed = parseJsonTranscript(content, options.speakerMap);
      turns = parsed.turns;
      language ??= parsed.language;
      break;
    }
    case 'vtt':
    case 'srt':
      turns = joinAdjacent(parseSubtitleTranscript(content, format, options.speakerMap));
      break;
    case 'text':
      turns = joinAdjacent(parseTextTranscript(content, options.speakerMap));
      break;
  }
  if (turns.length === 0) throw malformed(format, undefined, 'it contains no utterances; a transcript needs at least one "Менеджер:" or "Клиент:" line.');
  return { turns, language };
}
