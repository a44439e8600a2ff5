// Shapes of the JSON API (/api/v1) as the web app uses them.
import type { Locale } from '../i18n/locale.ts';

export type Role = 'head_of_sales' | 'manager' | 'integrator';
export const roles: readonly Role[] = ['head_of_sales', 'manager', 'integrator'];

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: Locale;
  company: { id: string; name: string };
}

export interface Company {
  id: string;
  name: string;
  timezone: string;
  averageCheck: number;
  currency: string;
  language: Locale;
  industry: string | null;
  product: string | null;
  /** When the company started using Mentor; growth and money are counted from then. */
  goLiveAt: string | null;
  /** 'YYYY-MM': the month whose conversion is the baseline; null = the month before go-live. */
  baselineMonth: string | null;
}

export interface CompanyUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  extensions: string[];
  lastSignInAt: string | null;
  createdAt: string;
}

export interface Invite {
  id: string;
  role: Role;
  email: string | null;
  expiresAt: string;
  acceptedAt: string | null;
}

export interface CreatedInvite {
  id: string;
  url: string;
  expiresAt: string;
}

export interface PublicInvite {
  role: Role;
  email: string | null;
  companyName: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface CreatedApiToken {
  id: string;
  name: string;
  token: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  /** The person's name, or the kind of actor: 'system', 'anonymous', 'webhook'. */
  actor: string;
  action: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}
