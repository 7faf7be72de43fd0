import { and, desc, eq, gte, inArray, isNotNull, ne, or } from 'drizzle-orm';
import type { LeaderSupport, LeaderTeam } from '../../core/home/leader-blocks.ts';
import { localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { people, sharedUpdates, supportRequests } from '../../db/schema/index.ts';

const ANSWERED_SHOWN_DAYS = 14;

/** What the team chose to share, newest first, and whether the school passed it on to the owner. */
export async function leaderShared(db: Db, teamId: string, zone: string): Promise<LeaderTeam['shared']> {
  const rows = await db
    .select()
    .from(sharedUpdates)
    .where(and(eq(sharedUpdates.teamId, teamId), isNotNull(sharedUpdates.body)))
    .orderBy(desc(sharedUpdates.decidedAt))
    .limit(3);
  return rows.map((s) => ({
    id: s.id,
    text: s.body ?? '',
    date: localDate(s.decidedAt, zone),
    passedOn: s.ownerApprovedAt !== null,
  }));
}

/**
 * The team's requests for support a leader should see: every one not yet answered, and those
 * answered in the last two weeks (so the leader sees that it was, and by whom).
 */
export async function leaderSupport(
  db: Db,
  teamId: string,
  zone: string,
  now: Date,
): Promise<LeaderSupport[]> {
  const since = new Date(now.getTime() - ANSWERED_SHOWN_DAYS * 86_400_000);
  const rows = await db
    .select()
    .from(supportRequests)
    .where(
      and(
        eq(supportRequests.teamId, teamId),
        or(ne(supportRequests.status, 'answered'), gte(supportRequests.answeredAt, since)),
      ),
    )
    .orderBy(desc(supportRequests.createdAt))
    .limit(5);
  const leaderIds = rows.map((r) => r.answeredBy).filter((id): id is string => id !== null);
  const names = leaderIds.length
    ? await db.select({ id: people.id, name: people.name }).from(people).where(inArray(people.id, leaderIds))
    : [];
  return rows.map((r) => ({
    id: r.id,
    text: r.body,
    date: localDate(r.createdAt, zone),
    status: r.status,
    by: names.find((n) => n.id === r.answeredBy)?.name ?? null,
    reply: r.reply,
  }));
}
