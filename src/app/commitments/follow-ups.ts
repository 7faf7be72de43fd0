import { and, eq } from 'drizzle-orm';
import { planFollowUps } from '../../core/commitments/follow-up-plan.ts';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import type { WorkingHours } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { commitmentOwners, commitments, followUps, schools, teams } from '../../db/schema/index.ts';

/** Planned follow-ups of a commitment that will not be sent: it closed, or its date moved. */
export async function cancelFollowUps(tx: Db, commitmentId: string, reason: string): Promise<void> {
  await tx
    .update(followUps)
    .set({ status: 'cancelled', reason })
    .where(and(eq(followUps.commitmentId, commitmentId), eq(followUps.status, 'planned')));
}

/**
 * Plans (again) the follow-ups of an open commitment with a due date: one set per owner, or one for
 * the whole team. Called when the commitment is made and whenever its due date moves; what was
 * planned before is cancelled first, so a moved date never leaves an old reminder behind.
 */
export async function replanFollowUps(tx: Db, commitmentId: string, now: Date): Promise<number> {
  await cancelFollowUps(tx, commitmentId, 'replanned');
  const [row] = await tx
    .select({ commitment: commitments, team: teams, school: schools })
    .from(commitments)
    .innerJoin(teams, eq(teams.id, commitments.teamId))
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(commitments.id, commitmentId));
  if (row?.commitment.status !== 'open' || !row.commitment.dueDate) return 0;
  const { commitment, team, school } = row;
  const calendar = calendarOf(await loadCalendars(tx), team, school);
  const planned = planFollowUps({
    dueDate: commitment.dueDate!,
    now,
    zone: school.timezone,
    workingHours: school.workingHours as WorkingHours,
    isDayOff: schoolDayOff(calendar),
  });
  const owners = await tx
    .select({ personId: commitmentOwners.personId })
    .from(commitmentOwners)
    .where(eq(commitmentOwners.commitmentId, commitmentId));
  const recipients: (string | null)[] = owners.length ? owners.map((o) => o.personId) : [null];
  const values = planned.flatMap(({ kind, at }) =>
    recipients.map((personId) => ({
      key: `${commitmentId}:${kind}:${personId ?? 'team'}:${at.toISOString()}`,
      commitmentId,
      kind,
      personId,
      dueAt: at,
      createdAt: now,
    })),
  );
  // The same follow-up planned again (a date moved back) comes back; one already sent is never resent.
  if (values.length) {
    await tx
      .insert(followUps)
      .values(values)
      .onConflictDoUpdate({
        target: followUps.key,
        set: { status: 'planned', reason: null },
        setWhere: eq(followUps.status, 'cancelled'),
      });
  }
  return values.length;
}
