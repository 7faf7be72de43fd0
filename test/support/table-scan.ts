/**
 * Looks for values in everything Refleks keeps: every row of every table (read as text, so jsonb
 * payloads, arrays and composite columns are all searched) and every Redis key under a test's prefix
 * (BullMQ jobs, rate-limit counters). Separators between digits are removed from both sides before
 * comparing, so "018190 10001", "018190.10001" and "018190-10001" are all found as 01819010001.
 */
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '../../src/db/client.ts';

/** The synthetic test numbers of issue 8: a fødselsnummer (month + 80) and a D-number (day + 40). */
export const SYNTHETIC_FNR = '01819010001';
export const SYNTHETIC_DNR = '41819010186';
export const IDENTITY_NEEDLES = [SYNTHETIC_FNR, SYNTHETIC_DNR] as const;

/** Whitespace (also as JSON's `\n`, `\t`), dots and dashes removed: what is left of a number's digits. */
export function normalise(text: string): string {
  return text.replace(/\\[nrt]/g, '').replace(/[\s.\-\u2013\u2014\u00a0]/g, '');
}

/** True when `text` holds any needle, also with separators between its characters. */
export function holds(text: string, needles: readonly string[] = IDENTITY_NEEDLES): boolean {
  const flat = normalise(text);
  return needles.some((needle) => flat.includes(normalise(needle)));
}

export interface Hit {
  /** `schema.table`, or `redis` for a Redis key. */
  where: string;
  /** The whole row as PostgreSQL prints it (`select t::text`), or `key => value` for Redis. */
  text: string;
}

type Rows = Record<string, unknown>[];
/** postgres-js returns the rows as an array; PGlite as `{ rows }`. */
const rowsOf = (result: unknown): Rows =>
  Array.isArray(result) ? (result as Rows) : ((result as { rows?: Rows }).rows ?? []);
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every ordinary (and partitioned) table outside PostgreSQL's own schemas, as `schema.table`. */
export async function listTables(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    select n.nspname as schema, c.relname as name
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and n.nspname not in ('pg_catalog', 'information_schema')
      and n.nspname not like 'pg_toast%'
      and n.nspname not like 'pg_temp%'
    order by 1, 2`);
  return rowsOf(result).map((r) => `${r.schema}.${r.name}`);
}

/** Every row of every table, as text. */
export async function dumpTables(db: Db): Promise<Hit[]> {
  const all: Hit[] = [];
  for (const table of await listTables(db)) {
    const [schema, name] = table.split('.') as [string, string];
    const rows = rowsOf(
      await db.execute(sql.raw(`select t::text as row from ${quoteIdent(schema)}.${quoteIdent(name)} t`)),
    );
    for (const r of rows) all.push({ where: table, text: String(r.row) });
  }
  return all;
}

/** Every key under `prefix:` with its value, whatever its type, as text. */
export async function dumpRedis(redis: Redis, prefix: string): Promise<Hit[]> {
  const keys = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) keys.add(key);
  } while (cursor !== '0');
  const all: Hit[] = [];
  for (const key of [...keys].sort()) {
    const type = await redis.type(key);
    let value: unknown;
    if (type === 'string') value = await redis.get(key);
    else if (type === 'hash') value = await redis.hgetall(key);
    else if (type === 'list') value = await redis.lrange(key, 0, -1);
    else if (type === 'set') value = await redis.smembers(key);
    else if (type === 'zset') value = await redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'stream') value = await redis.xrange(key, '-', '+');
    else continue; // expired between SCAN and TYPE
    all.push({ where: 'redis', text: `${key} => ${JSON.stringify(value)}` });
  }
  return all;
}

export interface ScanTarget {
  db: Db;
  redis?: { client: Redis; prefix: string };
}

/** Where the needles (by default the identity numbers of issue 8) stand now: table rows and Redis keys. */
export async function scanFor(
  target: ScanTarget,
  needles: readonly string[] = IDENTITY_NEEDLES,
): Promise<Hit[]> {
  const everything = [
    ...(await dumpTables(target.db)),
    ...(target.redis ? await dumpRedis(target.redis.client, target.redis.prefix) : []),
  ];
  return everything.filter((hit) => holds(hit.text, needles));
}

/** Hits in `after` that were not already in `before`: what one step added. */
export function newHits(before: Hit[], after: Hit[]): Hit[] {
  const seen = new Set(before.map((h) => `${h.where}\u0000${h.text}`));
  return after.filter((h) => !seen.has(`${h.where}\u0000${h.text}`));
}

/** `table: row` lines, short enough to read in a failed assertion. */
export function describeHits(hits: Hit[]): string[] {
  return hits.map((h) => `${h.where}: ${h.text.length > 400 ? `${h.text.slice(0, 400)}…` : h.text}`);
}
