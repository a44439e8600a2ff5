// WebVTT and SRT with speaker tags: `<v Менеджер>…</v>`, a "Менеджер:"/"Client:" prefix, or a
// diarization label ("SPEAKER_00:", "[SPEAKER_01]"). A cue without a tag continues the previous
// speaker, which is how subtitle files usually mark only the changes.
import type { Speaker, Turn } from '../../domain/transcript.ts';
import { createSpeakerResolver, looksLikeLabel } from './speaker-labels.ts';
import { malformed } from './transcript-format-error.ts';

const TIMESTAMP = /^(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})$/;
const PREFIX = /^\s*\[?([^:\]<>]{1,40}?)\]?\s*:\s*(.*)$/s;
const VOICE = /<v(?:\.[^\s>]+)?\s+([^>]+)>/g;

function seconds(stamp: string, format: 'vtt' | 'srt', line: number): number {
  const match = TIMESTAMP.exec(stamp.trim());
  if (!match) throw malformed(format, line, `"${stamp.trim()}" is not a timestamp; write it as ${format === 'srt' ? '00:01:02,500' : '00:01:02.500'}.`);
  const [, hours = '0', minutes = '0', secs = '0', fraction = '0'] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(secs) + Number(fraction.padEnd(3, '0')) / 1000;
}

function cleanText(text: string): string {
  return text
    .replace(/<\/?[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

interface Piece { label?: string; text: string }

function splitSpeakers(payload: string, speakerMap: Record<string, Speaker> | undefined): Piece[] {
  const voices = [...payload.matchAll(VOICE)];
  if (voices.length > 0) {
    const pieces: Piece[] = [];
    const before = payload.slice(0, voices[0]?.index ?? 0);
    if (cleanText(before)) pieces.push({ text: before });
    voices.forEach((voice, index) => {
      const start = (voice.index ?? 0) + voice[0].length;
      const end = voices[index + 1]?.index ?? payload.length;
      pieces.push({ label: voice[1]?.trim() ?? '', text: payload.slice(start, end) });
    });
    return pieces;
  }
  const prefix = PREFIX.exec(payload);
  if (prefix?.[1] && looksLikeLabel(prefix[1], speakerMap)) return [{ label: prefix[1], text: prefix[2] ?? '' }];
  return [{ text: payload }];
}

export function parseSubtitleTranscript(content: string, format: 'vtt' | 'srt', speakerMap?: Record<string, Speaker>): Turn[] {
  const lines = content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  let index = 0;
  if (format === 'vtt') {
    while (index < lines.length && lines[index]?.trim() === '') index++;
    if (!lines[index]?.startsWith('WEBVTT')) throw malformed('vtt', index + 1, 'a WebVTT file starts with the line "WEBVTT".');
    index++;
  }
  const resolver = createSpeakerResolver(speakerMap);
  const turns: Turn[] = [];
  let current: { speaker: Speaker; guessed: boolean } | undefined;

  while (index < lines.length) {
    // a block: consecutive non-empty lines
    while (index < lines.length && lines[index]?.trim() === '') index++;
    if (index >= lines.length) break;
    const blockStart = index;
    const block: string[] = [];
    while (index < lines.length && lines[index]?.trim() !== '') block.push(lines[index++] ?? '');
    if (format === 'vtt' && /^(NOTE|STYLE|REGION)\b/.test(block[0] ?? '')) continue;
    if (format === 'vtt' && blockStart === 1 && !block.some((line) => line.includes('-->'))) continue; // header metadata
    const timingOffset = block.findIndex((line) => line.includes('-->'));
    if (timingOffset === -1 || timingOffset > 1) {
      throw malformed(format, blockStart + 1, `expected a cue timing line like "${format === 'srt' ? '00:00:01,000 --> 00:00:04,000' : '00:00:01.000 --> 00:00:04.000'}" here.`);
    }
    const timingLine = blockStart + timingOffset + 1;
    const [from = '', rest = ''] = (block[timingOffset] ?? '').split('-->');
    const start = seconds(from, format, timingLine);
    const end = seconds(rest.trim().split(/\s+/)[0] ?? '', format, timingLine);
    if (end < start) throw malformed(format, timingLine, `the cue ends before it starts; swap the times.`);
    const payload = block.slice(timingOffset + 1).join('\n');
    for (const piece of splitSpeakers(payload, speakerMap)) {
      const text = cleanText(piece.text);
      if (piece.label !== undefined) current = resolver.resolve(piece.label, format, timingLine + 1);
      if (!text) continue;
      if (!current) {
        throw malformed(format, timingLine + 1, `the cue has no speaker; start its text with "Менеджер:" or "Клиент:" (or use <v Менеджер> in WebVTT).`);
      }
      turns.push({ speaker: current.speaker, text, start, end, ...(current.guessed ? { lowConfidence: true } : {}) });
    }
  }
  return turns;
}
