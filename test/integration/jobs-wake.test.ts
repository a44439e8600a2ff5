// A job sent inside an app transaction starts as soon as the transaction commits, not at the
// worker's next poll: the workers here poll once an hour, so a job that runs at all was woken.
// In the same process the queue wakes its loops from an after-commit hook; on PostgreSQL a worker
// process of its own hears the sender's NOTIFY, which the database delivers at commit.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../src/db/tenant.ts';
import { drizzleExecutor } from '../../src/jobs/boss-factory.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { createTestDatabase, engines, type TestDatabase } from '../support/database.ts';
import { quietLogger } from '../support/jobs-engines.ts';

const AN_HOUR = 3_600_000;

function queueOn(testDb: TestDatabase, workers: boolean): JobQueue {
  const database = testDb.database;
  return new JobQueue({
    target: database.kind === 'pglite' ? { kind: 'pglite', pglite: database.pglite } : { kind: 'postgres', connectionString: database.connectionString },
    workers, appRole: 'mentor_app', pollingIntervalMs: AN_HOUR, logger: quietLogger(), stopTimeoutMs: 2000,
  });
}

/** A handler that resolves `ran` with the call id of the first job it gets. */
function firstJob(events: string[]) {
  let resolve!: (callId: string) => void;
  const ran = new Promise<string>((done) => { resolve = done; });
  return { ran, handler: async (payload: { callId: string }) => { events.push(`ran ${payload.callId}`); resolve(payload.callId); } };
}

type Queue = 'call.analyse' | 'call.transcribe' | 'call.ingest';

/** A worker queue for `queue` whose loop sleeps (its start-up fetch found nothing) while `work` runs. */
async function withSleepingWorker(testDb: TestDatabase, queue: Queue, work: (jobs: JobQueue, ran: Promise<string>, events: string[]) => Promise<void>): Promise<void> {
  const jobs = queueOn(testDb, true);
  const events: string[] = [];
  const job = firstJob(events);
  jobs.work(queue, job.handler);
  await jobs.start();
  try {
    await jobs.idle(queue); // the loop now waits an hour
    await work(jobs, job.ran, events);
  } finally {
    await jobs.stop({ timeoutMs: 2000 });
  }
}

for (const { kind, skip } of await engines()) {
  void describe(`job wake-up after commit (${kind})`, { skip }, () => {
    let testDb: TestDatabase;
    before(async () => {
      testDb = await createTestDatabase(kind);
    });
    after(async () => {
      await testDb?.drop();
    });

    void test('a job sent in a tenant transaction runs right after the commit, without a poll', { timeout: 30_000 }, () => withSleepingWorker(testDb, 'call.analyse', async (jobs, ran, events) => {
      const companyId = randomUUID();
      const callId = randomUUID();
      await withTenant(testDb.database.db, companyId, async (tx) => {
        await jobs.send('call.analyse', { companyId, callId }, { tx: drizzleExecutor(tx) });
        events.push('sent');
      });
      events.push('committed');
      assert.equal(await ran, callId);
      assert.deepEqual(events, ['sent', 'committed', `ran ${callId}`]);
    }));

    void test('a batch sent with sendMany wakes the workers once it commits', { timeout: 30_000 }, () => withSleepingWorker(testDb, 'call.transcribe', async (jobs, ran) => {
      const companyId = randomUUID();
      const callIds: string[] = [randomUUID(), randomUUID()];
      await withTenant(testDb.database.db, companyId, (tx) => jobs.sendMany('call.transcribe', callIds.map((callId) => ({ payload: { companyId, callId } })), { tx: drizzleExecutor(tx) }));
      assert.ok(callIds.includes(await ran));
    }));

    void test('a worker in another process hears jobs sent by an API process', { skip: kind === 'pglite' ? 'one process owns an embedded database' : false, timeout: 30_000 }, () => withSleepingWorker(testDb, 'call.ingest', async (_worker, ran) => {
      // a queue of its own, with its own connections: only NOTIFY can reach the worker
      const api = queueOn(testDb, false);
      await api.start();
      try {
        const companyId = randomUUID();
        const callId = randomUUID();
        await withTenant(testDb.database.db, companyId, (tx) => api.send('call.ingest', { companyId, callId }, { tx: drizzleExecutor(tx) }));
        assert.equal(await ran, callId, 'NOTIFY, delivered at commit, woke the other queue');
      } finally {
        await api.stop({ timeoutMs: 2000 });
      }
    }));
  });
}
