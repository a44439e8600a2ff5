// A worker process for the crash test (test/integration/jobs-crash.test.ts). Environment:
// JOBS_SCHEMA (pg-boss schema), JOBS_FX_SCHEMA (side-effect tables), JOBS_MODE = hang | complete.
// "hang" records its attempt, prints STARTED and never finishes, waiting to be SIGKILLed;
// "complete" records its attempt and the (idempotent) side effect, then prints DONE.
import pg from 'pg';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { CRASH_TEST_POLICIES, CRASH_TEST_TUNING } from './jobs-crash-policy.ts';
import { TEST_DATABASE_URL, quietLogger } from './jobs-engines.ts';

const schema = process.env.JOBS_SCHEMA!;
const fx = process.env.JOBS_FX_SCHEMA!;
const mode = process.env.JOBS_MODE;
const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 });
const jobs = new JobQueue({ target: { kind: 'postgres', connectionString: TEST_DATABASE_URL, schema }, pollingIntervalMs: 100, policies: CRASH_TEST_POLICIES, tuning: CRASH_TEST_TUNING, logger: quietLogger() });

jobs.work('call.transcribe', async ({ callId }, job) => {
  await pool.query(`INSERT INTO ${fx}.attempts (job_id, attempt, pid) VALUES ($1, $2, $3)`, [job.id, job.attempt, process.pid]);
  if (mode === 'hang') {
    process.stdout.write(`STARTED ${job.id}\n`);
    await new Promise(() => undefined);
  }
  // the side effect is keyed by the call: a repeated run cannot add a second one
  await pool.query(`INSERT INTO ${fx}.transcripts (call_id) VALUES ($1) ON CONFLICT (call_id) DO NOTHING`, [callId]);
  process.stdout.write(`DONE ${job.id}\n`);
});

process.on('SIGTERM', () => {
  void jobs.stop().then(() => pool.end()).then(() => process.exit(0));
});
await jobs.start();
process.stdout.write('READY\n');
