import { fileURLToPath } from 'node:url';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { Database, Schema } from './client.ts';

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
