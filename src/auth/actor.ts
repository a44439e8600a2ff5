// Who is calling: a signed-in person or a machine client with a company API token.
import type { UserRole } from '../db/schema/companies.ts';
import { forbidden } from '../domain/errors.ts';

export type Actor =
  | { kind: 'user'; userId: string; companyId: string; role: UserRole; sessionId: string }
  | { kind: 'api_token'; tokenId: string; companyId: string };

export function requireRole(actor: Actor, roles: readonly UserRole[]): void {
  if (actor.kind !== 'user' || !roles.includes(actor.role)) {
    throw forbidden('Your role does not allow this action.');
  }
}

/** A manager sees only own clients and calls; everyone else in the company sees all. */
export function managerScope(actor: Actor): string | null {
  return actor.kind === 'user' && actor.role === 'manager' ? actor.userId : null;
}
