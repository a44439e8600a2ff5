// What the HTTP transport is given: the services it calls. Routes stay thin: parse, call, shape.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { InvitesService } from '../auth/invites.service.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { CallIntake } from '../calls/call-intake.ts';

export interface ServerContext {
  config: Config;
  database: Database;
  auth: AuthService;
  invites: InvitesService;
  /** null only in processes that run no queue (never in `mentor start`) */
  jobs: JobQueue | null;
  /** group commit for incoming calls (webhooks, uploads); without it each call commits on its own */
  intake?: CallIntake | null;
}
