// Feature route registrars, added by each feature (calls, knowledge, lost clients, reports, trainer).
// buildServer registers them after the foundation routes.
import type { RouteRegistrar } from '../app.ts';
import { callsRoutes } from './calls.routes.ts';
import { knowledgeRoutes } from './knowledge.routes.ts';
import { reanalysisRoutes } from './reanalysis.routes.ts';
import { trainerRoutes } from './trainer.routes.ts';
import { ingestRoutes } from './ingest.routes.ts';
import { integrationsRoutes } from './integrations.routes.ts';
import { webhooksRoutes } from './webhooks.routes.ts';
import { reportsRoutes } from './reports.routes.ts';
import { dealsRoutes } from './deals.routes.ts';
import { notificationsRoutes } from './notifications.routes.ts';
import { lostClientsRoutes } from './lost-clients.routes.ts';

export const FEATURE_ROUTES: RouteRegistrar[] = [
  knowledgeRoutes,
  reanalysisRoutes,
  callsRoutes,
  ingestRoutes, integrationsRoutes, webhooksRoutes,
  reportsRoutes, dealsRoutes, notificationsRoutes,
  lostClientsRoutes,
  trainerRoutes,
];
