// A worker process for the ingestion crash test: the real ingestion handlers on the test
// PostgreSQL database with a short job expiry, so a job left active by a SIGKILLed worker is
// retried within seconds. Environment: DATABASE_URL, MENTOR_DATA_DIR, MENTOR_STT*, JOBS_SCHEMA.
import { loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/db/database.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import { registerIngestionHandlers } from '../../src/calls/pipeline-handlers.ts';
import { INGEST_CRASH_POLICIES, INGEST_CRASH_TUNING } from './ingest-crash-policy.ts';
import { quietLogger } from './jobs-engines.ts';

const config = loadConfig({ ...process.env, MENTOR_LOG_LEVEL: 'silent' });
const database = await openDatabase({ databaseUrl: config.databaseUrl });
const jobs = new JobQueue({
  target: { kind: 'postgres', connectionString: config.databaseUrl! },
  appRole: 'mentor_app', pollingIntervalMs: 100, policies: INGEST_CRASH_POLICIES, tuning: INGEST_CRASH_TUNING, logger: quietLogger(),
});
registerIngestionHandlers(jobs, { db: database.db, config });
process.on('SIGTERM', () => {
  void jobs.stop({ timeoutMs: 1000 }).then(() => database.close()).then(() => process.exit(0));
});
await jobs.start();
process.stdout.write('READY\n');
