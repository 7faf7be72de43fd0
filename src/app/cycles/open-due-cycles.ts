import { and, asc, eq, gt, lte, or } from 'drizzle-orm';
import { decideOpening } from '../../core/loop/cycle-window.ts';
import {
  type DayOffPolicy,
  isoWeekKey,
  nextOccurrence,
  type WeeklySchedule,
  type WorkingHours,
} from '../../core/schedule/index.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import type { OutboxRow } from '../../db/repositories/outbox.ts';
import { schools, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { recordSkippedWeek, startCycle } from './start-cycle.ts';

/** Teams per transaction: short transactions, and a second worker can take the next batch. */
export const OPEN_BATCH = 200;

type Deps = Pick<AppDeps, 'db' | 'clock' | 'logger'>;
/** Where a batch ended, in (nextRunAt, id) order: the next batch starts after it. */
type Cursor = { nextRunAt: Date; id: string } | null;

/**
 * Tick stage 1: teams whose next prompt time has come — all of them, a batch at a time: a busy
 * slot (a few hundred teams at Tuesday 14:00 in a municipality) must not leave teams for the next
 * minute's tick. Rows are claimed with SKIP LOCKED, so two workers ticking at once split the work
 * instead of doing it twice. After downtime the team's missed occurrences collapse into one late
 * cycle: the next run is computed from *now*.
 */
export async function openDueCycles(deps: Deps & Partial<Pick<AppDeps, 'queue'>>): Promise<OutboxRow[]> {
  const written: OutboxRow[] = [];
  let cursor: Cursor = null;
  do {
    const batch = await openDueBatch(deps, cursor);
    written.push(...batch.written);
    // Sending starts with the first batch's prompts, not after the last batch is written.
    if (deps.queue) await handOver({ queue: deps.queue, logger: deps.logger }, batch.written);
    cursor = batch.last;
  } while (cursor);
  return written;
}

/** One batch; `last` is null when it was the last. A team left waiting is passed by the cursor. */
async function openDueBatch(deps: Deps, after: Cursor): Promise<{ written: OutboxRow[]; last: Cursor }> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ team: teams, school: schools })
      .from(teams)
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(
        and(
          eq(teams.active, true),
          lte(teams.nextRunAt, now),
          after
            ? or(
                gt(teams.nextRunAt, after.nextRunAt),
                and(eq(teams.nextRunAt, after.nextRunAt), gt(teams.id, after.id)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(teams.nextRunAt), asc(teams.id))
      .limit(OPEN_BATCH)
      .for('no key update', { of: teams, skipLocked: true });

    const written: OutboxRow[] = [];
    const calendars = due.length ? await loadCalendars(tx) : new Map();
    for (const { team, school } of due) {
      const occurrence = team.nextRunAt as Date;
      const next = nextOccurrence(team.schedule as WeeklySchedule, now, school.timezone);
      const decision = decideOpening({
        occurrence,
        now,
        zone: school.timezone,
        workingHours: school.workingHours as WorkingHours,
        closeAfterHours: team.closeAfterHours,
        nextOccurrence: next.at,
        calendar: calendarOf(calendars, team, school),
        onDayOff: team.onDayOff as DayOffPolicy,
      });
      if (decision.action === 'wait') continue;
      if (decision.action === 'move') {
        // Same week, a later school day: the team's next run is that moment, and nothing is recorded.
        await tx.update(teams).set({ nextRunAt: decision.to, updatedAt: now }).where(eq(teams.id, team.id));
        deps.logger.info({ team: team.key, to: decision.to }, 'prompt moved to the next school day');
        continue;
      }

      let nextRunAt: Date | null = next.at;
      if (decision.action === 'skip') {
        const weekKey = isoWeekKey(occurrence, school.timezone);
        await recordSkippedWeek(tx, { teamId: team.id, weekKey, at: occurrence, reason: decision.reason });
        deps.logger.info({ team: team.key, weekKey, reason: decision.reason }, 'week skipped');
      } else {
        // A late catch-up belongs to the week it is held in: it says "this week" to the team, and the
        // week's own scheduled time then finds it and opens nothing more.
        const weekKey = isoWeekKey(now, school.timezone);
        const result = await startCycle(tx, {
          teamId: team.id,
          weekKey,
          opensAt: now,
          closesAt: decision.closesAt,
        });
        if (result.started) {
          if (result.outbox) written.push(result.outbox);
          if (result.programmeFinished) nextRunAt = null;
          deps.logger.info({ team: team.key, weekKey, cycle: result.cycle.id }, 'cycle opened');
        } else if (result.reason === 'no_active_programme') {
          nextRunAt = null;
        }
      }
      await tx.update(teams).set({ nextRunAt, updatedAt: now }).where(eq(teams.id, team.id));
    }
    const tail = due.at(-1)?.team;
    const last =
      due.length === OPEN_BATCH && tail ? { nextRunAt: tail.nextRunAt as Date, id: tail.id } : null;
    return { written, last };
  });
}
