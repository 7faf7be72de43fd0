import { and, asc, count, eq, lte, min, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { outbox } from '../schema/index.ts';

export type OutboxRow = typeof outbox.$inferSelect;

export type OutboxKind =
  | 'prompt'
  | 'refresh'
  | 'echo'
  | 'echo_update'
  | 'commitment'
  | 'commitment_done'
  | 'nudge'
  | 'summary'
  | 'shared'
  | 'follow_up'
  | 'commitment_changed'
  | 'digest'
  | 'support'
  | 'passed_on'
  | 'owner_digest';

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
      // Sendable at once unless told otherwise. Not the database's now(): its clock may run ahead of
      // the app's, and a row that is "not yet" sendable to the sender would wait for the next tick.
      notBefore: item.notBefore ?? new Date(0),
    })
    .onConflictDoNothing({ target: outbox.key })
    .returning();
  return rows[0] ?? null;
}

/**
 * How long a claimed row stays the claimer's. It must outlast the slowest send (the platform call and
 * the write after it), or a second sender takes over a send that is merely slow and posts it twice;
 * it is also how long a crashed sender's rows wait before another process sends them.
 */
export const DEFAULT_LEASE_MS = 2 * 60_000;

/**
 * Takes the row for sending. Only one caller can win: a row is claimable when it is pending, or when
 * an earlier sender's lease ran out (that sender crashed between sending and marking).
 */
export async function claimOutbox(
  db: Db,
  id: string,
  now: Date,
  leaseMs = DEFAULT_LEASE_MS,
): Promise<OutboxRow | null> {
  const rows = await db
    .update(outbox)
    .set({
      status: 'sending',
      attempts: sql`${outbox.attempts} + 1`,
      lockedUntil: new Date(now.getTime() + leaseMs),
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

/** The claim a sender holds: its writes count only while the row is still its own. */
export interface Claim {
  id: string;
  attempts: number;
}

/**
 * Every write after sending is conditional on the claim still being held: a sender whose lease ran
 * out (it hung, another took the row over) must not overwrite what the newer sender recorded.
 * Returns whether the write happened.
 */
async function finish(db: Db, claim: Claim, values: Partial<OutboxRow>): Promise<boolean> {
  const rows = await db
    .update(outbox)
    .set({ lockedUntil: null, ...values })
    .where(and(eq(outbox.id, claim.id), eq(outbox.status, 'sending'), eq(outbox.attempts, claim.attempts)))
    .returning({ id: outbox.id });
  return rows.length === 1;
}

export function markSent(db: Db, claim: Claim, now: Date, platformRef: unknown): Promise<boolean> {
  return finish(db, claim, { status: 'sent', sentAt: now, platformRef, lastError: null });
}

/** Nothing to send any more (the person answered, the cycle closed): done without a message. */
export function markSkipped(db: Db, claim: Claim, reason: string): Promise<boolean> {
  return finish(db, claim, { status: 'skipped', lastError: reason });
}

export function releaseForRetry(db: Db, claim: Claim, notBefore: Date, error: string): Promise<boolean> {
  return finish(db, claim, { status: 'pending', notBefore, lastError: error.slice(0, 1000) });
}

export function markFailed(db: Db, claim: Claim, error: string): Promise<boolean> {
  return finish(db, claim, { status: 'failed', lastError: error.slice(0, 1000) });
}

const sendableNow = (now: Date) =>
  and(
    lte(outbox.notBefore, now),
    or(eq(outbox.status, 'pending'), and(eq(outbox.status, 'sending'), lte(outbox.lockedUntil, now))),
  );

/** Rows that should be on the queue now, oldest first. */
export async function sendableOutbox(db: Db, now: Date, limit = 500): Promise<OutboxRow[]> {
  return db.select().from(outbox).where(sendableNow(now)).orderBy(asc(outbox.createdAt)).limit(limit);
}

/**
 * What the tick hands to the queue: every row that should be on it now (just the id and attempt,
 * which make the job id), so a lost Redis loses nothing. All of them, not a page: a Monday's
 * reminders for a municipality are over ten thousand rows, and handing over a few hundred a minute
 * would make the last wait an hour. The cap only bounds one tick's memory.
 */
export async function sendableRefs(
  db: Db,
  now: Date,
  limit = 100_000,
): Promise<Array<{ id: string; attempts: number }>> {
  return db
    .select({ id: outbox.id, attempts: outbox.attempts })
    .from(outbox)
    .where(sendableNow(now))
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

/** For /metrics: rows due and unsent, and how long the oldest has waited past its time. */
export async function outboxBacklog(db: Db, now: Date): Promise<{ pending: number; lagSeconds: number }> {
  const [row] = await db
    .select({ pending: count(), oldest: min(outbox.notBefore) })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.notBefore, now)));
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : null;
  return {
    pending: row?.pending ?? 0,
    lagSeconds: oldest === null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
  };
}
