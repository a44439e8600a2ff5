// The composition root: opens the database, migrates, seeds the demo company, starts the job
// workers and the HTTP server according to the process role. The CLI and the tests start Mentor
// through this one function, so what the tests run is what `npm start` runs.
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { AuthService } from '../auth/auth.service.ts';
import { InvitesService } from '../auth/invites.service.ts';
import { AppError } from '../domain/errors.ts';
import { buildServer } from '../server/app.ts';
import type { ServerContext } from '../server/context.ts';
import { ensureDemoCompany, type DemoSignIns } from '../demo/demo-company.ts';
import { JobQueue, type JobLogger } from '../jobs/job-queue.ts';
import { ensureCompanySchedules, registerJobHandlers } from './job-handlers.ts';
import { startAsteriskWatchers, type AsteriskWatchers } from '../calls/pipeline-handlers.ts';
import { checkSpeechToText } from '../providers/stt/stt-from-config.ts';
import { startTelegramBot, type RunningBot } from '../bot/telegram-bot-runner.ts';
import { callIntakeFor, type CallIntake } from '../calls/call-intake.ts';

export type ProcessRole = 'all' | 'api' | 'worker';

export interface MentorOptions {
  config: Config;
  role?: ProcessRole;
  demo?: boolean;
  /** embedded database in memory instead of the data folder (tests) */
  memoryDatabase?: boolean;
  /** generate the demo company's weeks of calls, deals and payments; default true */
  demoActivity?: boolean;
}

export interface MentorRuntime {
  role: ProcessRole;
  database: Database;
  jobs: JobQueue;
  app: FastifyInstance | null;
  url: string | null;
  demo: DemoSignIns | null;
  close(): Promise<void>;
}

export async function startMentor(options: MentorOptions): Promise<MentorRuntime> {
  const { config } = options;
  const role = options.role ?? 'all';
  if (role !== 'all' && !config.databaseUrl) {
    throw new AppError('config.role_needs_postgres', `--role ${role} needs PostgreSQL (set DATABASE_URL): the embedded database can be opened by one process only, which runs both the API and the workers.`);
  }
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: options.memoryDatabase ?? false });
  let app: FastifyInstance | null = null;
  let jobs: JobQueue | null = null;
  let watchers: AsteriskWatchers | null = null;
  let bot: RunningBot | null = null;
  let intake: CallIntake | null = null;
  try {
    await database.migrate();
    const demo = options.demo && role !== 'worker' ? await ensureDemoCompany(database.db, { activity: options.demoActivity ?? true }) : null;
    jobs = new JobQueue({
      target: database.kind === 'pglite' ? { kind: 'pglite', pglite: database.pglite } : { kind: 'postgres', connectionString: database.connectionString },
      workers: role !== 'api',
      appRole: 'mentor_app',
      logger: jobLogger(config.logLevel),
    });
    registerJobHandlers({ config, database, jobs });
    await jobs.start();
    if (role !== 'api') {
      await ensureCompanySchedules({ config, database, jobs });
      watchers = await startAsteriskWatchers({ db: database.db, config, jobs });
      bot = startTelegramBot(database.db, config, (message) => {
        if (config.logLevel !== 'silent') console.warn(message);
      });
      // a missing model file or an unreachable STT server is said at start-up, not discovered per call
      void checkSpeechToText(config).then((check) => {
        if (!check.ok && config.logLevel !== 'silent') console.warn(`Speech-to-text (${config.stt.provider}) is not ready: ${check.message}`);
      });
    }
    if (role !== 'worker') intake = callIntakeFor(database, jobs, config.ingestBatch);
    const ctx: ServerContext = {
      config,
      database,
      auth: new AuthService(database.db),
      invites: new InvitesService(database.db, config.publicUrl),
      jobs,
      intake,
    };
    let url: string | null = null;
    if (role !== 'worker') {
      app = await buildServer(ctx);
      const address = await app.listen({ port: config.port, host: config.host });
      url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
    }
    let closed = false;
    const queue = jobs;
    return {
      role,
      database,
      jobs: queue,
      app,
      url,
      demo,
      close: async () => {
        if (closed) return;
        closed = true;
        await app?.close();
        // requests still waiting for their batch are answered before the database closes
        await intake?.close();
        await bot?.stop();
        await watchers?.close();
        await queue.stop();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await intake?.close().catch(() => undefined);
    await bot?.stop().catch(() => undefined);
    await watchers?.close().catch(() => undefined);
    await jobs?.stop().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

function jobLogger(level: string): JobLogger {
  const silent = level === 'silent' || level === 'fatal';
  return {
    error: (message, fields) => {
      if (!silent) console.error(JSON.stringify({ level: 'error', msg: message, ...fields }));
    },
    warn: (message, fields) => {
      if (!silent && level !== 'error') console.warn(JSON.stringify({ level: 'warn', msg: message, ...fields }));
    },
  };
}
