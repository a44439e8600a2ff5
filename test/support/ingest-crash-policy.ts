// Shared by the ingestion crash test's API side and its worker processes: a job's expiry is
// stored on the job when it is sent, so both must agree on it.
import type { BossTuning } from '../../src/jobs/boss-factory.ts';
import type { QueueName, QueuePolicy } from '../../src/jobs/queues.ts';

export const INGEST_CRASH_POLICIES: Partial<Record<QueueName, Partial<QueuePolicy>>> = {
  'call.transcribe': { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 4, concurrency: 1 },
  'call.analyse': { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 10, concurrency: 1 },
};

export const INGEST_CRASH_TUNING: BossTuning = { maintenanceIntervalSeconds: 1 };
