// SQL aggregates behind the report: counts per period are computed by the database (GROUP BY over
// the company's rows in a time range), so a report never loads every call into memory. The
// figures then go through the pure functions of src/domain (conversion, money) unchanged.
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/tenant.ts';
import type { PeriodKind } from '../domain/conversion.ts';

/** Rows of a raw query on either engine (pg answers { rows }, PGlite too; some drivers an array). */
export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** The period key in PostgreSQL, matching periodKeyOf() in src/domain/conversion.ts. */
export function periodKeySql(column: SQL, kind: PeriodKind, timeZone: string): SQL {
  const format = kind === 'week' ? 'IYYY-"W"IW' : 'YYYY-MM';
  return sql`to_char(${column} at time zone ${timeZone}, ${format})`;
}

export interface LeadCounts {
  leads: number;
  leadsWithoutPhone: number;
}

/**
 * Unique leads per period (docs/FORMULAS.md): distinct phones with a call or a CRM deal in the
 * period. Clients are unique per (company, E.164 phone) — the ingestion and the CRM import find or
 * create them by phone — so the client id stands for the phone and no join is needed; that keeps
 * the scan on the (company_id, started_at, client_id) index. A contact with no client (hidden
 * number, extension) is a lead on its own.
 */
export async function leadsByPeriod(tx: Tx, companyId: string, kind: PeriodKind, timeZone: string, start: Date, end: Date): Promise<Map<string, LeadCounts>> {
  const from = start.toISOString();
  const to = end.toISOString();
  const rows = await queryRows<{ period: string; leads: string | number; without_phone: string | number }>(tx, sql`
    with contacts as (
      select c.started_at as at, c.client_id from calls c
      where c.company_id = ${companyId} and c.started_at >= ${from}::timestamptz and c.started_at < ${to}::timestamptz
      union all
      select d.opened_at, d.client_id from deals d
      where d.company_id = ${companyId} and d.opened_at >= ${from}::timestamptz and d.opened_at < ${to}::timestamptz
    )
    select ${periodKeySql(sql`at`, kind, timeZone)} as period,
           count(distinct client_id) + count(*) filter (where client_id is null) as leads,
           count(*) filter (where client_id is null) as without_phone
    from contacts group by 1`);
  return new Map(rows.map((row) => [row.period, { leads: Number(row.leads), leadsWithoutPhone: Number(row.without_phone) }]));
}

/**
 * Paid deals: a deal with a payment fact (a confirmed payment linked to it, or a won deal's close
 * date), counted once at its earliest payment date. Returns deal ids per period for the range.
 */
export async function paidDealsInRange(tx: Tx, companyId: string, kind: PeriodKind, timeZone: string, start: Date, end: Date): Promise<Map<string, string[]>> {
  const rows = await queryRows<{ period: string; deal_id: string }>(tx, sql`
    with facts as (
      select p.deal_id, p.paid_at as at from payments p
      where p.company_id = ${companyId} and p.confirmed and p.deal_id is not null and p.paid_at < ${end.toISOString()}::timestamptz
      union all
      select d.id, d.closed_at from deals d
      where d.company_id = ${companyId} and d.status = 'won' and d.closed_at < ${end.toISOString()}::timestamptz
    ), earliest as (
      -- facts before the range end only: the earliest of them is the deal's payment date if it is in range
      select deal_id, min(at) as at from facts group by deal_id
    )
    select ${periodKeySql(sql`at`, kind, timeZone)} as period, deal_id::text as deal_id
    from earliest where at >= ${start.toISOString()}::timestamptz and at < ${end.toISOString()}::timestamptz
    order by deal_id`);
  const result = new Map<string, string[]>();
  for (const row of rows) result.set(row.period, [...(result.get(row.period) ?? []), row.deal_id]);
  return result;
}
