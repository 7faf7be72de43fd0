import { and, asc, eq, inArray } from 'drizzle-orm';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import {
  isoWeekKey,
  isWithinWorkingHours,
  occurrenceInWeek,
  type Weekday,
  type WorkingHours,
} from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { platformIdentities, roleAssignments, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

type SchoolRow = typeof schools.$inferSelect;
const DEFAULT_DIGEST = { weekday: 'friday' as Weekday, time: '13:00' };

/**
 * The team whose platform carries a leader's private message: a chat platform the person is on
 * first, the embedded local chat (every person's e-mail) last; none when they are on neither.
 */
export function carrierTeam<T extends { platform: string; tenantId: string }>(
  candidates: T[],
  identities: { platform: string; tenantId: string }[],
): T | undefined {
  return (
    candidates.find(
      (t) =>
        t.platform !== 'local' &&
        identities.some((i) => i.platform === t.platform && i.tenantId === t.tenantId),
    ) ?? candidates.find((t) => identities.some((i) => i.platform === t.platform))
  );
}

/**
 * One private message per leader, each carried by the candidate team on a platform they are on
 * (carrierTeam); leaders on none of them get nothing. `message` says what to write for each.
 */
export async function writeToLeaders(
  tx: Db,
  personIds: string[],
  candidates: (typeof teams.$inferSelect)[],
  message: (personId: string) => {
    key: string;
    kind: 'digest' | 'owner_digest';
    payload: Record<string, unknown>;
  },
): Promise<OutboxRow[]> {
  if (!personIds.length || !candidates.length) return [];
  const identities = await tx
    .select()
    .from(platformIdentities)
    .where(inArray(platformIdentities.personId, personIds));
  const rows: OutboxRow[] = [];
  for (const personId of personIds) {
    const carrier = carrierTeam(
      candidates,
      identities.filter((i) => i.personId === personId),
    );
    if (!carrier) continue;
    const row = await enqueueOutbox(tx, { ...message(personId), teamId: carrier.id, personId });
    if (row) rows.push(row);
  }
  return rows;
}

/**
 * One digest message per rector of the school for the week. It is carried by one of the school's
 * teams (the one on the platform where the rector can be reached), which says where to send it.
 */
export async function writeDigests(tx: Db, school: SchoolRow, weekKey: string): Promise<OutboxRow[]> {
  const rectors = await tx
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.role, 'rector'),
        eq(roleAssignments.scopeKind, 'school'),
        eq(roleAssignments.scopeId, school.id),
      ),
    );
  const schoolTeams = await tx
    .select()
    .from(teams)
    .where(eq(teams.schoolId, school.id))
    .orderBy(asc(teams.key));
  if (!rectors.length || !schoolTeams.length) return [];
  return writeToLeaders(
    tx,
    rectors.map((r) => r.personId),
    schoolTeams,
    (personId) => ({
      key: `digest:${school.id}:${weekKey}:${personId}`,
      kind: 'digest',
      payload: { schoolKey: school.key, weekKey },
    }),
  );
}

/**
 * Tick stage: each school's weekly digest, once its time has come in the week, in working hours on a
 * school day. A week whose digest day has no school (a holiday week) has no digest.
 */
export async function writeDueDigests(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const all = await tx.select().from(schools).for('no key update', { skipLocked: true });
    const calendars = all.length ? await loadCalendars(tx) : new Map();
    const written: OutboxRow[] = [];
    for (const school of all) {
      const weekKey = isoWeekKey(now, school.timezone);
      if (school.lastDigestWeek === weekKey) continue;
      const schedule = (school.digestSchedule as typeof DEFAULT_DIGEST | null) ?? DEFAULT_DIGEST;
      const due = occurrenceInWeek(
        { weekday: schedule.weekday, time: schedule.time, cadence: 'weekly' },
        weekKey,
        school.timezone,
      );
      if (now < due) continue;
      const hours = school.workingHours as WorkingHours;
      const calendar = calendarOf(calendars, { calendarKey: null }, school);
      if (!isWithinWorkingHours(now, hours, school.timezone, schoolDayOff(calendar))) continue;
      written.push(...(await writeDigests(tx, school, weekKey)));
      await tx.update(schools).set({ lastDigestWeek: weekKey }).where(eq(schools.id, school.id));
    }
    return written;
  });
}
