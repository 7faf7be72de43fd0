import { and, asc, eq, inArray } from 'drizzle-orm';
import { nudgeDueAt, schoolDayOff } from '../../core/loop/cycle-window.ts';
import { isoWeekKey, isWithinWorkingHours, type WorkingHours } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { responderIds } from '../../db/repositories/cycles.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { countReminder, lockReminders, remindersThisWeek } from '../../db/repositories/person-messages.ts';
import { cycles, owners, schools, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';

/**
 * Tick stage 2: reminder rounds that are due. Each round is written once (the cycle's nudge_rounds
 * moves on in the same transaction) and only to those who have not answered; the outbox key
 * `nudge:<cycle>:<person>:<round>` makes a repeated write harmless.
 */
/**
 * By DM: one reminder to each person who has not answered. In the thread: one reminder for the team
 * that names nobody, so the channel does not become a list of who has not answered.
 */
async function writeRound(
  tx: Db,
  input: {
    cycleId: string;
    team: { id: string; reminders: { via: 'dm' | 'thread' } };
    round: number;
    /** The weekly cap on reminders per person, counted across prompt reminders and follow-ups. */
    cap: { weekKey: string; limit: number; now: Date };
  },
): Promise<OutboxRow[]> {
  const { cycleId, team, round, cap } = input;
  const base = { kind: 'nudge' as const, teamId: team.id, cycleId, payload: { via: team.reminders.via } };
  if (team.reminders.via === 'thread') {
    const row = await enqueueOutbox(tx, { ...base, key: `nudge:${cycleId}:team:${round + 1}` });
    return row ? [row] : [];
  }
  const answered = await responderIds(tx, cycleId);
  const rows: OutboxRow[] = [];
  for (const member of await membersOf(tx, team.id)) {
    if (answered.has(member.personId)) continue;
    await lockReminders(tx, member.personId);
    if ((await remindersThisWeek(tx, member.personId, cap.weekKey)) >= cap.limit) continue;
    const key = `nudge:${cycleId}:${member.personId}:${round + 1}`;
    await countReminder(tx, { personId: member.personId, weekKey: cap.weekKey, ref: key, at: cap.now });
    const row = await enqueueOutbox(tx, { ...base, key, personId: member.personId });
    if (row) rows.push(row);
  }
  return rows;
}

/** Open cycles per transaction: a municipality's Monday is thousands of reminders. */
const NUDGE_BATCH = 100;

/**
 * All open cycles, a batch at a time, each batch's reminders handed to the queue as soon as its
 * transaction commits (when `queue` is given), so sending starts while later batches are written.
 */
export async function writeDueNudges(
  deps: Pick<AppDeps, 'db' | 'clock'> & Partial<Pick<AppDeps, 'queue' | 'logger'>>,
): Promise<OutboxRow[]> {
  const open = await deps.db
    .select({ id: cycles.id })
    .from(cycles)
    .where(eq(cycles.status, 'open'))
    .orderBy(asc(cycles.id));
  const written: OutboxRow[] = [];
  for (let i = 0; i < open.length; i += NUDGE_BATCH) {
    const batch = await writeDueBatch(
      deps,
      open.slice(i, i + NUDGE_BATCH).map((c) => c.id),
    );
    written.push(...batch);
    if (deps.queue && deps.logger) await handOver({ queue: deps.queue, logger: deps.logger }, batch);
  }
  return written;
}

async function writeDueBatch(deps: Pick<AppDeps, 'db' | 'clock'>, cycleIds: string[]): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    // Read again under the lock: another worker may have written this round since the list above.
    const open = await tx
      .select({ cycle: cycles, team: teams, school: schools, owner: owners })
      .from(cycles)
      .innerJoin(teams, eq(teams.id, cycles.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .innerJoin(owners, eq(owners.id, schools.ownerId))
      .where(and(eq(cycles.status, 'open'), inArray(cycles.id, cycleIds)))
      .for('no key update', { of: cycles, skipLocked: true });

    const written: OutboxRow[] = [];
    const calendars = open.length ? await loadCalendars(tx) : new Map();
    for (const { cycle, team, school, owner } of open) {
      // A paused team gets no reminders either.
      if (!team.active) continue;
      const workingHours = school.workingHours as WorkingHours;
      const calendar = calendarOf(calendars, team, school);
      // A late tick (after downtime, at night, in a holiday) waits for working hours rather than nudging now.
      if (!isWithinWorkingHours(now, workingHours, school.timezone, schoolDayOff(calendar))) continue;
      const afterHours = team.reminders.afterHours;
      let round = cycle.nudgeRounds;
      let dueRound: number | null = null;
      while (round < afterHours.length) {
        const dueAt = nudgeDueAt({
          opensAt: cycle.opensAt,
          closesAt: cycle.closesAt,
          afterHours,
          round,
          zone: school.timezone,
          workingHours,
          calendar,
        });
        if (dueAt && dueAt > now) break;
        if (dueAt) dueRound = round;
        round += 1;
      }
      // Several rounds overdue at once (after downtime) become one reminder, not a burst.
      if (dueRound !== null)
        written.push(
          ...(await writeRound(tx, {
            cycleId: cycle.id,
            team,
            round: dueRound,
            cap: { weekKey: isoWeekKey(now, school.timezone), limit: owner.weeklyReminderCap, now },
          })),
        );
      if (round !== cycle.nudgeRounds) {
        await tx.update(cycles).set({ nudgeRounds: round }).where(eq(cycles.id, cycle.id));
      }
    }
    return written;
  });
}
