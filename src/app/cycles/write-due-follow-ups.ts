import { and, asc, eq, lte } from 'drizzle-orm';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import { isoWeekKey, isWithinWorkingHours, type WorkingHours } from '../../core/schedule/index.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { countReminder, lockReminders, remindersThisWeek } from '../../db/repositories/person-messages.ts';
import { commitments, followUps, owners, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

const BATCH = 500;

/**
 * Tick stage: commitment follow-ups whose time has come. Each becomes one outbox row, written once
 * (the follow-up is marked in the same transaction); a Redis that lost its jobs catches up from the
 * outbox. None is written for a commitment that was closed meanwhile, for a paused team, outside
 * working hours or on a day without school (it waits), or past the person's weekly cap (skipped:
 * the commitment still shows in the team's next prompt).
 */
export async function writeDueFollowUps(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ followUp: followUps, commitment: commitments, team: teams, school: schools, owner: owners })
      .from(followUps)
      .innerJoin(commitments, eq(commitments.id, followUps.commitmentId))
      .innerJoin(teams, eq(teams.id, commitments.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .innerJoin(owners, eq(owners.id, schools.ownerId))
      .where(and(eq(followUps.status, 'planned'), lte(followUps.dueAt, now)))
      .orderBy(asc(followUps.dueAt))
      .limit(BATCH)
      .for('no key update', { of: followUps, skipLocked: true });
    const written: OutboxRow[] = [];
    const calendars = due.length ? await loadCalendars(tx) : new Map();
    const skip = async (id: string, status: 'cancelled' | 'skipped', reason: string) => {
      await tx.update(followUps).set({ status, reason }).where(eq(followUps.id, id));
    };
    // After downtime several follow-ups of one commitment may be due at once: only the latest says
    // what is true now (an overdue reminder, not yesterday's question as well).
    const latest = new Map<string, string>();
    for (const { followUp } of due) latest.set(`${followUp.commitmentId}:${followUp.personId}`, followUp.id);
    for (const { followUp, commitment, team, school, owner } of due) {
      if (latest.get(`${followUp.commitmentId}:${followUp.personId}`) !== followUp.id) {
        await skip(followUp.id, 'skipped', 'superseded');
        continue;
      }
      if (commitment.status !== 'open') {
        await skip(followUp.id, 'cancelled', `commitment ${commitment.status}`);
        continue;
      }
      if (!team.active) {
        await skip(followUp.id, 'skipped', 'team paused');
        continue;
      }
      const calendar = calendarOf(calendars, team, school);
      const hours = school.workingHours as WorkingHours;
      // A late tick (at night, in a holiday) leaves it planned: the next working moment writes it.
      if (!isWithinWorkingHours(now, hours, school.timezone, schoolDayOff(calendar))) continue;
      const weekKey = isoWeekKey(now, school.timezone);
      if (followUp.personId) {
        await lockReminders(tx, followUp.personId);
        const sent = await remindersThisWeek(tx, followUp.personId, weekKey);
        if (sent >= owner.weeklyReminderCap) {
          await skip(followUp.id, 'skipped', 'weekly cap');
          continue;
        }
        await countReminder(tx, {
          personId: followUp.personId,
          weekKey,
          ref: `follow-up:${followUp.id}`,
          at: now,
        });
      }
      await tx.update(followUps).set({ status: 'sent' }).where(eq(followUps.id, followUp.id));
      const row = await enqueueOutbox(tx, {
        key: `follow-up:${followUp.id}`,
        kind: 'follow_up',
        teamId: team.id,
        personId: followUp.personId,
        payload: { followUpId: followUp.id },
      });
      if (row) written.push(row);
    }
    return written;
  });
}
