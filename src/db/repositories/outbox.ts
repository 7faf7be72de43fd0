import { and, asc, eq, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export type OutboxKind = 'prompt' | 'refresh' | 'echo' | 'echo_update' | 'commitment' | 'nudge' | 'summary';

export interface OutboxInsert {
  key: string;
  kind: OutboxKind;
  teamId?: string | null;
  cycleId?: string | null;
  personId?: string | null;
  payload?: Record<string, unknown>;
  notBefore?: Date;
}

/** Writes the row unless its key exists; returns the row only when it is new. */
export async function enqueueOutbox(db: Db, item: OutboxInsert): Promise<OutboxRow | null> {
  const rows = await db
    .insert(outbox)
    .values({
      ...item,
      payload: item.payload ?? {},
      ...(item.notBefore ? { notBefore: item.notBefore } : {}),
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning();
  return rows[0] ?? null;
}

const LEASE_MS = 2 * 60_000;

/**
 * Takes the row for sending. Only one caller can win: a row is claimable when it is pending, or when
 * an earlier sender's lease ran out (that sender crashed between sending and marking).
 */
export async function claimOutbox(db: Db, id: string, now: Date): Promise<OutboxRow | null> {
  const rows = await db
    .update(outbox)
    .set({
      status: 'sending',
      attempts: sql`${outbox.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + LEASE_MS),
    })
    .where(
      and(
        eq(outbox.id, id),
        lte(outbox.notBefore, now),
        or(eq(outbox.status, 'pending'), and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now))),
      ),
    )
    .returning();
  return rows[0] ?? null;
}

export async function markSent(db: Db, id: string, now: Date, platformRef: unknown): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'sent', sentAt: now, platformRef, lockedUntil: null, lastError: null })
    .where(eq(outbox.id, id));
}

/** Nothing to send any more (the person answered, the cycle closed): done without a message. */
export async function markSkipped(db: Db, id: string, reason: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'skipped', lockedUntil: null, lastError: reason })
    .where(eq(outbox.id, id));
}

export async function releaseForRetry(db: Db, id: string, notBefore: Date, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'pending', notBefore, lockedUntil: null, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id));
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: 'failed', lockedUntil: null, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id));
}

/** Rows that should be on the queue now: the tick re-enqueues them, so a lost Redis loses nothing. */
export async function sendableOutbox(db: Db, now: Date, limit = 500): Promise<OutboxRow[]> {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        lte(outbox.notBefore, now),
        or(eq(outbox.status, 'pending'), and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now))),
      ),
    )
    .orderBy(asc(outbox.createdAt))
    .limit(limit);
}

export async function outboxByKey(db: Db, key: string): Promise<OutboxRow | null> {
  const rows = await db.select().from(outbox).where(eq(outbox.key, key));
  return rows[0] ?? null;
}

export async function outboxById(db: Db, id: string): Promise<OutboxRow | null> {
  const rows = await db.select().from(outbox).where(eq(outbox.id, id));
  return rows[0] ?? null;
}
