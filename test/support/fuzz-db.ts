import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';

/**
 * A fingerprint of everything the database holds: per table, its row count and an md5 of its rows
 * as text (updated_at included), so "nothing was written" can be checked after each hostile request
 * in one query, whatever tables exist.
 */
export type Fingerprint = Record<string, string>;

const rowsOf = (result: unknown): Record<string, unknown>[] =>
  (Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows) ?? [];

export async function databaseFingerprinter(db: Db): Promise<() => Promise<Fingerprint>> {
  const tables = rowsOf(
    await db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
    ),
  ).map((row) => String(row.table_name));
  const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = tables
    .map(
      (name) =>
        `(select count(*) || ':' || coalesce(md5(string_agg(x::text, '|' order by x::text)), '') from ${ident(name)} x) as ${ident(name)}`,
    )
    .join(', ');
  const query = sql.raw(`select ${columns}`);
  return async () => {
    const [row] = rowsOf(await db.execute(query));
    return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, String(v)]));
  };
}

/** The tables whose fingerprint differs, to name them in a failure. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
