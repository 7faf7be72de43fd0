import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { personMessages } from '../schema/index.ts';

/** How many reminders the person has been written this ISO week, of every kind. */
export async function remindersThisWeek(db: Db, personId: string, weekKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(personMessages)
    .where(and(eq(personMessages.personId, personId), eq(personMessages.weekKey, weekKey)));
  return row?.n ?? 0;
}

/** Counts one reminder against the person's week; the same `ref` twice counts once. */
export async function countReminder(
  db: Db,
  input: { personId: string; weekKey: string; ref: string; at: Date },
) {
  await db.insert(personMessages).values(input).onConflictDoNothing();
}
