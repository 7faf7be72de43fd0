/**
 * Reading commitment follow-ups back from PostgreSQL in tests: which planned ones are due, their
 * outbox rows, which landed as local messages, and waiting until the outbox has settled.
 */
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Card } from '../../src/core/ui/model.ts';
import type { Database } from '../../src/db/client.ts';
import { commitments, followUps, localMessages, outbox, people, teams } from '../../src/db/schema/index.ts';

type Db = Database['db'];

/** A follow-up as it lands: the card's heading names its kind and quotes the commitment. */
const HEADINGS: [kind: string, pattern: RegExp][] = [
  ['before_due', /^Påminnelse: «(.+)» har frist /],
  ['due', /^I dag er fristen for «(.+)»$/],
  ['overdue', /^«(.+)» hadde frist /],
];
export function followUpOf(card: Card): { kind: string; what: string } | null {
  for (const [kind, pattern] of HEADINGS) {
    const match = pattern.exec(card.fallbackText ?? '');
    if (match) return { kind, what: match[1]! };
  }
  return null;
}

/** Polls `done` every 25 ms until it is true, and gives up after 600 tries (about 15 seconds). */
export async function waitFor(what: string, done: () => Promise<boolean>) {
  for (let i = 0; i < 600; i++) {
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Workers drained: every outbox row is sent or skipped; a failed one fails the test at once. */
export const settleOutbox = (db: Db) =>
  waitFor('the outbox to settle', async () => {
    const rows = await db.select().from(outbox);
    const failed = rows.find((r) => r.status === 'failed');
    if (failed) throw new Error(`outbox ${failed.key} failed: ${failed.lastError}`);
    return rows.every((r) => r.status === 'sent' || r.status === 'skipped');
  });

/** Follow-up messages as they landed: top-level local messages whose card is a follow-up. */
export async function landedFollowUps(db: Db) {
  const rows = await db
    .select()
    .from(localMessages)
    .where(isNull(localMessages.threadId))
    .orderBy(asc(localMessages.seq));
  return rows.flatMap((m) => {
    const followUp = followUpOf(m.card as Card);
    return followUp ? [{ id: m.id, label: `${m.conversationId} ${followUp.kind} ${followUp.what}` }] : [];
  });
}

/** Follow-ups still planned whose time has come by `now`, labelled as they should land. */
export async function duePlannedFollowUps(db: Db, now: Date) {
  const rows = await db
    .select({
      id: followUps.id,
      kind: followUps.kind,
      what: commitments.what,
      email: people.email,
      channel: teams.channelId,
    })
    .from(followUps)
    .innerJoin(commitments, eq(commitments.id, followUps.commitmentId))
    .innerJoin(teams, eq(teams.id, commitments.teamId))
    .leftJoin(people, eq(people.id, followUps.personId))
    .where(and(eq(followUps.status, 'planned'), lte(followUps.dueAt, now)));
  return rows.map((r) => ({
    id: r.id,
    key: `follow-up:${r.id}`,
    label: `${r.email ? `dm:${r.email}` : r.channel} ${r.kind} ${r.what}`,
  }));
}
export type DueFollowUps = Awaited<ReturnType<typeof duePlannedFollowUps>>;

/** The outbox rows written for these follow-ups (none yet, before the tick). */
export const followUpOutboxRows = (db: Db, due: DueFollowUps) =>
  due.length
    ? db
        .select()
        .from(outbox)
        .where(
          inArray(
            outbox.key,
            due.map((d) => d.key),
          ),
        )
    : Promise.resolve([]);
