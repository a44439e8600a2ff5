// The server side of bench/ingest.bench.ts, in its own process so the load generator does not
// share its CPU: the real HTTP app and job queue in the API role (jobs are stored, no handler
// runs), on a fresh database — PGlite in a data folder, or a PostgreSQL database of its own.
// Prints one JSON line {url, integrationId, secret} when ready; a "count <prefix>" line on stdin
// answers with the calls and first jobs stored for external ids starting with <prefix>,
// "backends" with the pids of the PostgreSQL processes serving the database; the end of stdin
// closes it. MENTOR_BENCH_ROOT runs another checkout's harness (the baseline commit).
// Environment: BENCH_ENGINE=pglite|postgres, and any MENTOR_* setting (MENTOR_INGEST_BATCH).
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { sql } from 'drizzle-orm';
import type * as Harness from '../test/support/ingest-harness.ts';

const root = process.env.MENTOR_BENCH_ROOT ?? join(import.meta.dirname, '..');
const { startIngestServer } = await import(pathToFileURL(join(root, 'test/support/ingest-harness.ts')).href) as typeof Harness;
const engine = process.env.BENCH_ENGINE === 'postgres' ? 'postgres' : 'pglite';
const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('MENTOR_INGEST') && entry[1] !== undefined));
const server = await startIngestServer({ engine, workers: false, persistent: process.env.BENCH_PGLITE_MEMORY !== '1', env });
const client = await server.integrator();
const created = await client.request('POST', '/api/v1/integrations', { kind: 'generic', name: 'bench' });
if (created.status !== 201) throw new Error(`could not create the integration: ${created.status} ${JSON.stringify(created.body)}`);
process.stdout.write(`${JSON.stringify({ url: server.url, integrationId: created.body.integration.id, secret: created.body.secret })}\n`);

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === 'backends') {
    // PostgreSQL server processes serving this database (their CPU time is the database's share)
    void server.database.db.execute(sql`select coalesce(json_agg(pid), '[]'::json) as pids from pg_stat_activity where datname = current_database()`).then((result) => {
      const row = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as { pids: number[] };
      process.stdout.write(`${JSON.stringify(server.database.kind === 'postgres' ? row.pids : [])}\n`);
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
      (select count(*)::int from pgboss.job j join calls c on c.id = (j.data->>'callId')::uuid where c.external_id like ${`${prefix}%`}) as jobs`);
    const row = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows)[0] as object;
    const intake = (server as { intake?: { stats(): object } | null }).intake;
    process.stdout.write(`${JSON.stringify({ ...row, intake: intake ? intake.stats() : null })}\n`);
  })();
});
lines.on('close', () => {
  void server.close().then(() => process.exit(0));
});
