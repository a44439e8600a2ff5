// Builds the Fastify application: plugins, error shape, auth, OpenAPI, metrics, routes, web app.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerContext } from './context.ts';
import { registerErrorHandler } from './plugins/errors.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { isBrowserRoute, registerWeb, webBuilt } from './plugins/web.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { peopleRoutes } from './routes/people.routes.ts';
import { jobsRoutes } from './routes/jobs.routes.ts';
import { FEATURE_ROUTES } from './routes/feature-routes.ts';

export interface RouteInfo {
  method: string;
  url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every route, for the cross-company walk in tests */
    routeList: RouteInfo[];
  }
}

export type RouteRegistrar = (app: FastifyInstance, ctx: ServerContext) => void | Promise<void>;

export async function buildServer(ctx: ServerContext, extraRoutes: RouteRegistrar[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : {
      level: ctx.config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-mentor-signature"]', 'res.headers["set-cookie"]'],
    },
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: true,
    logController: new LogController({ disableRequestLogging: ctx.config.logLevel !== 'debug' && ctx.config.logLevel !== 'trace' }),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('routeList', [] as RouteInfo[]);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) if (method !== 'HEAD') app.routeList.push({ method, url: route.url });
  });

  registerErrorHandler(app);
  await app.register(fastifyCookie);
  // uploads stream to disk in the routes; the limit answers 413 with a clear message
  await app.register(fastifyMultipart, { limits: { fileSize: ctx.config.maxUploadBytes, files: 20, fields: 50, fieldSize: 10 * 1024 * 1024 }, throwFileSizeLimit: true });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Mentor API', version: '1', description: 'Sales-quality platform: calls, analyses, lost clients, recommendations, reports.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'mentor_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  registerAuth(app, ctx);
  registerMetrics(app, ctx);

  healthRoutes(app, ctx);
  authRoutes(app, ctx);
  peopleRoutes(app, ctx);
  jobsRoutes(app, ctx);
  for (const register of [...FEATURE_ROUTES, ...extraRoutes]) await register(app, ctx);

  await registerWeb(app);
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && isBrowserRoute(request.url) && webBuilt()) {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No such endpoint: ${request.method} ${request.url.split('?')[0]}` } });
  });
  return app;
}
