// Many rows in one INSERT with a single parameter: the rows travel as one JSON array that the
// database unpacks with jsonb_to_recordset. A multi-row VALUES list of drizzle's builder costs a
// placeholder per value — for a batch of 500 calls 11,000 of them — and building and parsing that
// text is most of the batch's time; the JSON form costs one JSON.stringify. Column names and SQL
// types come from the drizzle table, so the statement follows the schema.
import { getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '../domain/errors.ts';
import type { Tx } from './tenant.ts';

/**
 * INSERT … SELECT FROM jsonb_to_recordset($1) ON CONFLICT DO NOTHING, returning the `returning`
 * column of the rows that were inserted. Every row must set the same keys (a key absent from the
 * rows gets the column's default). Dates become ISO strings, JSON columns nested values.
 */
export async function bulkInsertIgnoringConflicts<T extends PgTable>(tx: Tx, table: T, rows: ReadonlyArray<Partial<T['$inferInsert']>>, returning?: keyof T['$inferSelect'] & string): Promise<unknown[]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const keys = Object.keys(rows[0]!);
  for (const row of rows) {
    if (Object.keys(row).length !== keys.length) throw new AppError('db.bulk_insert_shape', `Every row of a bulk insert into ${getTableName(table)} must set the same columns.`, { status: 500 });
  }
  const used = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new AppError('db.bulk_insert_shape', `${getTableName(table)} has no column "${key}".`, { status: 500 });
    return column;
  });
  // a null is left out: jsonb_to_recordset reads a missing key as NULL, and every byte is parsed twice
  const payload = JSON.stringify(rows.map((row) => {
    const record: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const value = (row as Record<string, unknown>)[keys[i]!];
      if (value !== null && value !== undefined) record[used[i]!.name] = value;
    }
    return record;
  }));
  const names = sql.raw(used.map((column) => `"${column.name}"`).join(', '));
  const definition = sql.raw(used.map((column) => `"${column.name}" ${column.getSQLType()}`).join(', '));
  const tail = returning ? sql` returning ${sql.raw(`"${columns[returning]!.name}"`)}` : sql``;
  const result = await tx.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${payload}::jsonb) as r(${definition}) on conflict do nothing${tail}`);
  const list = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return returning ? list.map((row) => (row as Record<string, unknown>)[columns[returning]!.name]) : [];
}
