// What the HTTP transport is given: the services it calls. Routes stay thin: parse, call, shape.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { InvitesService } from '../auth/invites.service.ts';

export interface QueueStats {
  queue: string;
  created: number;
  retry: number;
  active: number;
  completed: number;
  failed: number;
}

/** The part of the job queue the server needs: health, metrics, the failed-jobs screen. */
export interface JobsView {
  stats(): Promise<QueueStats[]>;
}

export interface ServerContext {
  config: Config;
  database: Database;
  auth: AuthService;
  invites: InvitesService;
  jobs?: JobsView | undefined;
}
