// Small helpers over node:util parseArgs so every command reports usage errors the same way.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message}\n\n${usage}`);
  }
}

export function required(value: string | undefined, name: string, usage: string): string {
  if (!value) throw new CliUsageError(`Missing --${name}.\n\n${usage}`);
  return value;
}
