import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
/** One type for both drivers; a transaction is a Db too, so repositories take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  /** Runs `fn` while holding a session-level advisory lock (migrations, seeding). */
  withAdvisoryLock<T>(lockKey: number, fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true };

export async function openDatabase(
  target: DatabaseTarget,
  options: { max?: number } = {},
): Promise<Database> {
  if ('url' in target) return openPostgres(target.url, options.max ?? 10);
  return openPglite('dataDir' in target ? target.dataDir : undefined);
}

function openPostgres(url: string, max: number): Database {
  // onnotice: silence "relation already exists, skipping" chatter from migrations.
  const sql = postgres(url, { max, onnotice: () => {} });
  const db = drizzlePostgres(sql, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres',
    async withAdvisoryLock(lockKey, fn) {
      // A session lock needs one session: a dedicated single-connection client for the duration.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${lockKey})`;
        try {
          return await fn(drizzlePostgres(single, { schema }) as unknown as Db);
        } finally {
          await single`select pg_advisory_unlock(${lockKey})`;
        }
      } finally {
        await single.end();
      }
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'pglite',
    // PGlite is one process and one connection: nobody else can race us, so no lock is needed.
    withAdvisoryLock: (_key, fn) => fn(db),
    close: () => client.close(),
  };
}
