import { eq, getTableName } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { owners, people, schools, teams } from '../../db/schema/index.ts';
import { changedFields } from './desired.ts';

/** The write mechanics every step of applyOrg shares: counting, stamped writes, chunked queries. */

export type Outcome = 'created' | 'updated' | 'unchanged';
/** A row the file changed: for the audit log (which fields; new values only for settings, not people). */
export interface SettingsChange {
  table: string;
  id: string;
  fields: Record<string, unknown>;
}

/** Adds to the ApplyReport count for `outcome`; `changed` hears of every row updated. */
export type Tally = ((outcome: Outcome, n?: number) => void) & { changed?: (change: SettingsChange) => void };

/** The tables whose rows carry created_at and updated_at. */
type StampedTable = typeof owners | typeof schools | typeof teams | typeof people;

/** Inserts one row stamped as created and updated `now`, and returns its id. */
export async function createRow<T extends StampedTable>(
  tx: Db,
  table: T,
  values: Omit<T['$inferInsert'], 'createdAt' | 'updatedAt'>,
  now: Date,
  tally: Tally,
): Promise<string> {
  // drizzle cannot relate a union of tables to its columns; every table here has id and the stamps.
  const t = table as typeof owners;
  const [row] = await tx
    .insert(t)
    .values({ ...values, createdAt: now, updatedAt: now } as typeof owners.$inferInsert)
    .returning({ id: t.id });
  tally('created');
  return (row as { id: string }).id;
}

/**
 * Writes only the fields that differ, and bumps updated_at only then: a second apply of the same
 * file must leave every row exactly as it was.
 */
export async function updateIfChanged<T extends StampedTable>(
  tx: Db,
  table: T,
  current: { id: string } & Record<string, unknown>,
  desired: Record<string, unknown>,
  now: Date,
  tally: Tally,
): Promise<Outcome> {
  const changes = changedFields(current, desired);
  const outcome: Outcome = Object.keys(changes).length === 0 ? 'unchanged' : 'updated';
  if (outcome === 'updated') {
    // As in createRow: every table here has id and updated_at.
    const t = table as typeof owners;
    await tx
      .update(t)
      .set({ ...changes, updatedAt: now } as Partial<typeof owners.$inferInsert>)
      .where(eq(t.id, current.id));
    const name: string = getTableName(table);
    tally.changed?.({
      table: name,
      id: current.id,
      // A person's name is theirs, not a setting: the log says that it changed, not to what.
      fields:
        name === 'people' ? Object.fromEntries(Object.keys(changes).map((k) => [k, 'changed'])) : changes,
    });
  }
  tally(outcome);
  return outcome;
}
