// Invites, users with phone extensions, API tokens, company settings and the audit log.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { SESSION_COOKIE, requestInfo, userActor } from '../plugins/auth.ts';
import { errorSchema, errors, roleSchema, userBody, uuidParam } from '../schemas.ts';
import { getCompany, listUsers, setUserExtensions, updateCompany } from '../../companies/companies.service.ts';
import { listAudit } from '../../audit/audit.service.ts';

const companySchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  language: z.string(),
  currency: z.string(),
  averageCheck: z.number(),
  industry: z.string().nullable(),
  product: z.string().nullable(),
  goLiveAt: z.date().nullable(),
  baselineMonth: z.string().nullable(),
});

export function peopleRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const managers = ['head_of_sales', 'integrator'] as const;

  r.post('/api/v1/invites', {
    schema: { tags: ['people'], summary: 'Create an invite link', body: z.object({ role: roleSchema, email: z.string().max(254).nullish() }), response: { 200: z.object({ id: z.string(), url: z.string(), expiresAt: z.date() }), ...errors } },
  }, async (request) => ctx.invites.create(userActor(request, managers), request.body.role, request.body.email ?? null));

  r.get('/api/v1/invites', {
    schema: { tags: ['people'], summary: 'Invites of the company', response: { 200: z.object({ invites: z.array(z.object({ id: z.string(), role: roleSchema, email: z.string().nullable(), expiresAt: z.date(), acceptedAt: z.date().nullable() })) }), ...errors } },
  }, async (request) => ({ invites: await ctx.invites.list(userActor(request, managers)) }));

  r.get('/api/v1/invites/:token', {
    schema: { tags: ['people'], summary: 'Public view of an invite link', params: z.object({ token: z.string().max(200) }), response: { 200: z.object({ role: roleSchema, email: z.string().nullable(), companyName: z.string(), expiresAt: z.date() }), 404: errorSchema, 410: errorSchema } },
  }, async (request) => ctx.invites.lookup(request.params.token));

  r.post('/api/v1/invites/:token/accept', {
    schema: { tags: ['people'], summary: 'Accept an invite: create the account and sign in', params: z.object({ token: z.string().max(200) }), body: z.object({ name: z.string().min(1).max(200), email: z.string().max(254), password: z.string().max(256) }), response: { 200: userBody, ...errors, 410: errorSchema } },
  }, async (request, reply) => {
    const accepted = await ctx.invites.accept(request.params.token, request.body, request.ip);
    const { token, me, expiresAt } = await ctx.auth.login(accepted.email, request.body.password, requestInfo(request));
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: ctx.config.cookieSecure, path: '/', expires: expiresAt });
    return { user: me };
  });

  r.get('/api/v1/users', {
    schema: { tags: ['people'], summary: 'People of the company with phone extensions', response: { 200: z.object({ users: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: roleSchema, extensions: z.array(z.string()), lastSignInAt: z.date().nullable(), createdAt: z.date() })) }), ...errors } },
  }, async (request) => ({ users: await listUsers(ctx.database.db, userActor(request, managers)) }));

  r.put('/api/v1/users/:id/extensions', {
    schema: { tags: ['people'], summary: "Set a manager's phone extensions", params: uuidParam, body: z.object({ extensions: z.array(z.string().max(20)).max(20) }), response: { 200: z.object({ extensions: z.array(z.string()) }), ...errors } },
  }, async (request) => ({ extensions: await setUserExtensions(ctx.database.db, userActor(request, managers), request.params.id, request.body.extensions) }));

  r.get('/api/v1/api-tokens', {
    schema: { tags: ['people'], summary: 'API tokens of the company (machine clients such as telephony)', response: { 200: z.object({ tokens: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable() })) }), ...errors } },
  }, async (request) => ({ tokens: await ctx.auth.listApiTokens(userActor(request, managers)) }));

  r.post('/api/v1/api-tokens', {
    schema: { tags: ['people'], summary: 'Create an API token (shown once)', body: z.object({ name: z.string().min(1).max(100) }), response: { 200: z.object({ id: z.string(), name: z.string(), token: z.string(), createdAt: z.date() }), ...errors } },
  }, async (request) => ctx.auth.createApiToken(userActor(request, managers), request.body.name));

  r.delete('/api/v1/api-tokens/:id', {
    schema: { tags: ['people'], summary: 'Revoke an API token', params: uuidParam, response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    await ctx.auth.revokeApiToken(userActor(request, managers), request.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api/v1/company', {
    schema: { tags: ['company'], summary: 'Company settings', response: { 200: companySchema, ...errors } },
  }, async (request) => getCompany(ctx.database.db, userActor(request).companyId));

  r.patch('/api/v1/company', {
    schema: {
      tags: ['company'],
      summary: 'Change company settings',
      body: z.object({
        name: z.string().min(1).max(200).optional(),
        timezone: z.string().max(64).optional(),
        currency: z.string().regex(/^[A-Z]{3}$/).optional(),
        averageCheck: z.number().min(0).max(1e12).optional(),
        language: z.enum(['ru', 'en']).optional(),
        industry: z.string().max(200).nullable().optional(),
        product: z.string().max(1000).nullable().optional(),
        goLiveAt: z.coerce.date().nullable().optional(),
        baselineMonth: z.string().max(7).nullable().optional(),
      }),
      response: { 200: companySchema, ...errors },
    },
  }, async (request) => updateCompany(ctx.database.db, userActor(request, managers), request.body));

  r.get('/api/v1/audit', {
    schema: {
      tags: ['company'],
      summary: 'Audit log: sign-ins and changes of settings',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ entries: z.array(z.object({ id: z.string(), at: z.date(), actor: z.string(), action: z.string(), ip: z.string().nullable(), details: z.record(z.string(), z.unknown()) })) }), ...errors },
    },
  }, async (request) => ({ entries: await listAudit(ctx.database.db, userActor(request, managers), request.query.limit) }));
}
