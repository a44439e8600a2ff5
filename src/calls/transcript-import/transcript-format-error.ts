// One error shape for every transcript format: the code the API answers with, the line, and what to fix.
import { AppError } from '../../domain/errors.ts';

export type TranscriptFormat = 'json' | 'vtt' | 'srt' | 'text';

export function malformed(format: TranscriptFormat, line: number | undefined, problem: string): AppError {
  const where = line === undefined ? '' : ` (line ${line})`;
  return new AppError('transcript.malformed', `The ${format.toUpperCase()} transcript cannot be read${where}: ${problem}`, {
    status: 422,
    details: { format, ...(line === undefined ? {} : { line }) },
  });
}
