import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../runtime/services.ts';

/** Opens the configured database for one command, migrated, and always closes it again. */
export async function withDatabase<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(database);
    return await fn(database.db);
  } finally {
    await database.close();
  }
}
