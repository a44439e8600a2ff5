// Sign-in, sign-out, the current person, password change.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ServerContext } from '../context.ts';
import { SESSION_COOKIE, requestInfo, userActor } from '../plugins/auth.ts';
import { errorSchema, errors, userBody } from '../schemas.ts';

export function authRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { httpOnly: true, sameSite: 'lax' as const, secure: ctx.config.cookieSecure, path: '/' };

  r.post('/api/v1/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with e-mail and password', body: z.object({ email: z.string().max(254), password: z.string().max(256) }), response: { 200: userBody, ...errors, 429: errorSchema } },
  }, async (request, reply) => {
    const { token, me, expiresAt } = await ctx.auth.login(request.body.email, request.body.password, requestInfo(request));
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    return { user: me };
  });

  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null(), 401: errorSchema } } }, async (request, reply) => {
    if (request.actor) await ctx.auth.logout(request.actor, requestInfo(request));
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.status(204).send(null);
  });

  r.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'The signed-in person', response: { 200: userBody, ...errors } } }, async (request) => {
    const actor = userActor(request);
    return { user: await ctx.auth.me(actor.companyId, actor.userId) };
  });

  r.patch('/api/v1/me', {
    schema: { tags: ['auth'], summary: 'Change own name or interface language', body: z.object({ locale: z.enum(['ru', 'en']).optional(), name: z.string().max(200).optional() }), response: { 200: userBody, ...errors } },
  }, async (request) => ({ user: await ctx.auth.updateMe(userActor(request), request.body) }));

  r.post('/api/v1/auth/password', {
    schema: { tags: ['auth'], summary: 'Change own password (signs out other devices)', body: z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }), response: { 204: z.null(), ...errors } },
  }, async (request, reply) => {
    const actor = userActor(request);
    await ctx.auth.changePassword(actor, request.body.currentPassword, request.body.newPassword, requestInfo(request));
    // the current device stays signed in with a fresh session
    const { token, expiresAt } = await ctx.auth.login((await ctx.auth.me(actor.companyId, actor.userId)).email, request.body.newPassword, requestInfo(request));
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: expiresAt });
    return reply.status(204).send(null);
  });
}
