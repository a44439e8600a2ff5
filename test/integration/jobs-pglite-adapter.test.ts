// The PGlite `db` adapter pg-boss runs on, and crash recovery on the embedded engine.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createBoss, pgliteExecutor } from '../../src/jobs/boss-factory.ts';
import { type JobEngine, openPgliteEngine, randomSchema, startJobQueue, waitFor } from '../support/jobs-engines.ts';

void describe('pg-boss db adapter on PGlite', () => {
  let engine: JobEngine;
  before(async () => {
    engine = await openPgliteEngine();
  });
  after(async () => {
    await engine.close();
  });

  void test('answers like pg: one result for one statement, every result for several', async () => {
    const db = pgliteExecutor(engine.pglite!);
    const single = await db.executeSql('SELECT 1 AS one');
    assert.deepEqual(single.rows, [{ one: 1 }]);
    const many = (await db.executeSql('SELECT 1 AS a; SELECT 2 AS b; SELECT 3 AS c')) as unknown as Array<{ rows: unknown[] }>;
    assert.ok(Array.isArray(many));
    assert.deepEqual(many.map((result) => result.rows), [[{ a: 1 }], [{ b: 2 }], [{ c: 3 }]]);
    const withValues = await db.executeSql('SELECT $1::int + $2::int AS sum, $3::jsonb AS doc', [2, 3, { companyId: 'x' }]);
    assert.deepEqual(withValues.rows, [{ sum: 5, doc: { companyId: 'x' } }]);
  });

  void test('a failing BEGIN…COMMIT text (how pg-boss installs and maintains) leaves the connection usable', async () => {
    const db = pgliteExecutor(engine.pglite!);
    const schema = randomSchema();
    await assert.rejects(db.executeSql(`BEGIN; CREATE SCHEMA ${schema}; SELECT 1/0; COMMIT;`), /division by zero/);
    // without the adapter's transaction wrapper this fails with "current transaction is aborted"
    const after = await engine.pglite!.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
    assert.deepEqual(after.rows, [{ n: 0 }], 'the half-done text was rolled back');
    await db.executeSql(`BEGIN; CREATE SCHEMA ${schema}; COMMIT;`);
    const created = await engine.pglite!.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [schema]);
    assert.deepEqual(created.rows, [{ n: 1 }]);
    await engine.dropSchema(schema);
  });

  void test("pg-boss maintenance fails a dead worker's expired job so it is retried", async () => {
    const schema = randomSchema();
    const bundle = createBoss(engine.target(schema), { supervise: false });
    await bundle.boss.start();
    try {
      await bundle.boss.createQueue('call.analyse', { name: 'call.analyse', retryLimit: 1, expireInSeconds: 1 });
      const id = await bundle.boss.send('call.analyse', { companyId: randomUUID(), callId: randomUUID() });
      const [taken] = await bundle.boss.fetch('call.analyse');
      assert.equal(taken?.id, id);
      // expire() is maintenance's locked BEGIN…COMMIT text: it goes through the adapter's transaction path
      const state = await waitFor('expiry', async () => {
        await bundle.boss.expire();
        const job = await bundle.boss.getJobById('call.analyse', id!);
        return job?.state === 'retry' && job.state;
      }, 10_000);
      assert.equal(state, 'retry');
      const [row] = await engine.query<{ message: string }>(`SELECT output->'value'->>'message' AS message FROM ${schema}.job WHERE id = $1`, [id]);
      assert.match(row!.message, /timeout/);
    } finally {
      await bundle.boss.stop({ graceful: false });
      await engine.dropSchema(schema);
    }
  });

  void test('a job left active by a crashed app is retried as soon as the app starts again', async () => {
    const schema = randomSchema();
    // the "crashed" app: it took the job and died without finishing or failing it
    const { jobs: firstRun, dispose: disposeFirstRun } = await startJobQueue(engine, { workers: false }, schema);
    const id = await firstRun.send('call.analyse', { companyId: randomUUID(), callId: randomUUID() });
    assert.ok(id);
    const crashed = createBoss(engine.target(schema), { supervise: false });
    await crashed.boss.start();
    const [taken] = await crashed.boss.fetch('call.analyse');
    assert.equal(taken?.id, id);
    assert.equal((await firstRun.findJob(id))?.state, 'active');
    await crashed.boss.stop({ graceful: false });
    await firstRun.stop();

    // default expiry is 30 s in these tests: only the start-up recovery can make this quick
    const { jobs: restarted, dispose } = await startJobQueue(engine, {}, schema);
    try {
      const attempts: number[] = [];
      restarted.work('call.analyse', async (_payload, job) => {
        attempts.push(job.attempt);
      });
      await waitFor('the orphaned job to complete', async () => (await restarted.findJob(id))?.state === 'completed', 10_000);
      assert.deepEqual(attempts, [2]);
    } finally {
      await dispose();
      await disposeFirstRun();
    }
  });
});
