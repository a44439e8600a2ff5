// A worker killed mid-job (SIGKILL: no cleanup at all) must not lose the job: pg-boss expires the
// active job after the queue's expireInSeconds and another worker completes it, once.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { CRASH_TEST_POLICIES, CRASH_TEST_TUNING } from '../support/jobs-crash-policy.ts';
import { type JobEngine, openPostgresEngine, quietLogger, randomSchema, TEST_DATABASE_URL, waitFor } from '../support/jobs-engines.ts';

const workerScript = fileURLToPath(new URL('../support/jobs-crash-worker.ts', import.meta.url));

function startWorker(env: Record<string, string>): { child: ChildProcess; lines: string[] } {
  const child = spawn(process.execPath, [workerScript], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines };
}

let engine: JobEngine;
before(async () => {
  engine = await openPostgresEngine();
});
after(async () => {
  await engine.close();
});

void test('a job whose worker was SIGKILLed mid-run is completed exactly once by the next worker', { timeout: 60_000 }, async () => {
  const schema = randomSchema();
  const fx = schema.replace('pgboss', 'fx');
  const sender = new JobQueue({ target: { kind: 'postgres', connectionString: TEST_DATABASE_URL, schema }, workers: false, policies: CRASH_TEST_POLICIES, tuning: CRASH_TEST_TUNING, logger: quietLogger() });
  const children: ChildProcess[] = [];
  try {
    await sender.start();
    await engine.query(`CREATE SCHEMA ${fx}`);
    await engine.query(`CREATE TABLE ${fx}.attempts (job_id uuid NOT NULL, attempt int NOT NULL, pid int NOT NULL)`);
    await engine.query(`CREATE TABLE ${fx}.transcripts (call_id uuid PRIMARY KEY)`);
    const callId = randomUUID();
    const jobId = await sender.send('call.transcribe', { companyId: randomUUID(), callId }, { singletonKey: `call.transcribe:${callId}` });
    assert.ok(jobId);

    const first = startWorker({ JOBS_SCHEMA: schema, JOBS_FX_SCHEMA: fx, JOBS_MODE: 'hang' });
    children.push(first.child);
    await waitFor('the first worker to start the job', () => first.lines.includes(`STARTED ${jobId}`), 30_000);
    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    assert.equal((await sender.findJob(jobId))?.state, 'active', 'the killed worker left the job active');

    const second = startWorker({ JOBS_SCHEMA: schema, JOBS_FX_SCHEMA: fx, JOBS_MODE: 'complete' });
    children.push(second.child);
    await waitFor('the second worker to complete the job', async () => (await sender.findJob(jobId))?.state === 'completed', 40_000);
    assert.ok(second.lines.includes(`DONE ${jobId}`));
    second.child.kill('SIGTERM');
    await once(second.child, 'exit');

    const attempts = await engine.query<{ attempt: number; pid: number }>(`SELECT attempt, pid FROM ${fx}.attempts ORDER BY attempt`);
    assert.deepEqual(attempts.map((row) => row.attempt), [1, 2]);
    assert.deepEqual(attempts.map((row) => row.pid), [first.child.pid, second.child.pid]);
    assert.deepEqual(await engine.query(`SELECT call_id FROM ${fx}.transcripts`), [{ call_id: callId }]);
    assert.equal((await sender.findJob(jobId))?.attempts, 2);
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sender.stop();
    await engine.dropSchema(schema);
    await engine.dropSchema(fx);
  }
});
