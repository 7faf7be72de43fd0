import { and, eq } from 'drizzle-orm';
import { nudgeDueAt } from '../../core/loop/cycle-window.ts';
import type { WorkingHours } from '../../core/schedule/index.ts';
import { responderIds } from '../../db/repositories/cycles.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Tick stage 2: reminder rounds that are due. Each round is written once (the cycle's nudge_rounds
 * moves on in the same transaction) and only to those who have not answered; the outbox key
 * `nudge:<cycle>:<person>:<round>` makes a repeated write harmless.
 */
export async function writeDueNudges(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const open = await tx
      .select({ cycle: cycles, team: teams, school: schools })
      .from(cycles)
      .innerJoin(teams, eq(teams.id, cycles.teamId))
      .innerJoin(schools, eq(schools.id, teams.schoolId))
      .where(and(eq(cycles.status, 'open')))
      .for('update', { of: cycles, skipLocked: true });

    const written: OutboxRow[] = [];
    for (const { cycle, team, school } of open) {
      const afterHours = team.reminders.afterHours;
      let round = cycle.nudgeRounds;
      while (round < afterHours.length) {
        const dueAt = nudgeDueAt({
          opensAt: cycle.opensAt,
          closesAt: cycle.closesAt,
          afterHours,
          round,
          zone: school.timezone,
          workingHours: school.workingHours as WorkingHours,
        });
        if (dueAt && dueAt > now) break;
        if (dueAt) {
          const answered = await responderIds(tx, cycle.id);
          for (const member of await membersOf(tx, team.id)) {
            if (answered.has(member.personId)) continue;
            const row = await enqueueOutbox(tx, {
              key: `nudge:${cycle.id}:${member.personId}:${round + 1}`,
              kind: 'nudge',
              teamId: team.id,
              cycleId: cycle.id,
              personId: member.personId,
              payload: { via: team.reminders.via },
            });
            if (row) written.push(row);
          }
        }
        round += 1;
      }
      if (round !== cycle.nudgeRounds) {
        await tx.update(cycles).set({ nudgeRounds: round }).where(eq(cycles.id, cycle.id));
      }
    }
    return written;
  });
}
