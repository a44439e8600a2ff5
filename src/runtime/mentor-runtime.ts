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

export type ProcessRole = 'all' | 'api' | 'worker';

export interface MentorOptions {
  config: Config;
  role?: ProcessRole;
  demo?: boolean;
  /** embedded database in memory instead of the data folder (tests) */
  memoryDatabase?: boolean;
}

export interface MentorRuntime {
  role: ProcessRole;
  database: Database;
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
  try {
    await database.migrate();
    const demo = options.demo && role !== 'worker' ? await ensureDemoCompany(database.db) : null;
    const ctx: ServerContext = {
      config,
      database,
      auth: new AuthService(database.db),
      invites: new InvitesService(database.db, config.publicUrl),
    };
    let url: string | null = null;
    if (role !== 'worker') {
      app = await buildServer(ctx);
      const address = await app.listen({ port: config.port, host: config.host });
      url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
    }
    let closed = false;
    return {
      role,
      database,
      app,
      url,
      demo,
      close: async () => {
        if (closed) return;
        closed = true;
        await app?.close();
        await database.close();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}
