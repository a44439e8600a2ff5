// Resolves who is calling from the session cookie or a Bearer API token, and gives routes one-line
// guards. Machine tokens are accepted only where a route says so.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { requireRole, type Actor } from '../../auth/actor.ts';
import type { UserRole } from '../../db/schema/companies.ts';
import type { ServerContext } from '../context.ts';

export const SESSION_COOKIE = 'mentor_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export function registerAuth(app: FastifyInstance, ctx: ServerContext): void {
  app.decorateRequest('actor', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      request.actor = await ctx.auth.authenticateApiToken(header.slice(7).trim());
      if (!request.actor) throw new AppError('auth.invalid_token', 'The API token is not valid or was revoked.', { status: 401 });
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.actor = await ctx.auth.authenticateSession(cookie);
  });
}

/** The signed-in person; machine tokens are refused. */
export function userActor(request: FastifyRequest, roles?: readonly UserRole[]): Actor & { kind: 'user' } {
  const actor = request.actor;
  if (!actor) throw new AppError('auth.required', 'Sign in to continue.', { status: 401 });
  if (actor.kind !== 'user') throw new AppError('auth.user_required', 'This endpoint needs a signed-in person, not an API token.', { status: 403 });
  if (roles) requireRole(actor, roles);
  return actor;
}

/** A person or a machine client of the company. */
export function anyActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required', 'Sign in or send an API token (Authorization: Bearer …).', { status: 401 });
  return request.actor;
}

export function requestInfo(request: FastifyRequest): { ip: string; userAgent: string | null } {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}
