import { and, count, eq, sql } from 'drizzle-orm';
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

/**
 * Serialises reminder-writing for one person until the transaction ends: two workers ticking at once
 * (one writing prompt reminders, one follow-ups) must not both slip under the weekly cap.
 */
export async function lockReminders(tx: Db, personId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`reminders:${personId}`}))`);
}

/** A reminder that was never delivered (its commitment closed first) gives the person's week back. */
export async function uncountReminder(db: Db, personId: string, ref: string): Promise<void> {
  await db
    .delete(personMessages)
    .where(and(eq(personMessages.personId, personId), eq(personMessages.ref, ref)));
}
