// Feature route registrars, added by each feature (calls, knowledge, lost clients, reports, trainer).
// buildServer registers them after the foundation routes.
import type { RouteRegistrar } from '../app.ts';
import { callsRoutes } from './calls.routes.ts';
import { knowledgeRoutes } from './knowledge.routes.ts';
import { reanalysisRoutes } from './reanalysis.routes.ts';

export const FEATURE_ROUTES: RouteRegistrar[] = [
  knowledgeRoutes,
  reanalysisRoutes,
  callsRoutes,
];
