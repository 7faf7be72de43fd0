import { and, eq, lte } from 'drizzle-orm';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import { nextWorkingMoment, type WorkingHours } from '../../core/schedule/index.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Tick stage 3: cycles whose time is up are closed; the summary and the final prompt state follow.
 * The prompt's card shows "closed" at once (an edit notifies no one), but the summary is a message:
 * it waits for working hours on a school day, like every other scheduled message.
 */
export async function closeDueCycles(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select({ cycle: cycles, team: teams, school: schools })
      .from(cycles)
      .innerJoin(teams, eq(teams.id, cycles.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(and(eq(cycles.status, 'open'), lte(cycles.closesAt, now)))
      .for('no key update', { of: cycles, skipLocked: true });
    const written: OutboxRow[] = [];
    const calendars = due.length ? await loadCalendars(tx) : new Map();
    for (const { cycle, team, school } of due) {
      await tx.update(cycles).set({ status: 'closed', closedAt: now }).where(eq(cycles.id, cycle.id));
      const summaryAt = nextWorkingMoment(
        now,
        school.workingHours as WorkingHours,
        school.timezone,
        schoolDayOff(calendarOf(calendars, team, school)),
      );
      for (const [key, kind, notBefore] of [
        [`refresh:${cycle.id}:closed`, 'refresh', undefined],
        [`summary:${cycle.id}`, 'summary', summaryAt > now ? summaryAt : undefined],
      ] as const) {
        const row = await enqueueOutbox(tx, {
          key,
          kind,
          teamId: cycle.teamId,
          cycleId: cycle.id,
          ...(notBefore ? { notBefore } : {}),
        });
        if (row) written.push(row);
      }
    }
    return written;
  });
}
