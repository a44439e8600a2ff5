// Zod shapes shared by several routes (request/response); the OpenAPI document is built from them.
import { z } from 'zod';
import { USER_ROLES } from '../db/schema/companies.ts';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }) });
export const roleSchema = z.enum(USER_ROLES);
export const uuidParam = z.object({ id: z.string().uuid() });
export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  locale: z.enum(['ru', 'en']),
  company: z.object({ id: z.string(), name: z.string() }),
});
export const userBody = z.object({ user: meSchema });
export const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema } as const;
