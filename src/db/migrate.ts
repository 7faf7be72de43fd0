import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database, Db, Schema } from './client.ts';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Arbitrary but fixed: every Refleks process agrees on it, so two starting together take turns. */
export const MIGRATION_LOCK_KEY = 727_001;

export async function migrateDatabase(database: Database): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, async (db) => {
    const config = { migrationsFolder: MIGRATIONS_FOLDER };
    if (database.driver === 'pglite') await migratePglite(db as unknown as PgliteDatabase<Schema>, config);
    else await migratePostgres(db as unknown as PostgresJsDatabase<Schema>, config);
  });
}

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * How many of the migrations this code ships the database has not applied (0: up to date). drizzle
 * records each applied migration's folder time in drizzle.__drizzle_migrations; /readyz says "not
 * ready" until a starting process (or `refleks migrate`) has caught the database up.
 */
export async function migrationsBehind(db: Db): Promise<number> {
  const journal = JSON.parse(
    await readFile(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8'),
  ) as Journal;
  // postgres.js answers with the rows, PGlite with { rows }.
  const first = async (query: ReturnType<typeof sql>) => {
    const result = await db.execute(query);
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
      value: string | null;
    }[];
    return rows[0]?.value ?? null;
  };
  // A database never migrated has no such table yet: everything is still to apply.
  const table = await first(sql`select to_regclass('drizzle.__drizzle_migrations')::text as value`);
  const last = table
    ? Number(
        await first(
          sql`select coalesce(max(created_at), 0)::text as value from drizzle.__drizzle_migrations`,
        ),
      )
    : 0;
  return journal.entries.filter((entry) => entry.when > last).length;
}
