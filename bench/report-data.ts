// The report benches' data: 50 companies, 4 managers each, calls with analyses and per-stage
// scores, clients, won deals with payments, generated with SQL generate_series into a fresh,
// migrated database. Shared by bench/report.bench.ts (latency through the server) and
// bench/report-profile.ts (per-query timing and plans).
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/database.ts';
import { hashPassword } from '../src/auth/passwords.ts';

export const COMPANIES = 50;
export const MANAGERS_PER_COMPANY = 4;
export const BENCH_PASSWORD = 'bench-password-1';

/**
 * Dates inside the previous month and the previous week: complete periods, so the figures do not
 * depend on the day of the month a bench runs (on the 3rd the current month holds three days of
 * calls, on the 28th nearly all of them).
 */
export function completePeriods(now = new Date()): { lastMonth: string; lastWeek: string } {
  const midPreviousMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 15));
  return { lastMonth: midPreviousMonth.toISOString().slice(0, 10), lastWeek: new Date(now.getTime() - 7 * 86_400_000).toISOString().slice(0, 10) };
}

/** Large odd multipliers, one per independent stream of draws. */
const STREAMS = [2654435761, 2246822519, 3266489917, 668265263, 374761393, 1103515245, 2891336453, 1664525, 22695477, 134775813];

/**
 * A draw in [0, 1) from a row's number: multiplicative hashing instead of random(), so both
 * engines get exactly the same calls, scores and deals (the PGlite/PostgreSQL ratio compares the
 * same data), and so does every run on the same day.
 */
const draw = (key: string, stream: number): string => `((((${key})::bigint * ${STREAMS[stream]}) % 4294967296)::float8 / 4294967296)`;

/** Statements that fill an empty, migrated database. */
export function generation(calls: number, passwordHash: string): string[] {
  const clientsPerCompany = Math.max(50, Math.floor(calls / COMPANIES / 3));
  const dealsPerCompany = Math.max(10, Math.floor(calls / COMPANIES / 40));
  const callNumber = 'c.external_id';
  const dealNumber = `co.n * ${dealsPerCompany} + d.i`;
  const score = (salt: number) => `least(10, greatest(0, floor(${draw(callNumber, salt)} * 7 + 3 + ((${callNumber}::int + ${salt}) % 3) - 1)))::int`;
  return [
    `insert into companies (name, slug, average_check, go_live_at, timezone)
       select 'Bench ' || n, 'bench-' || n, 85000, now() - interval '120 days', 'Europe/Moscow' from generate_series(0, ${COMPANIES - 1}) n`,
    `create table bench_co as select id, (row_number() over (order by slug) - 1)::int as n from companies where slug like 'bench-%'`,
    `insert into users (company_id, email, name, role, password_hash, last_sign_in_at)
       select co.id, 'head' || co.n || '@bench.test', 'Head ' || co.n, 'head_of_sales', '${passwordHash}', now() from bench_co co`,
    `insert into users (company_id, email, name, role, password_hash, last_sign_in_at)
       select co.id, 'm' || co.n || '-' || k || '@bench.test', 'Manager ' || co.n || '-' || k, 'manager', '${passwordHash}', now() - (k || ' days')::interval
       from bench_co co cross join generate_series(0, ${MANAGERS_PER_COMPANY - 1}) k`,
    `create table bench_m as select u.id, co.n as company_n, (row_number() over (partition by co.n order by u.email) - 1)::int as k
       from users u join bench_co co on co.id = u.company_id where u.role = 'manager'`,
    `create index on bench_m (company_n, k)`,
    `insert into clients (company_id, phone_e164, source)
       select co.id, '+7916' || lpad((co.n * ${clientsPerCompany} + k)::text, 7, '0'), 'call' from bench_co co cross join generate_series(0, ${clientsPerCompany - 1}) k`,
    `create table bench_cl as select cl.id, co.n as company_n, (row_number() over (partition by co.n order by cl.phone_e164) - 1)::int as k
       from clients cl join bench_co co on co.id = cl.company_id`,
    `create index on bench_cl (company_n, k)`,
    `insert into calls (company_id, manager_id, client_id, client_phone, started_at, status, source, external_id)
       select co.id, m.id, cl.id, null, now() - ${draw('g', 0)} * interval '180 days', 'analysed', 'bench', g::text
       from generate_series(0, ${calls - 1}) g
       join bench_co co on co.n = g % ${COMPANIES}
       join bench_m m on m.company_n = co.n and m.k = (g / ${COMPANIES}) % ${MANAGERS_PER_COMPANY}
       join bench_cl cl on cl.company_n = co.n and cl.k = (g / ${COMPANIES * MANAGERS_PER_COMPANY} * 7 + g) % ${clientsPerCompany}`,
    `insert into analyses (company_id, call_id, engine, engine_version, knowledge_hash, outcome, confidence, scores, result)
       select c.company_id, c.id, 'bench', '1', 'x', case when ${draw(callNumber, 6)} < 0.3 then 'lost' else 'success' end, 0.8,
              jsonb_build_object('greeting', ${score(1)}, 'needs', ${score(2)}, 'presentation', ${score(3)}, 'closing', ${score(4)})
                || case when ${draw(callNumber, 7)} < 0.6 then jsonb_build_object('objections', ${score(5)}) else '{}'::jsonb end,
              '{}'::jsonb
       from calls c where c.source = 'bench'`,
    `insert into deals (company_id, client_id, source, external_id, amount, status, opened_at, closed_at)
       select co.id, cl.id, 'csv', 'B-' || co.n || '-' || d.i, 85000, 'won', now() - ${draw(dealNumber, 8)} * interval '180 days',
              now() - ${draw(dealNumber, 8)} * interval '180 days' + ${draw(dealNumber, 9)} * interval '20 days'
       from bench_co co cross join generate_series(0, ${dealsPerCompany - 1}) d(i) join bench_cl cl on cl.company_n = co.n and cl.k = (d.i * 13) % ${clientsPerCompany}`,
    `insert into payments (company_id, deal_id, client_id, amount, paid_at, source, external_key)
       select company_id, id, client_id, amount, closed_at, 'csv', 'csv:deal:' || external_id from deals where external_id like 'B-%'`,
    `drop table bench_co`, `drop table bench_m`, `drop table bench_cl`,
    `vacuum analyze`,
  ];
}

export async function fillReportData(env: Record<string, string>, calls: number): Promise<number> {
  const started = performance.now();
  const database = await openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.MENTOR_DATA_DIR! });
  try {
    await database.migrate();
    for (const statement of generation(calls, await hashPassword(BENCH_PASSWORD))) await database.db.execute(sql.raw(statement));
  } finally {
    await database.close();
  }
  return (performance.now() - started) / 1000;
}
