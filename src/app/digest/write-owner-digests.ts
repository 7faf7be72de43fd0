import { and, asc, eq, inArray } from 'drizzle-orm';
import { ownerDigestTermDue } from '../../core/digest/owner-digest.ts';
import { schoolDayOff } from '../../core/loop/cycle-window.ts';
import { isWithinWorkingHours, localDate, type WorkingHours } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import type { OutboxRow } from '../../db/repositories/outbox.ts';
import { owners, roleAssignments, schools, teams } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { writeToLeaders } from './write-digests.ts';

/**
 * Tick stage: each school owner's termly digest, once per term, when the term has ended (see
 * ownerDigestTermDue), in the working hours of the owner's first school on a school day there. On
 * demand, the same figures come from `refleks digest --owner KEY --term T`.
 */
export async function writeDueOwnerDigests(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const all = await tx.select().from(owners).for('no key update', { skipLocked: true });
    const written: OutboxRow[] = [];
    for (const owner of all) {
      const ownSchools = await tx
        .select()
        .from(schools)
        .where(eq(schools.ownerId, owner.id))
        .orderBy(asc(schools.name));
      const first = ownSchools[0];
      if (!first) continue;
      const term = ownerDigestTermDue(localDate(now, first.timezone));
      if (!term || owner.lastDigestTerm === term) continue;
      const calendar = calendarOf(await loadCalendars(tx), { calendarKey: null }, first);
      if (
        !isWithinWorkingHours(now, first.workingHours as WorkingHours, first.timezone, schoolDayOff(calendar))
      )
        continue;
      written.push(
        ...(await writeOwnerDigests(
          tx,
          owner.id,
          owner.key,
          term,
          ownSchools.map((s) => s.id),
        )),
      );
      await tx.update(owners).set({ lastDigestTerm: term }).where(eq(owners.id, owner.id));
    }
    return written;
  });
}

async function writeOwnerDigests(
  tx: Db,
  ownerId: string,
  ownerKey: string,
  term: string,
  schoolIds: string[],
) {
  const readers = await tx
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.role, 'school_owner'),
        eq(roleAssignments.scopeKind, 'owner'),
        eq(roleAssignments.scopeId, ownerId),
      ),
    );
  const candidates = await tx
    .select()
    .from(teams)
    .where(inArray(teams.schoolId, schoolIds))
    .orderBy(asc(teams.key));
  return writeToLeaders(
    tx,
    readers.map((r) => r.personId),
    candidates,
    (personId) => ({
      key: `owner_digest:${ownerId}:${term}:${personId}`,
      kind: 'owner_digest',
      payload: { ownerKey, term },
    }),
  );
}
