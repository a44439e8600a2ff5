// JobQueue on both engines: the same behaviour on embedded PGlite and on PostgreSQL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../src/domain/errors.ts';
import { type JobContext, JobQueue } from '../../src/jobs/job-queue.ts';
import { type JobEngine, openPgliteEngine, openPostgresEngine, randomSchema, startJobQueue, waitFor } from '../support/jobs-engines.ts';

for (const open of [openPgliteEngine, openPostgresEngine]) {
  void describe(`JobQueue on ${open === openPgliteEngine ? 'PGlite' : 'PostgreSQL'}`, () => {
    let engine: JobEngine;
    before(async () => {
      engine = await open();
    });
    after(async () => {
      await engine.close();
    });

    void test('a sent job reaches its handler with the parsed payload and completes', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        const seen: Array<{ payload: unknown; context: JobContext }> = [];
        jobs.work('call.analyse', async (payload, context) => {
          seen.push({ payload, context });
          return { score: 7 };
        });
        const companyId = randomUUID();
        const callId = randomUUID();
        const id = await jobs.send('call.analyse', { companyId, callId });
        assert.ok(id);
        const done = await waitFor('completion', async () => (await jobs.findJob(id))?.state === 'completed' && jobs.findJob(id));
        assert.deepEqual(seen.map((s) => s.payload), [{ companyId, callId }]);
        assert.equal(seen[0]!.context.attempt, 1);
        assert.equal(seen[0]!.context.queue, 'call.analyse');
        assert.deepEqual(done?.output, { score: 7 });
        assert.equal((await jobs.stats())['call.analyse'].completed, 1);
      } finally {
        await dispose();
      }
    });

    void test('an invalid payload or queue is refused with an AppError before anything is queued', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        await assert.rejects(jobs.send('call.transcribe', { companyId: 'acme', callId: randomUUID() }), (error: AppError) => {
          assert.ok(error instanceof AppError);
          assert.equal(error.code, 'job.invalid_payload');
          assert.match(error.message, /companyId/);
          return true;
        });
        // @ts-expect-error callId is required
        await assert.rejects(jobs.send('call.transcribe', { companyId: randomUUID() }), { code: 'job.invalid_payload' });
        // @ts-expect-error not a queue
        await assert.rejects(jobs.send('call.nope', { companyId: randomUUID() }), { code: 'job.unknown_queue' });
        const stats = await jobs.stats();
        assert.equal(stats['call.transcribe'].created, 0);
      } finally {
        await dispose();
      }
    });

    void test('a failing job is retried with backoff, then stays failed and visible, and can be retried', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        let healthy = false;
        const attempts: number[] = [];
        jobs.work('call.transcribe', async (_payload, context) => {
          attempts.push(context.attempt);
          if (!healthy) throw new Error('speech server unreachable');
        });
        const companyId = randomUUID();
        const id = await jobs.send('call.transcribe', { companyId, callId: randomUUID() });
        assert.ok(id);
        await waitFor('the job to fail for good', async () => (await jobs.findJob(id))?.state === 'failed');
        assert.deepEqual(attempts, [1, 2, 3], 'first run + retryLimit (2) retries');

        const [row] = await engine.query<{ retry_backoff: boolean; retry_delay: number }>(`SELECT retry_backoff, retry_delay FROM ${jobs.schema}.job WHERE id = $1`, [id]);
        assert.deepEqual(row, { retry_backoff: true, retry_delay: 1 });

        const failed = await jobs.failedJobs(companyId);
        assert.equal(failed.length, 1);
        assert.equal(failed[0]!.id, id);
        assert.equal(failed[0]!.queue, 'call.transcribe');
        assert.equal(failed[0]!.attempts, 3);
        assert.match(failed[0]!.error.message, /speech server unreachable/);
        assert.deepEqual(await jobs.failedJobs(randomUUID()), [], 'another company does not see it');
        assert.equal((await jobs.stats())['call.transcribe'].failed, 1);

        healthy = true;
        assert.equal(await jobs.retry(id), true);
        await waitFor('the retried job to complete', async () => (await jobs.findJob(id))?.state === 'completed');
        assert.deepEqual(attempts, [1, 2, 3, 4]);
        assert.equal(await jobs.retry(id), false, 'a completed job is not retried');
        assert.equal(await jobs.retry(randomUUID()), false);
        assert.deepEqual(await jobs.failedJobs(companyId), []);
      } finally {
        await dispose();
      }
    });

    void test('an AppError that says a retry cannot help fails the job at once', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        let runs = 0;
        jobs.work('call.recommend', async () => {
          runs++;
          throw new AppError('call.not_found', 'The call was deleted');
        });
        const id = await jobs.send('call.recommend', { companyId: randomUUID(), callId: randomUUID() });
        assert.ok(id);
        await waitFor('failure', async () => (await jobs.findJob(id))?.state === 'failed');
        assert.equal(runs, 1);
        const [failed] = await jobs.failedJobs();
        assert.equal(failed?.error.code, 'call.not_found');
      } finally {
        await dispose();
      }
    });

    void test('the same singletonKey twice makes one job, even after it completed', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        const companyId = randomUUID();
        const callId = randomUUID();
        const first = await jobs.send('call.transcribe', { companyId, callId }, { singletonKey: `call.transcribe:${callId}` });
        const second = await jobs.send('call.transcribe', { companyId, callId }, { singletonKey: `call.transcribe:${callId}` });
        assert.ok(first);
        assert.equal(second, null);
        const other = await jobs.send('call.transcribe', { companyId, callId: randomUUID() }, { singletonKey: `call.transcribe:${randomUUID()}` });
        assert.ok(other && other !== first);
        assert.equal((await jobs.stats())['call.transcribe'].created, 2);

        let runs = 0;
        jobs.work('call.transcribe', async () => {
          runs++;
        });
        await waitFor('both jobs done', async () => (await jobs.stats())['call.transcribe'].completed === 2);
        assert.equal(await jobs.send('call.transcribe', { companyId, callId }, { singletonKey: `call.transcribe:${callId}` }), null);
        assert.equal(runs, 2);
      } finally {
        await dispose();
      }
    });

    void test('per-company schedules fire once per slot in each company time zone', async () => {
      const { jobs, schema, dispose } = await startJobQueue(engine);
      try {
        const moscow = randomUUID();
        const novosibirsk = randomUUID();
        const a = await jobs.schedule('report.weekly', '0 9 * * 1', { companyId: moscow }, { tz: 'Europe/Moscow' });
        const b = await jobs.schedule('report.weekly', '0 9 * * 1', { companyId: novosibirsk }, { tz: 'Asia/Novosibirsk' });
        // Monday 09:00 local = 06:00 UTC in Moscow (UTC+3), 02:00 UTC in Novosibirsk (UTC+7)
        assert.equal(a.nextRunAt.getUTCDay(), 1);
        assert.equal(a.nextRunAt.getUTCHours(), 6);
        assert.equal(b.nextRunAt.getUTCHours(), 2);
        assert.ok(a.nextRunAt.getTime() > Date.now() && a.nextRunAt.getTime() <= Date.now() + 7 * 86_400_000);
        assert.deepEqual((await jobs.schedules(moscow)).map((s) => [s.queue, s.tz]), [['report.weekly', 'Europe/Moscow']]);

        // the every-minute pg-boss cron that drives them is registered
        const cron = await engine.query<{ name: string; cron: string }>(`SELECT name, cron FROM ${schema}.schedule`);
        assert.deepEqual(cron, [{ name: 'mentor.schedule-tick', cron: '* * * * *' }]);

        assert.equal(await jobs.runDueSchedules(new Date(b.nextRunAt.getTime() - 1000)), 0);
        assert.equal(await jobs.runDueSchedules(new Date(b.nextRunAt.getTime() + 1000)), 1, 'Novosibirsk first');
        assert.equal(await jobs.runDueSchedules(new Date(b.nextRunAt.getTime() + 2000)), 0, 'a second tick in the same slot sends nothing');
        assert.equal(await jobs.runDueSchedules(new Date(a.nextRunAt.getTime() + 1000)), 1, 'then Moscow');
        const queued = await engine.query<{ data: { companyId: string } }>(`SELECT data FROM ${schema}.job WHERE name = 'report.weekly' ORDER BY created_on`);
        assert.deepEqual(queued.map((row) => row.data.companyId), [novosibirsk, moscow]);
        const [next] = await jobs.schedules(novosibirsk);
        assert.equal(next!.nextRunAt.getTime() - b.nextRunAt.getTime(), 7 * 86_400_000, 'next Monday');

        await assert.rejects(jobs.schedule('report.weekly', '0 9 * * 1', { companyId: moscow }, { tz: 'Mars/Olympus' }), { code: 'job.invalid_schedule' });
        await assert.rejects(jobs.schedule('report.weekly', 'every monday', { companyId: moscow }, { tz: 'Europe/Moscow' }), { code: 'job.invalid_schedule' });
        assert.equal(await jobs.unschedule('report.weekly', moscow), true);
        assert.equal((await jobs.schedules(moscow)).length, 0);
      } finally {
        await dispose();
      }
    });

    void test('the pg-boss minute tick turns a due per-company schedule into a job', async () => {
      const schema = randomSchema();
      // register the schedule and make it due before any worker runs, so the tick a worker
      // sends right at start-up finds it (later ticks come once a minute)
      const setup = await startJobQueue(engine, { workers: false }, schema);
      const companyId = randomUUID();
      await setup.jobs.schedule('sabotage.scan', '0 8 * * *', { companyId }, { tz: 'Europe/Moscow' });
      await engine.query(`UPDATE ${schema}.company_schedule SET next_run_at = now() - interval '1 second'`);
      await setup.jobs.stop();
      const { jobs, dispose } = await startJobQueue(engine, {}, schema);
      try {
        const scanned: string[] = [];
        jobs.work('sabotage.scan', async (payload) => {
          scanned.push(payload.companyId);
        });
        await waitFor('the scheduled scan to run', () => scanned.length > 0 && scanned);
        assert.deepEqual(scanned, [companyId]);
        const [next] = await jobs.schedules(companyId);
        assert.ok(next!.nextRunAt.getTime() > Date.now(), 'moved to the next day');
      } finally {
        await dispose();
      }
    });

    void test('stop waits for a running handler to finish', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        let release!: () => void;
        const gate = new Promise<void>((resolve) => { release = resolve; });
        let started = false;
        jobs.work('notification.send', async () => {
          started = true;
          await gate;
        });
        const id = await jobs.send('notification.send', { companyId: randomUUID(), notificationId: randomUUID() });
        assert.ok(id);
        await waitFor('handler start', () => started);
        let stopped = false;
        const stopping = jobs.stop().then(() => { stopped = true; });
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(stopped, false, 'stop must not return while a handler runs');
        release();
        await stopping;
        const [row] = await engine.query<{ state: string }>(`SELECT state FROM ${jobs.schema}.job WHERE id = $1`, [id]);
        assert.equal(row?.state, 'completed');
      } finally {
        await dispose();
      }
    });

    void test('stop gives up after its timeout and hands the job back for a retry', async () => {
      const { jobs, dispose } = await startJobQueue(engine);
      try {
        let signal: AbortSignal | undefined;
        jobs.work('notification.send', async (_payload, context) => {
          signal = context.signal;
          await new Promise(() => undefined); // never ends
        });
        const id = await jobs.send('notification.send', { companyId: randomUUID(), notificationId: randomUUID() });
        assert.ok(id);
        await waitFor('handler start', () => signal !== undefined);
        await jobs.stop({ timeoutMs: 200 });
        assert.equal(signal?.aborted, true);
        const [row] = await engine.query<{ state: string }>(`SELECT state FROM ${jobs.schema}.job WHERE id = $1`, [id]);
        assert.equal(row?.state, 'retry');
      } finally {
        await dispose();
      }
    });

    void test('the API role sends but never works', async () => {
      const { jobs, dispose } = await startJobQueue(engine, { workers: false });
      try {
        let runs = 0;
        jobs.work('call.ingest', async () => {
          runs++;
        });
        const id = await jobs.send('call.ingest', { companyId: randomUUID(), callId: randomUUID() });
        assert.ok(id);
        await new Promise((resolve) => setTimeout(resolve, 400));
        assert.equal(runs, 0);
        assert.equal((await jobs.findJob(id))?.state, 'created');
      } finally {
        await dispose();
      }
    });
  });
}

void test('a database that cannot be reached fails start() with an AppError, and sending says why', async () => {
  const jobs = new JobQueue({ target: { kind: 'postgres', connectionString: 'postgres://postgres@127.0.0.1:1/test' }, logger: { error: () => undefined, warn: () => undefined } });
  await assert.rejects(jobs.start(), { code: 'job.start_failed', retryable: true });
  await assert.rejects(jobs.send('sabotage.scan', { companyId: randomUUID() }), { code: 'job.not_started' });
});
