// What a recording's file name tells: MixMonitor/FreePBX names such as
// `out-<dst>-<src>-<YYYYMMDD>-<HHMMSS>-<uniqueid>.wav` or `in-…`, `exten-…`, `q-…`, `rg-…`,
// `external-…`. The uniqueid ("1710238501.42") is what joins a file to its CDR row.
import type { CdrRecord } from './asterisk-cdr-parser.ts';

export interface RecordingFileInfo {
  uniqueid: string | null;
  /** 'out', 'in', 'exten', 'q', 'rg', 'external', 'ondemand', or null for other names */
  kind: string | null;
  dst?: string;
  src?: string;
}

export const RECORDING_EXTENSIONS = ['wav', 'wav49', 'gsm', 'mp3', 'ogg', 'opus', 'flac', 'WAV'];

const UNIQUEID = /(\d{9,11}\.\d+)$/;

export function parseRecordingFileName(fileName: string): RecordingFileInfo {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = base.replace(/\.[^.]+$/, '');
  const freepbx = /^(out|in|exten|q|rg|external|ondemand|force|conf)-([^-]*)-([^-]*)-(\d{8})-(\d{6})-(\d{9,11}\.\d+)$/.exec(stem);
  if (freepbx) {
    const [, kind = null, dst, src, , , uniqueid = null] = freepbx;
    return { uniqueid, kind, ...(dst ? { dst } : {}), ...(src ? { src } : {}) };
  }
  return { uniqueid: UNIQUEID.exec(stem)?.[1] ?? null, kind: null };
}

export function isRecordingFile(fileName: string): boolean {
  const extension = fileName.split('.').pop() ?? '';
  return RECORDING_EXTENSIONS.includes(extension) && !fileName.startsWith('.');
}

/** The CDR row a recording belongs to: same uniqueid, else the leg whose linkedid it carries. */
export function matchRecordingToCdr(fileName: string, records: CdrRecord[]): CdrRecord | undefined {
  const { uniqueid } = parseRecordingFileName(fileName);
  if (!uniqueid) return undefined;
  return records.find((record) => record.uniqueid === uniqueid) ?? records.find((record) => record.linkedid === uniqueid);
}
