// The server side of bench/ingest.bench.ts, in its own process so the load generator does not
// share its CPU: the real HTTP app and job queue in the API role (jobs are stored, no handler
// runs), on a fresh database — PGlite in a data folder, or a PostgreSQL database of its own.
// Prints one JSON line {url, integrationId, secret} on fd 3 when ready (stdout is the app's log);
// a "count <prefix>" line on stdin
// answers with the calls stored for external ids starting with <prefix> and how many of them a
// first job names (a batch's call.intake, or a call.ingest each before it),
// "backends" with the pids of the PostgreSQL processes serving the database; the end of stdin
// closes it. MENTOR_BENCH_ROOT runs another checkout's harness (the baseline commit).
// Environment: BENCH_ENGINE=pglite|postgres, MENTOR_INGEST_* (MENTOR_INGEST_BATCH) and
// MENTOR_LOG_LEVEL (silent by default, as in the tests; `info` is what `mentor start` logs).
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import type * as Harness from '../test/support/ingest-harness.ts';

const answers = createWriteStream('', { fd: 3 });
const root = process.env.MENTOR_BENCH_ROOT ?? join(import.meta.dirname, '..');
const { startIngestServer } = await import(pathToFileURL(join(root, 'test/support/ingest-harness.ts')).href) as typeof Harness;
const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => (entry[0].startsWith('MENTOR_INGEST') || entry[0] === 'MENTOR_LOG_LEVEL') && entry[1] !== undefined));
const server = await startIngestServer({ engine, workers: false, persistent: process.env.BENCH_PGLITE_MEMORY !== '1', env });
const client = await server.integrator();
const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'bench' });
if (created.status !== 201) throw new Error(`could not create the integration: ${created.status} ${JSON.stringify(created.body)}`);
answers.write(`${JSON.stringify({ url: server.url, integrationId: created.body.integration.id, secret: created.body.secret })}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'backends') {
    // PostgreSQL server processes serving this database (their CPU time is the database's share)
    void server.database.db.execute(sql`select coalesce(json_agg(pid), '[]'::json) as pids from pg_stat_activity where datname = current_database()`).then((result) => {
      const row = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as { pids: number[] };
      answers.write(`${JSON.stringify(server.database.kind === 'postgres' ? row.pids : [])}\n`);
    });
    return;
  }
  const prefix = /^count (\S+)$/.exec(line.trim())?.[1];
  if (!prefix) return;
  void (async () => {
    // one statement, one snapshot: calls and their jobs counted at the same moment
    const result = await server.database.db.execute(sql`select
      (select count(*)::int from calls where external_id like ${`${prefix}%`}) as calls,
      (select count(distinct external_id)::int from calls where external_id like ${`${prefix}%`}) as distinct_ids,
      (select count(*)::int from calls c where c.external_id like ${`${prefix}%`} and c.id in (
        select jsonb_array_elements_text(j.data->'callIds')::uuid from pgboss.job j where j.name = 'call.intake'
        union all select (j.data->>'callId')::uuid from pgboss.job j where j.name = 'call.ingest')) as jobs`);
    const row = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as object;
    const intake = (server as { intake?: { stats(): object } | null }).intake;
    answers.write(`${JSON.stringify({ ...row, intake: intake ? intake.stats() : null })}\n`);
  })();
});
lines.on('close', () => {
  void server.close().then(() => process.exit(0));
});
