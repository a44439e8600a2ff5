// Jobs next to the app's own transactions: atomic sends on both engines, and on PGlite — one
// connection behind a mutex — workers and app transactions taking turns without a deadlock.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzleExecutor, pgliteTransactionExecutor } from '../../src/jobs/boss-factory.ts';
import { type JobEngine, openPgliteEngine, openPostgresEngine, randomSchema, startJobQueue, waitFor } from '../support/jobs-engines.ts';

function drizzleFor(engine: JobEngine) {
  return engine.pglite ? drizzlePglite(engine.pglite) : drizzleNodePg(engine.pool!);
}

for (const open of [openPgliteEngine, openPostgresEngine]) {
  void describe(`jobs in app transactions on ${open === openPgliteEngine ? 'PGlite' : 'PostgreSQL'}`, () => {
    let engine: JobEngine;
    before(async () => {
      engine = await open();
    });
    after(async () => {
      await engine.close();
    });

    void test('a job sent in the app transaction commits and rolls back with it', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      const app = randomSchema().replace('pgboss', 'app');
      try {
        await engine.query(`CREATE SCHEMA ${app}`);
        await engine.query(`CREATE TABLE ${app}.calls (id uuid PRIMARY KEY, company_id uuid NOT NULL)`);
        const db = drizzleFor(engine);
        const companyId = randomUUID();
        const kept = randomUUID();
        const dropped = randomUUID();

        const keptJob = await db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO ${sql.raw(app)}.calls (id, company_id) VALUES (${kept}, ${companyId})`);
          return jobs.send('call.ingest', { companyId, callId: kept }, { tx: drizzleExecutor(tx), singletonKey: `call.ingest:${kept}` });
        });
        assert.ok(keptJob);
        await assert.rejects(db.transaction(async (tx) => {
          await tx.execute(sql`INSERT INTO ${sql.raw(app)}.calls (id, company_id) VALUES (${dropped}, ${companyId})`);
          await jobs.send('call.ingest', { companyId, callId: dropped }, { tx: drizzleExecutor(tx) });
          throw new Error('the upload was rejected');
        }), /the upload was rejected/);

        const queued = await engine.query<{ call_id: string }>(`SELECT data->>'callId' AS call_id FROM ${jobs.schema}.job WHERE name = 'call.ingest'`);
        assert.deepEqual(queued, [{ call_id: kept }]);

        const seen: string[] = [];
        jobs.work('call.ingest', async (payload) => {
          seen.push(payload.callId);
        });
        await waitFor('the committed job to run', async () => (await jobs.findJob(keptJob))?.state === 'completed');
        assert.deepEqual(seen, [kept]);
      } finally {
        await dispose();
        await engine.query(`DROP SCHEMA IF EXISTS ${app} CASCADE`);
      }
    });
  });
}

void describe('jobs and app transactions on one PGlite instance', () => {
  let engine: JobEngine;
  before(async () => {
    engine = await openPgliteEngine();
  });
  after(async () => {
    await engine.close();
  });

  void test('workers, handlers with their own transactions and app transactions interleave without deadlock', async () => {
    const pglite = engine.pglite!;
    const { jobs, dispose } = await startJobQueue(engine, { pollingIntervalMs: 20 });
    const app = randomSchema().replace('pgboss', 'app');
    try {
      await pglite.exec(`CREATE SCHEMA ${app}; CREATE TABLE ${app}.calls (id uuid PRIMARY KEY, company_id uuid NOT NULL, status text NOT NULL)`);
      // handlers run their own transactions and send the next step inside them (outbox style)
      jobs.work('call.analyse', async ({ companyId, callId }) => {
        await pglite.transaction(async (tx) => {
          await tx.query(`UPDATE ${app}.calls SET status = 'analysed' WHERE id = $1`, [callId]);
          await delay(2); // hold the transaction across an await, like real services do
          await jobs.send('call.recommend', { companyId, callId }, { tx: pgliteTransactionExecutor(tx), singletonKey: `call.recommend:${callId}` });
        });
      }, { concurrency: 2 });
      jobs.work('call.recommend', async ({ callId }) => {
        await pglite.transaction(async (tx) => {
          await tx.query(`UPDATE ${app}.calls SET status = 'recommended' WHERE id = $1 AND status = 'analysed'`, [callId]);
        });
      }, { concurrency: 2 });

      const companyId = randomUUID();
      const callIds = Array.from({ length: 25 }, () => randomUUID());
      // the app keeps the one connection busy with transactions while the workers poll
      await Promise.all(callIds.map(async (callId, i) => {
        await delay(i * 3);
        await pglite.transaction(async (tx) => {
          await tx.query(`INSERT INTO ${app}.calls (id, company_id, status) VALUES ($1, $2, 'new')`, [callId, companyId]);
          await delay(3);
          await jobs.send('call.analyse', { companyId, callId }, { tx: pgliteTransactionExecutor(tx) });
        });
      }));
      // and reads outside transactions at the same time
      const reads = Promise.all(Array.from({ length: 20 }, async () => (await pglite.query(`SELECT count(*) AS n FROM ${app}.calls`)).rows.length));

      await waitFor('every call to reach its recommendation', async () => {
        const rows = (await pglite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${app}.calls WHERE status = 'recommended'`)).rows;
        return rows[0]!.n === callIds.length;
      }, 30_000);
      assert.equal((await reads).length, 20);
      const stats = await jobs.stats();
      assert.equal(stats['call.analyse'].completed, callIds.length);
      assert.equal(stats['call.recommend'].completed, callIds.length);
      assert.equal(stats['call.analyse'].failed + stats['call.recommend'].failed, 0);
    } finally {
      await dispose();
      await pglite.exec(`DROP SCHEMA IF EXISTS ${app} CASCADE`);
    }
  });

  void test('with appRole granted, a job is sent inside a transaction running as the app role', async () => {
    const pglite = engine.pglite!;
    const role = `mentor_app_${randomUUID().slice(0, 8)}`;
    await pglite.exec(`CREATE ROLE ${role} NOLOGIN`);
    const { jobs, dispose } = await startJobQueue(engine, { appRole: role, workers: false });
    try {
      const db = drizzlePglite(pglite);
      const companyId = randomUUID();
      const id = await db.transaction(async (tx) => {
        // what withTenant does: switch to the non-superuser role for the rest of the transaction
        await tx.execute(sql`select set_config('role', ${role}, true)`);
        const [who] = (await tx.execute<{ current_user: string }>(sql`select current_user`)).rows;
        assert.equal(who?.current_user, role);
        return jobs.send('notification.send', { companyId, notificationId: randomUUID() }, { tx: drizzleExecutor(tx), singletonKey: 'n1' });
      });
      assert.ok(id);
      assert.equal((await jobs.findJob(id))?.state, 'created');
    } finally {
      await dispose();
      await pglite.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`);
    }
  });
});
