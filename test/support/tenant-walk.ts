// Walks every API route as a user of company A against company B's ids, with request bodies made
// from the route's own OpenAPI schema, so new routes are covered without touching the test.
import { sql } from 'drizzle-orm';
import type { AppDb } from '../../src/db/database.ts';
import { asSystem } from '../../src/db/tenant.ts';
import type { ApiClient } from './test-server.ts';

type JsonSchema = { type?: string | string[]; format?: string; enum?: unknown[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; required?: string[]; minimum?: number; minLength?: number; maxLength?: number; pattern?: string };

/** Every row of every tenant table that belongs to the company, as comparable JSON. */
export async function snapshotCompany(db: AppDb, companyId: string): Promise<Record<string, string>> {
  return asSystem(db, async (tx) => {
    const tables = await tx.execute<{ table_name: string }>(sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'company_id' order by table_name`);
    const out: Record<string, string> = {};
    for (const { table_name } of rowsOf<{ table_name: string }>(tables)) {
      // unauthenticated webhook deliveries that fail their signature are audited into the company
      // whose integration they name — by design, and no act of the walking company
      const rows = table_name === 'audit_log'
        ? await tx.execute(sql`select * from audit_log where company_id = ${companyId} and not (actor_kind in ('anonymous', 'webhook') and action like 'webhook.%') order by 1`)
        : await tx.execute(sql`select * from ${sql.identifier(table_name)} where company_id = ${companyId} order by 1`);
      out[table_name] = JSON.stringify(rowsOf(rows));
    }
    const company = await tx.execute(sql`select * from companies where id = ${companyId}`);
    out.companies = JSON.stringify(rowsOf(company));
    return out;
  });
}

export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export function uuidsIn(snapshot: Record<string, string>): string[] {
  return [...new Set(Object.values(snapshot).join(' ').match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? [])];
}

export function sampleFromSchema(schema: JsonSchema | undefined, foreignId: string, depth = 0): unknown {
  if (!schema || depth > 4) return undefined;
  const variant = schema.anyOf?.find((s) => s.type !== 'null') ?? schema.oneOf?.[0];
  if (variant) return sampleFromSchema(variant, foreignId, depth);
  if (schema.enum?.length) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(schema.properties ?? {})) {
        const value = /id$/i.test(key) && (prop.type === 'string' || prop.format === 'uuid') ? foreignId : sampleFromSchema(prop, foreignId, depth + 1);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case 'array':
      return [sampleFromSchema(schema.items, foreignId, depth + 1)].filter((v) => v !== undefined);
    case 'string':
      if (schema.format === 'uuid') return foreignId;
      if (schema.format === 'date-time') return '2026-11-01T10:00:00.000Z';
      if (schema.format === 'email') return 'walker@example.test';
      return 'x'.repeat(Math.max(schema.minLength ?? 1, Math.min(8, schema.maxLength ?? 8)));
    case 'number':
    case 'integer':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    default:
      return undefined;
  }
}

export interface WalkResult {
  requests: number;
  reachedHandlers: number;
  leaks: { method: string; url: string; status: number; as: string }[];
  serverErrors: { method: string; url: string; status: number; body: unknown }[];
}

/** Routes that would end the walker's own session or are not tenant data. */
const SKIP = [/^\/api\/v1\/auth\/logout$/, /^\/api\/docs/, /^\/metrics$/, /^\/healthz$/, /^\/api\/openapi\.json$/, /^\/$/, /^\*$/, /^\/\*$/];

export async function walkRoutes(options: {
  routes: { method: string; url: string }[];
  openapi: { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>> };
  clients: Record<string, ApiClient>;
  foreignIds: string[];
  foreignMarkers: string[];
}): Promise<WalkResult> {
  const result: WalkResult = { requests: 0, reachedHandlers: 0, leaks: [], serverErrors: [] };
  for (const route of options.routes) {
    if (SKIP.some((re) => re.test(route.url))) continue;
    const params = route.url.match(/:[A-Za-z]+/g) ?? [];
    const ids = params.length ? options.foreignIds : [options.foreignIds[0] ?? ''];
    const openapiPath = route.url.replace(/:([A-Za-z]+)/g, '{$1}');
    const operation = options.openapi.paths[openapiPath]?.[route.method.toLowerCase()];
    const bodySchema = operation?.requestBody?.content?.['application/json']?.schema;
    for (const id of ids) {
      const url = route.url.replace(/:[A-Za-z]+/g, id);
      const body = ['POST', 'PUT', 'PATCH'].includes(route.method) ? (sampleFromSchema(bodySchema, id) ?? {}) : undefined;
      for (const [as, client] of Object.entries(options.clients)) {
        const response = await client.request(route.method, url, body);
        result.requests++;
        if (response.status !== 400 && response.status !== 401 && response.status !== 403) result.reachedHandlers++;
        if (response.status >= 500) result.serverErrors.push({ method: route.method, url, status: response.status, body: response.body });
        const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body ?? '');
        if (response.status < 300 && options.foreignMarkers.some((marker) => text.includes(marker))) {
          result.leaks.push({ method: route.method, url, status: response.status, as });
        }
      }
    }
  }
  return result;
}
