// Administration commands: migrate, company create, user create, demo.
import { eq } from 'drizzle-orm';
import { ensureSecret, loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { companies, USER_ROLES, type UserRole } from '../db/schema/companies.ts';
import { asSystem } from '../db/tenant.ts';
import { AppError } from '../domain/errors.ts';
import { createCompany, createUser } from '../companies/companies.service.ts';
import { ensureDemoCompany } from '../demo/demo-company.ts';
import { CliUsageError, parse, required } from './cli-args.ts';

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const config = ensureSecret(loadConfig());
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await database.migrate();
    return await work(database);
  } finally {
    await database.close();
  }
}

export async function migrateCommand(argv: string[]): Promise<number> {
  const usage = 'Usage: mentor migrate\n\nApplies database migrations (the embedded database or DATABASE_URL) and exits.';
  const { values } = parse(argv, { help: { type: 'boolean', short: 'h' } }, usage);
  if (values.help) return (console.log(usage), 0);
  await withDatabase(async (database) => console.log(`Migrations applied: ${database.description}`));
  return 0;
}

const COMPANY_USAGE = `Usage: mentor company create --name NAME [--timezone Europe/Moscow] [--currency RUB] [--average-check 85000] [--language ru]`;

export async function companyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    name: { type: 'string' }, timezone: { type: 'string' }, currency: { type: 'string' }, 'average-check': { type: 'string' }, language: { type: 'string' }, help: { type: 'boolean', short: 'h' },
  }, COMPANY_USAGE);
  if (values.help) return (console.log(COMPANY_USAGE), 0);
  if (positionals[0] !== 'create') throw new CliUsageError(`Unknown subcommand "${positionals[0] ?? ''}".\n\n${COMPANY_USAGE}`);
  const name = required(values.name, 'name', COMPANY_USAGE);
  const averageCheck = values['average-check'] === undefined ? undefined : Number(values['average-check']);
  if (averageCheck !== undefined && !(averageCheck >= 0)) throw new CliUsageError(`--average-check must be a number ≥ 0.\n\n${COMPANY_USAGE}`);
  const company = await withDatabase((database) =>
    createCompany(database.db, {
      name,
      ...(values.timezone ? { timezone: values.timezone } : {}),
      ...(values.currency ? { currency: values.currency.toUpperCase() } : {}),
      ...(values.language ? { language: values.language } : {}),
      ...(averageCheck !== undefined ? { averageCheck } : {}),
    }),
  );
  console.log(`Company created: ${company.name}\n  id: ${company.id}`);
  return 0;
}

const USER_USAGE = `Usage: mentor user create --company ID_OR_NAME --email EMAIL --name NAME --role ${USER_ROLES.join('|')} [--password PASSWORD] [--extension 101]

Without --password a random one is generated and printed once.`;

export async function userCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    company: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, extension: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' },
  }, USER_USAGE);
  if (values.help) return (console.log(USER_USAGE), 0);
  if (positionals[0] !== 'create') throw new CliUsageError(`Unknown subcommand "${positionals[0] ?? ''}".\n\n${USER_USAGE}`);
  const companyRef = required(values.company, 'company', USER_USAGE);
  const role = required(values.role, 'role', USER_USAGE) as UserRole;
  if (!USER_ROLES.includes(role)) throw new CliUsageError(`--role must be one of ${USER_ROLES.join(', ')}.\n\n${USER_USAGE}`);
  const password = values.password ?? (await import('node:crypto')).randomBytes(9).toString('base64url');
  const user = await withDatabase(async (database) => {
    const companyId = await resolveCompany(database, companyRef);
    return createUser(database.db, companyId, { email: required(values.email, 'email', USER_USAGE), name: required(values.name, 'name', USER_USAGE), role, password, extensions: values.extension ?? [] });
  });
  console.log(`User created: ${user.email} (${role})\n  id: ${user.id}`);
  if (!values.password) console.log(`  password: ${password}  (shown once; change it after signing in)`);
  return 0;
}

async function resolveCompany(database: Database, ref: string): Promise<string> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const rows = await asSystem(database.db, (tx) =>
    tx.select({ id: companies.id, name: companies.name }).from(companies).where(isUuid ? eq(companies.id, ref) : eq(companies.name, ref)),
  );
  if (rows.length === 0) throw new AppError('not_found', `No company "${ref}". Create it with "mentor company create --name …" or pass its id.`, { status: 404 });
  if (rows.length > 1) throw new AppError('ambiguous', `Several companies are called "${ref}"; pass the id instead: ${rows.map((r) => r.id).join(', ')}`, { status: 409 });
  return rows[0]!.id;
}

export async function demoCommand(argv: string[]): Promise<number> {
  const usage = 'Usage: mentor demo [--empty]\n\nCreates the demo company (when missing) with 10 weeks of generated calls, deals and payments,\nand prints its sign-ins. --empty: the company, its people and knowledge only.';
  const { values } = parse(argv, { help: { type: 'boolean', short: 'h' }, empty: { type: 'boolean', default: false } }, usage);
  if (values.help) return (console.log(usage), 0);
  const demo = await withDatabase((database) => ensureDemoCompany(database.db, { activity: !values.empty }));
  console.log(`Demo company ${demo.created ? 'created' : 'already exists'} (id ${demo.companyId}). Password for everyone: ${demo.password}`);
  console.log(`  head of sales  ${demo.headOfSales.email}\n  integrator     ${demo.integrator.email}`);
  for (const m of demo.managers) console.log(`  manager        ${m.email}  (${m.name})`);
  return 0;
}
