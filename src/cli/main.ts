// The `mentor` command: start, migrate, company create, user create, demo, eval.
import { AppError } from '../domain/errors.ts';
import { ConfigError } from '../config.ts';

const HELP = `mentor — sales-quality platform

Usage: mentor <command> [options]

Commands:
  start            run the web app, the API and the job workers (default command of npm start)
  migrate          apply database migrations and exit
  company create   create a company (a separate space)
  user create      create a person in a company
  demo             create the demo company (if missing) and print its sign-ins
  eval DIR         score the analysis engine on a labelled dataset

Run "mentor <command> --help" for the options of a command.
Configuration comes from the environment: see README.md (PORT, MENTOR_DATA_DIR, DATABASE_URL, ...).`;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  try {
    let code = 0;
    switch (command) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        console.log(HELP);
        break;
      // commands load their modules lazily so `mentor --help` stays instant
      case 'start':
        code = await (await import('./start.command.ts')).startCommand(rest);
        break;
      case 'migrate':
        code = await (await import('./admin.commands.ts')).migrateCommand(rest);
        break;
      case 'company':
        code = await (await import('./admin.commands.ts')).companyCommand(rest);
        break;
      case 'user':
        code = await (await import('./admin.commands.ts')).userCommand(rest);
        break;
      case 'demo':
        code = await (await import('./admin.commands.ts')).demoCommand(rest);
        break;
      case 'eval': {
        const { evalCommand } = await import('./eval.command.ts');
        code = await evalCommand(rest);
        break;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${HELP}`);
        code = 2;
    }
    if (code !== 0) process.exitCode = code;
  } catch (error) {
    process.exitCode = reportError(error);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof ConfigError) {
    console.error(error.message);
    return 78;
  }
  if (error instanceof AppError) {
    console.error(`Error (${error.code}): ${error.message}`);
    return 1;
  }
  if (error instanceof Error && error.name === 'CliUsageError') {
    console.error(error.message);
    return 2;
  }
  console.error('Unexpected error:', error instanceof Error ? (error.stack ?? error.message) : error);
  return 1;
}
