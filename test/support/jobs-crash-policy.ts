// Shared by the crash test and its child worker: the queue's expiry is stored on each job when
// it is sent, so the sender and the workers must agree on it.
import type { BossTuning } from '../../src/jobs/boss-factory.ts';
import type { QueueName, QueuePolicy } from '../../src/jobs/queues.ts';

export const CRASH_TEST_POLICIES: Partial<Record<QueueName, Partial<QueuePolicy>>> = {
  'call.transcribe': { retryLimit: 3, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 2, concurrency: 1 },
};

export const CRASH_TEST_TUNING: BossTuning = { maintenanceIntervalSeconds: 1 };
