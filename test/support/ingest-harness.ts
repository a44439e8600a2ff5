// The real HTTP app and the real job queue with the ingestion handlers, on a fresh test database
// (PGlite in memory or a PostgreSQL database of its own), with short retry delays so failure paths
// finish within seconds. Built from the same parts as startMentor; the ingestion tests use it
// because they need to set the queue's policies and the download timeout.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.ts';
import { AuthService } from '../../src/auth/auth.service.ts';
import { InvitesService } from '../../src/auth/invites.service.ts';
import { ensureDemoCompany, type DemoSignIns } from '../../src/demo/demo-company.ts';
import { JobQueue } from '../../src/jobs/job-queue.ts';
import type { BossTuning } from '../../src/jobs/boss-factory.ts';
import type { QueueName, QueuePolicy } from '../../src/jobs/queues.ts';
import { buildServer } from '../../src/server/app.ts';
import { registerIngestionHandlers } from '../../src/calls/pipeline-handlers.ts';
import { callIntakeFor, type CallIntake } from '../../src/calls/call-intake.ts';
import type { Database } from '../../src/db/database.ts';
import type { SpeechToText } from '../../src/providers/stt/stt-port.ts';
import { createTestDatabase, type EngineKind } from './database.ts';
import { ApiClient } from './test-server.ts';
import { quietLogger } from './jobs-engines.ts';

export const INGEST_TEST_POLICIES: Partial<Record<QueueName, Partial<QueuePolicy>>> = {
  'call.intake': { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 30 },
  'call.ingest': { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 30 },
  'call.transcribe': { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 30 },
  'call.analyse': { retryLimit: 1, retryDelaySeconds: 1, retryBackoff: false, expireInSeconds: 30 },
};

export interface IngestServer {
  url: string;
  app: FastifyInstance;
  config: Config;
  database: Database;
  databaseUrl: string | undefined;
  jobs: JobQueue;
  /** the group-commit intake (null with MENTOR_INGEST_BATCH=1) */
  intake: CallIntake | null;
  demo: DemoSignIns;
  /** a client signed in as the demo integrator */
  integrator(): Promise<ApiClient>;
  /** polls GET /api/v1/calls/:id until the status is one of `statuses` */
  waitForStatus(client: ApiClient, callId: string, statuses: string[], timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export interface IngestServerOptions {
  engine: EngineKind;
  env?: Record<string, string>;
  fetchTimeoutMs?: number;
  /** false: the API sends jobs but no handler runs here (another process works them) */
  workers?: boolean;
  policies?: Partial<Record<QueueName, Partial<QueuePolicy>>>;
  tuning?: BossTuning;
  /** speech-to-text adapter instead of the one from the env (benchmarks wrap it to time it) */
  stt?: SpeechToText;
  /** PGlite in the data folder, as `npm start` keeps it, instead of memory */
  persistent?: boolean;
}

export async function startIngestServer(options: IngestServerOptions): Promise<IngestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mentor-ingest-'));
  const testDb = await createTestDatabase(options.engine, options.persistent ? { pgliteDir: dataDir } : {});
  const database = testDb.database;
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', MENTOR_DATA_DIR: dataDir, MENTOR_SECRET: randomBytes(32).toString('hex'), MENTOR_LOG_LEVEL: 'silent',
    ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    ...options.env,
  });
  const demo = await ensureDemoCompany(database.db, { activity: false });
  const jobs = new JobQueue({
    target: database.kind === 'pglite' ? { kind: 'pglite', pglite: database.pglite } : { kind: 'postgres', connectionString: database.connectionString },
    workers: options.workers ?? true, appRole: 'mentor_app', pollingIntervalMs: 200,
    policies: options.policies ?? INGEST_TEST_POLICIES, ...(options.tuning ? { tuning: options.tuning } : {}), logger: quietLogger(), stopTimeoutMs: 2000,
  });
  registerIngestionHandlers(jobs, { db: database.db, config, ...(options.stt ? { stt: options.stt } : {}), ...(options.fetchTimeoutMs ? { fetchTimeoutMs: options.fetchTimeoutMs } : {}) });
  await jobs.start();
  const intake = callIntakeFor(database, jobs, config.ingestBatch);
  const app = await buildServer({ config, database, auth: new AuthService(database.db), invites: new InvitesService(database.db, config.publicUrl), jobs, intake });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const server: IngestServer = {
    url: address,
    app,
    config,
    database,
    databaseUrl: testDb.url,
    jobs,
    intake,
    demo,
    integrator: async () => {
      const client = new ApiClient(address);
      await client.login(demo.integrator.email, demo.integrator.password);
      return client;
    },
    waitForStatus: async (client, callId, statuses, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      let last: any;
      while (Date.now() < until) {
        last = await client.request('GET', `/api/v1/calls/${callId}`);
        if (last.status === 200 && statuses.includes(last.body.call.status)) return last.body;
        await delay(150);
      }
      throw new Error(`call ${callId} did not reach ${statuses.join('|')}: ${JSON.stringify(last?.body?.call ?? last?.body)}`);
    },
    close: async () => {
      await app.close();
      await intake?.close();
      await jobs.stop({ timeoutMs: 2000 });
      await testDb.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A multipart body for fetch. */
export async function callForm(fields: Record<string, string>, files: { field: string; path?: string; content?: string | Buffer; name: string; type?: string }[] = []): Promise<FormData> {
  const { openAsBlob } = await import('node:fs');
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files) {
    const blob = file.path ? await openAsBlob(file.path, { type: file.type ?? 'audio/wav' }) : new Blob([typeof file.content === 'string' || file.content === undefined ? file.content ?? '' : new Uint8Array(file.content)], { type: file.type ?? 'text/plain' });
    form.append(file.field, blob, file.name);
  }
  return form;
}

export async function postForm(client: ApiClient, path: string, form: FormData, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(client.baseUrl + path, {
    method: 'POST', body: form,
    headers: { ...(client.cookie ? { cookie: client.cookie } : {}), ...(client.bearer ? { authorization: `Bearer ${client.bearer}` } : {}), ...headers },
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: response.status, body };
}
