import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { MIGRATIONS_FOLDER, migrateDatabase, migrationsBehind } from '../../src/db/migrate.ts';

const shipped = (
  JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }
).entries.length;

/** What /readyz asks the database: are the migrations this code ships all applied? (PGlite) */
describe('migrationsBehind', () => {
  let database: Database;
  afterAll(() => database?.close());

  it('counts every shipped migration on a database never migrated, and none once migrated', async () => {
    database = await openDatabase({ memory: true });
    expect(shipped).toBeGreaterThan(10);
    expect(await migrationsBehind(database.db)).toBe(shipped);
    await migrateDatabase(database);
    expect(await migrationsBehind(database.db)).toBe(0);
  });
});
