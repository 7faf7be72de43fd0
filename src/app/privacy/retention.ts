import { and, eq, inArray, isNotNull, isNull, lt, ne, or, sql } from 'drizzle-orm';
import {
  type RetentionCutoffs,
  type RetentionPolicy,
  retentionCutoffs,
  retentionPolicy,
} from '../../core/privacy/retention.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import {
  auditEvents,
  commitments,
  cycles,
  inboundEvents,
  localMessages,
  outbox,
  owners,
  personMessages,
  piiEvents,
  responses,
  schools,
  sharedUpdates,
  supportRequests,
  teams,
} from '../../db/schema/index.ts';
import { anonymiseResponses, foldRawRatings } from './anonymise.ts';

/** What one run removed (or, in a dry run, would remove), by kind: counts, never content. */
export interface RetentionCounts {
  answersAnonymised: number;
  ratingsFolded: number;
  commitments: number;
  sharedUpdates: number;
  supportRequests: number;
  localMessages: number;
  piiEvents: number;
  auditEvents: number;
  deliveryRecords: number;
  reminderRecords: number;
}

export interface RetentionReport {
  owner: string;
  policy: RetentionPolicy;
  cutoffs: RetentionCutoffs;
  counts: RetentionCounts;
}

const ZERO: RetentionCounts = {
  answersAnonymised: 0,
  ratingsFolded: 0,
  commitments: 0,
  sharedUpdates: 0,
  supportRequests: 0,
  localMessages: 0,
  piiEvents: 0,
  auditEvents: 0,
  deliveryRecords: 0,
  reminderRecords: 0,
};

class DryRun extends Error {}

type OwnerRow = typeof owners.$inferSelect;

async function rowsDeleted(query: PromiseLike<{ id: unknown }[]>): Promise<number> {
  return (await query).length;
}

/** The owner's own data: rounds, answers, commitments and what its teams shared or asked for. */
async function ownerPass(tx: Db, owner: OwnerRow, cut: RetentionCutoffs, counts: RetentionCounts) {
  const ownerTeams = tx
    .select({ id: teams.id })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(schools.ownerId, owner.id));
  const roundsBefore = (before: Date, column: typeof cycles.opensAt | typeof cycles.closesAt) =>
    tx
      .select({ id: cycles.id })
      .from(cycles)
      .where(and(inArray(cycles.teamId, ownerTeams), lt(column, before)));

  counts.answersAnonymised += await anonymiseResponses(
    tx,
    inArray(responses.cycleId, roundsBefore(cut.responsesBefore, cycles.opensAt)),
    { unsayEchoes: false },
  );
  counts.ratingsFolded += await foldRawRatings(
    tx,
    inArray(responses.cycleId, roundsBefore(cut.ratingsBefore, cycles.closesAt)),
  );
  counts.commitments += await rowsDeleted(
    tx
      .delete(commitments)
      .where(
        and(
          inArray(commitments.teamId, ownerTeams),
          // Counted from when it was done (or dropped); one never closed, from when it was made.
          or(
            lt(commitments.closedAt, cut.commitmentsBefore),
            and(isNull(commitments.closedAt), lt(commitments.createdAt, cut.commitmentsBefore)),
          ),
        ),
      )
      .returning({ id: commitments.id }),
  );
  counts.sharedUpdates += await rowsDeleted(
    tx
      .delete(sharedUpdates)
      .where(
        and(inArray(sharedUpdates.teamId, ownerTeams), lt(sharedUpdates.decidedAt, cut.commitmentsBefore)),
      )
      .returning({ id: sharedUpdates.id }),
  );
  counts.supportRequests += await rowsDeleted(
    tx
      .delete(supportRequests)
      .where(
        and(
          inArray(supportRequests.teamId, ownerTeams),
          lt(supportRequests.createdAt, cut.commitmentsBefore),
        ),
      )
      .returning({ id: supportRequests.id }),
  );
  counts.piiEvents += await rowsDeleted(
    tx
      .delete(piiEvents)
      .where(and(inArray(piiEvents.teamId, ownerTeams), lt(piiEvents.at, cut.logsBefore)))
      .returning({ id: piiEvents.id }),
  );
  const ownerChannels = tx
    .select({ id: teams.channelId })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(and(eq(schools.ownerId, owner.id), isNotNull(teams.channelId)));
  counts.localMessages += await rowsDeleted(
    tx
      .delete(localMessages)
      .where(
        and(
          inArray(localMessages.conversationId, ownerChannels),
          lt(localMessages.createdAt, cut.responsesBefore),
        ),
      )
      .returning({ id: localMessages.id }),
  );
}

/**
 * Records that belong to no owner (the audit log, delivery records): kept as long as the most
 * patient owner keeps its logs, so no owner's audit trail is cut short by another's setting.
 */
async function sharedPass(tx: Db, cut: RetentionCutoffs, counts: RetentionCounts) {
  // The only delete the audit log allows (see migrations/0013_privacy.sql), for this transaction only.
  await tx.execute(sql`select set_config('refleks.retention', 'on', true)`);
  counts.auditEvents += await rowsDeleted(
    tx.delete(auditEvents).where(lt(auditEvents.at, cut.logsBefore)).returning({ id: auditEvents.id }),
  );
  counts.piiEvents += await rowsDeleted(
    tx
      .delete(piiEvents)
      .where(and(isNull(piiEvents.teamId), lt(piiEvents.at, cut.logsBefore)))
      .returning({ id: piiEvents.id }),
  );
  counts.reminderRecords += await rowsDeleted(
    tx
      .delete(personMessages)
      .where(lt(personMessages.at, cut.logsBefore))
      .returning({ id: personMessages.ref }),
  );
  counts.deliveryRecords += await rowsDeleted(
    tx
      .delete(outbox)
      .where(
        and(
          or(ne(outbox.status, 'pending'), isNotNull(outbox.sentAt)),
          ne(outbox.status, 'sending'),
          lt(outbox.createdAt, cut.deliveryRecordsBefore),
        ),
      )
      .returning({ id: outbox.id }),
  );
  // The local chat's direct messages (digests, reminders) belong to no team's channel.
  counts.localMessages += await rowsDeleted(
    tx
      .delete(localMessages)
      .where(lt(localMessages.createdAt, cut.deliveryRecordsBefore))
      .returning({ id: localMessages.id }),
  );
  counts.deliveryRecords += await rowsDeleted(
    tx
      .delete(inboundEvents)
      .where(lt(inboundEvents.receivedAt, cut.seenDeliveriesBefore))
      .returning({ id: inboundEvents.eventId }),
  );
}

async function zoneOf(db: Db, ownerId: string): Promise<string> {
  const [school] = await db
    .select({ zone: schools.timezone })
    .from(schools)
    .where(eq(schools.ownerId, ownerId))
    .limit(1);
  return school?.zone ?? DEFAULT_ZONE;
}

const DEFAULT_ZONE = 'Europe/Oslo';

export interface RetentionRun {
  owners: RetentionReport[];
  /** The audit log, delivery and reminder records, which belong to no one owner. */
  shared: {
    cutoffs: Pick<RetentionCutoffs, 'logsBefore' | 'deliveryRecordsBefore'>;
    counts: RetentionCounts;
  };
}

/**
 * Deletes what the owners' retention says is due, in one transaction, and writes an audit record
 * per owner (and one for the shared records) of what went: counts, not content. A dry run does the
 * same work and rolls it back, so what it reports is exactly what a real run would delete.
 */
export async function runRetention(
  db: Db,
  options: { now: Date; dryRun?: boolean; onlyOwners?: string[]; day?: string },
): Promise<RetentionRun> {
  let run: RetentionRun | null = null;
  try {
    await db.transaction(async (tx) => {
      const all = await tx.select().from(owners);
      const chosen = options.onlyOwners ? all.filter((o) => options.onlyOwners?.includes(o.key)) : all;
      const reports: RetentionReport[] = [];
      for (const owner of chosen) {
        const policy = retentionPolicy(owner.retention);
        const cutoffs = retentionCutoffs(policy, options.now, await zoneOf(tx, owner.id));
        const counts = { ...ZERO };
        await ownerPass(tx, owner, cutoffs, counts);
        reports.push({ owner: owner.key, policy, cutoffs, counts });
        if (options.day) {
          await tx.update(owners).set({ retentionRanOn: options.day }).where(eq(owners.id, owner.id));
        }
      }
      const base = retentionCutoffs(retentionPolicy(null), options.now, DEFAULT_ZONE);
      const each = all.map((o) => retentionCutoffs(retentionPolicy(o.retention), options.now, DEFAULT_ZONE));
      const oldest = (pick: (c: RetentionCutoffs) => Date) =>
        [pick(base), ...each.map(pick)].sort((a, b) => a.getTime() - b.getTime())[0] ?? pick(base);
      const shared = { ...ZERO };
      const sharedCutoffs = {
        logsBefore: oldest((c) => c.logsBefore),
        deliveryRecordsBefore: oldest((c) => c.deliveryRecordsBefore),
        seenDeliveriesBefore: base.seenDeliveriesBefore,
      };
      await sharedPass(tx, { ...base, ...sharedCutoffs }, shared);
      for (const report of reports) {
        await audit(tx, {
          actor: 'system',
          action: 'retention.deleted',
          subjectKind: 'owner',
          subjectId: report.owner,
          details: { ...report.counts },
          at: options.now,
        });
      }
      await audit(tx, {
        actor: 'system',
        action: 'retention.deleted',
        details: { ...shared },
        at: options.now,
      });
      run = { owners: reports, shared: { cutoffs: sharedCutoffs, counts: shared } };
      if (options.dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  if (!run) throw new Error('retention run did not complete');
  return run;
}
