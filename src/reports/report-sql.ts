// SQL aggregates behind the report: counts per period are computed by the database over the
// company's rows in each period's time range, so a report never loads every call into memory. The
// figures then go through the pure functions of src/domain (conversion, money) unchanged.
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../db/tenant.ts';

/** Rows of a raw query on either engine (pg answers { rows }, PGlite too; some drivers an array). */
export async function queryRows<T>(tx: Tx, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A period as the database sees it: instants [start, end) already placed in the company's zone. */
export interface PeriodRange {
  key: string;
  start: Date;
  end: Date;
}

export interface PeriodCounts {
  /** unique leads (docs/FORMULAS.md): distinct clients with a call or CRM deal, plus contacts without a client */
  leads: number;
  leadsWithoutPhone: number;
  /** deals whose earliest payment fact falls in the period, sorted */
  paidDealIds: string[];
}

const timestamps = (dates: Date[]): string => `{${dates.map((d) => d.toISOString()).join(',')}}`;

/**
 * Leads and paid deals of any set of periods (the trend, the month holding a week, the baseline
 * month; they may overlap) in one statement.
 *
 * Leads: clients are unique per (company, E.164 phone) — the ingestion and the CRM import find or
 * create them by phone — so the client id stands for the phone and no join is needed. Each period
 * is counted on its own (a lateral subquery per period: an index-only range scan on
 * (company_id, started_at, client_id) and a distinct count over that period's rows only). That is
 * several times cheaper than grouping the whole range by a period key computed per row with
 * to_char(... at time zone ...), which sorted every contact of the range by a text key.
 *
 * Paid deals: a deal with a payment fact (a confirmed payment linked to it, or a won deal's close
 * date) counts once, at its earliest payment date. Facts after the last period cannot be a deal's
 * earliest one inside a period, so they are left out.
 */
export async function periodCounts(tx: Tx, companyId: string, periods: readonly PeriodRange[]): Promise<Map<string, PeriodCounts>> {
  if (periods.length === 0) return new Map();
  const lastEnd = new Date(Math.max(...periods.map((p) => p.end.getTime()))).toISOString();
  const rows = await queryRows<{ i: string | number; leads: string | number; without_phone: string | number; paid: string | null }>(tx, sql`
    with periods as (
      select * from unnest(${timestamps(periods.map((p) => p.start))}::timestamptz[], ${timestamps(periods.map((p) => p.end))}::timestamptz[])
        with ordinality as w(starts, ends, i)
    ), earliest as materialized (
      select deal_id, min(at) as at from (
        select p.deal_id, p.paid_at as at from payments p
        where p.company_id = ${companyId} and p.confirmed and p.deal_id is not null and p.paid_at < ${lastEnd}::timestamptz
        union all
        select d.id, d.closed_at from deals d
        where d.company_id = ${companyId} and d.status = 'won' and d.closed_at < ${lastEnd}::timestamptz
      ) facts group by deal_id
    )
    select w.i, l.leads, l.without_phone,
           (select string_agg(e.deal_id::text, ',' order by e.deal_id) from earliest e where e.at >= w.starts and e.at < w.ends) as paid
    from periods w cross join lateral (
      select count(distinct client_id) + count(*) filter (where client_id is null) as leads,
             count(*) filter (where client_id is null) as without_phone
      from (
        select c.client_id from calls c
        where c.company_id = ${companyId} and c.started_at >= w.starts and c.started_at < w.ends
        union all
        select d.client_id from deals d
        where d.company_id = ${companyId} and d.opened_at >= w.starts and d.opened_at < w.ends
      ) contacts
    ) l`);
  const result = new Map<string, PeriodCounts>();
  for (const row of rows) {
    const period = periods[Number(row.i) - 1]!;
    result.set(period.key, { leads: Number(row.leads), leadsWithoutPhone: Number(row.without_phone), paidDealIds: row.paid ? row.paid.split(',') : [] });
  }
  return result;
}
