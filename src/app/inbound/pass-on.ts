import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { InboundEvent, InboundResult } from '../../core/chat/port.ts';
import { t } from '../../core/i18n/index.ts';
import { isUuid } from '../../core/loop/ids.ts';
import { audit, recordInbound } from '../../db/repositories/events.ts';
import type { PersonRow } from '../../db/repositories/organisation.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { roleAssignments, sharedUpdates, teams } from '../../db/schema/index.ts';
import { type AppDeps, handOver } from '../deps.ts';
import { resolveLocale } from '../locale.ts';

/**
 * DESIGN §5: the school owner sees only text the school approved. The school's rector approves one
 * shared text at a time; the team is told in its channel, and a later withdrawal takes it back from
 * the owner too.
 */
export async function passOnToOwner(
  deps: AppDeps,
  person: PersonRow,
  event: Extract<InboundEvent, { kind: 'action' }>,
): Promise<InboundResult> {
  const locale = resolveLocale(person.locale);
  const [row] = isUuid(event.value)
    ? await deps.db
        .select({ shared: sharedUpdates, team: teams })
        .from(sharedUpdates)
        .innerJoin(teams, eq(teams.id, sharedUpdates.teamId))
        .where(and(eq(sharedUpdates.id, event.value), isNotNull(sharedUpdates.body)))
    : [];
  if (!row) return { type: 'notice', text: t(locale, 'error.unknownAction') };
  const [rector] = await deps.db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.personId, person.id),
        eq(roleAssignments.role, 'rector'),
        eq(roleAssignments.scopeKind, 'school'),
        eq(roleAssignments.scopeId, row.team.schoolId),
      ),
    );
  if (!rector) return { type: 'notice', text: t(locale, 'share.onlyRector') };
  const rows = await deps.db.transaction(async (tx) => {
    if (!(await recordInbound(tx, event.user.platform, event.eventId))) return [];
    const changed = await tx
      .update(sharedUpdates)
      .set({ ownerApprovedAt: deps.clock.now(), ownerApprovedBy: person.id })
      .where(
        and(
          eq(sharedUpdates.id, row.shared.id),
          isNotNull(sharedUpdates.body),
          isNull(sharedUpdates.ownerApprovedAt),
        ),
      )
      .returning();
    if (!changed.length) return [];
    await audit(tx, {
      actor: 'person',
      actorPersonId: person.id,
      action: 'school.shared_passed_on',
      subjectKind: 'team',
      subjectId: row.team.id,
    });
    const note = await enqueueOutbox(tx, {
      key: `passed_on:${row.shared.id}:${event.eventId}`,
      kind: 'passed_on',
      teamId: row.team.id,
      payload: { sharedId: row.shared.id },
    });
    return note ? [note] : [];
  });
  await handOver(deps, rows);
  return { type: 'notice', text: t(locale, 'share.passOnDone') };
}
