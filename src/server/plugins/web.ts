// Serves the built React app (web/dist) with a fallback to index.html for client-side routes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

export const WEB_DIST = join(import.meta.dirname, '..', '..', '..', 'web', 'dist');

export function webBuilt(): boolean {
  return existsSync(join(WEB_DIST, 'index.html'));
}

export async function registerWeb(app: FastifyInstance): Promise<void> {
  if (!webBuilt()) {
    app.log.warn(`web app not built (${WEB_DIST} is missing): run "npm run build:web"`);
    app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send('Mentor API is running. The web app is not built yet: run "npm run build:web" and restart.'));
    return;
  }
  await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false, index: ['index.html'], cacheControl: false, setHeaders: (res, path) => {
    // hashed assets can be cached forever; index.html must always be fresh
    res.header('cache-control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
  } });
}

/** Browser routes (not /api, not files) get the app's index.html. */
export function isBrowserRoute(url: string): boolean {
  const path = url.split('?')[0] ?? '';
  return !path.startsWith('/api/') && path !== '/healthz' && path !== '/metrics' && !/\.[a-z0-9]{2,5}$/i.test(path);
}
