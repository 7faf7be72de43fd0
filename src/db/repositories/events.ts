import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { auditEvents, inboundEvents, piiEvents } from '../schema/index.ts';

/** True the first time an event id is seen; false for a platform's retry of the same delivery. */
export async function recordInbound(db: Db, platform: string, eventId: string): Promise<boolean> {
  const rows = await db
    .insert(inboundEvents)
    .values({ platform, eventId })
    .onConflictDoNothing()
    .returning({ eventId: inboundEvents.eventId });
  return rows.length === 1;
}

/** Whether a delivery was already processed: a platform's re-send gets the same answer, not an error. */
export async function seenInbound(db: Db, platform: string, eventId: string): Promise<boolean> {
  const rows = await db
    .select({ eventId: inboundEvents.eventId })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.platform, platform), eq(inboundEvents.eventId, eventId)));
  return rows.length > 0;
}

export async function audit(
  db: Db,
  event: {
    actor: 'cli' | 'system' | 'person';
    actorPersonId?: string | null;
    action: string;
    subjectKind?: string;
    subjectId?: string;
    details?: Record<string, unknown>;
    /** When it happened, where that is the app's clock rather than the database's (retention runs). */
    at?: Date;
  },
): Promise<void> {
  await db.insert(auditEvents).values({ ...event, details: event.details ?? {} });
}

/** Records that something was blocked, where; the value itself is never passed here. */
export async function recordPiiBlock(db: Db, event: { kind: string; place: string; teamId?: string | null }) {
  await db.insert(piiEvents).values(event);
}
