// Asterisk cdr_csv (Master.csv): one row per call leg, no header, fixed column order. We read
// the standard columns plus the optional tail newer versions add (peeraccount, linkedid,
// sequence). A bad row is reported with its line and skipped: the file keeps growing and one
// broken line must not stop the import of the others.
import { parse } from 'csv-parse/sync';
import { isExtension, normalizePhone } from '../../../domain/phone.ts';

export const CDR_COLUMNS = [
  'accountcode', 'src', 'dst', 'dcontext', 'clid', 'channel', 'dstchannel', 'lastapp', 'lastdata',
  'start', 'answer', 'end', 'duration', 'billsec', 'disposition', 'amaflags', 'uniqueid', 'userfield',
  'peeraccount', 'linkedid', 'sequence',
] as const;

export interface CdrRecord {
  line: number;
  accountcode: string;
  src: string;
  dst: string;
  dcontext: string;
  clid: string;
  channel: string;
  dstchannel: string;
  lastapp: string;
  lastdata: string;
  start: Date | null;
  answer: Date | null;
  end: Date | null;
  duration: number;
  billsec: number;
  /** ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION */
  disposition: string;
  amaflags: string;
  uniqueid: string;
  userfield: string;
  linkedid: string;
}

export interface CdrParseResult {
  records: CdrRecord[];
  errors: { line: number; message: string }[];
}

const MIN_COLUMNS = 16; // up to amaflags; uniqueid needs `loguniqueid=yes` on old versions

/**
 * Asterisk writes local server time ("2024-03-12 10:15:01") unless cdr.conf has usegmtime=yes.
 * `utcOffsetMinutes` is the PBX's offset (Moscow: 180).
 */
export function parseCdrTime(value: string, utcOffsetMinutes = 0): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - utcOffsetMinutes * 60_000);
}

export function parseCdrCsv(content: string, options: { utcOffsetMinutes?: number } = {}): CdrParseResult {
  const records: CdrRecord[] = [];
  const errors: CdrParseResult['errors'] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(content, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, bom: true }) as unknown as typeof rows;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { records, errors: [{ line: line ?? 0, message: `The CDR file cannot be parsed as CSV: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length < MIN_COLUMNS) {
      errors.push({ line, message: `expected at least ${MIN_COLUMNS} columns of Asterisk cdr_csv, found ${record.length}` });
      continue;
    }
    const field = (name: (typeof CDR_COLUMNS)[number]): string => record[CDR_COLUMNS.indexOf(name)]?.trim() ?? '';
    const start = parseCdrTime(field('start'), options.utcOffsetMinutes);
    if (!start) {
      errors.push({ line, message: `start "${field('start')}" is not a "YYYY-MM-DD HH:MM:SS" time` });
      continue;
    }
    const duration = Number(field('duration'));
    const billsec = Number(field('billsec'));
    if (!Number.isFinite(duration) || !Number.isFinite(billsec)) {
      errors.push({ line, message: 'duration and billsec must be numbers of seconds' });
      continue;
    }
    records.push({
      line,
      accountcode: field('accountcode'), src: field('src'), dst: field('dst'), dcontext: field('dcontext'),
      clid: field('clid'), channel: field('channel'), dstchannel: field('dstchannel'),
      lastapp: field('lastapp'), lastdata: field('lastdata'),
      start, answer: parseCdrTime(field('answer'), options.utcOffsetMinutes), end: parseCdrTime(field('end'), options.utcOffsetMinutes),
      duration, billsec, disposition: field('disposition'), amaflags: field('amaflags'),
      uniqueid: field('uniqueid'), userfield: field('userfield'), linkedid: field('linkedid'),
    });
  }
  return { records, errors };
}

export interface CdrCall {
  externalId: string;
  direction: 'inbound' | 'outbound' | 'internal';
  managerExtension: string | null;
  /** E.164, or null when the other side is not a phone number */
  clientPhone: string | null;
  startedAt: Date;
  /** talk time in seconds (billsec) */
  duration: number;
  answered: boolean;
}

/** The extension of a SIP/PJSIP channel ("PJSIP/101-0000001a" → "101"). */
export function channelExtension(channel: string): string | null {
  const match = /^(?:PJSIP|SIP|IAX2|Local)\/([^-@/;]+)/i.exec(channel);
  return match?.[1] && isExtension(match[1]) ? match[1] : null;
}

/** A call as Mentor sees it: who is the manager (an extension) and who is the client (a phone). */
export function cdrToCall(record: CdrRecord): CdrCall {
  const srcExtension = isExtension(record.src) ? record.src : channelExtension(record.channel);
  const dstExtension = isExtension(record.dst) ? record.dst : channelExtension(record.dstchannel);
  const srcPhone = normalizePhone(record.src);
  const dstPhone = normalizePhone(record.dst);
  let direction: CdrCall['direction'];
  if (srcExtension && dstPhone) direction = 'outbound';
  else if (srcPhone && !srcExtension) direction = 'inbound';
  else direction = 'internal';
  return {
    externalId: record.uniqueid || `${record.start?.toISOString() ?? ''}-${record.src}-${record.dst}`,
    direction,
    managerExtension: direction === 'outbound' ? srcExtension : dstExtension,
    clientPhone: direction === 'outbound' ? dstPhone : direction === 'inbound' ? srcPhone : null,
    startedAt: record.start ?? new Date(0),
    duration: record.billsec,
    answered: record.disposition.toUpperCase() === 'ANSWERED',
  };
}
