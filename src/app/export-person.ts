import { eq, inArray, or } from 'drizzle-orm';
import { NotFoundError } from '../core/errors.ts';
import type { Db } from '../db/client.ts';
import { audit } from '../db/repositories/events.ts';
import {
  commitmentOwners,
  commitments,
  cycles,
  people,
  platformIdentities,
  responses,
  roleAssignments,
  teams,
} from '../db/schema/index.ts';

/**
 * A person's own data, machine-readable (the right of access). Only what is theirs: their answers,
 * the commitments they made or own; never other people's words.
 */
export async function exportPerson(db: Db, email: string) {
  const [person] = await db.select().from(people).where(eq(people.email, email.trim().toLowerCase()));
  if (!person) throw new NotFoundError(`no person with e-mail ${email}`);
  const identities = await db
    .select({
      platform: platformIdentities.platform,
      tenantId: platformIdentities.tenantId,
      userId: platformIdentities.userId,
    })
    .from(platformIdentities)
    .where(eq(platformIdentities.personId, person.id));
  const roles = await db
    .select({
      role: roleAssignments.role,
      scopeKind: roleAssignments.scopeKind,
      scopeId: roleAssignments.scopeId,
    })
    .from(roleAssignments)
    .where(eq(roleAssignments.personId, person.id));
  const answers = await db
    .select({
      team: teams.key,
      week: cycles.weekKey,
      step: cycles.stepKey,
      body: responses.body,
      rating: responses.rating,
      createdAt: responses.createdAt,
      editedAt: responses.editedAt,
    })
    .from(responses)
    .innerJoin(cycles, eq(cycles.id, responses.cycleId))
    .innerJoin(teams, eq(teams.id, cycles.teamId))
    .where(eq(responses.personId, person.id));
  const owned = await db
    .select({ id: commitmentOwners.commitmentId })
    .from(commitmentOwners)
    .where(eq(commitmentOwners.personId, person.id));
  const ownCommitments = await db
    .select()
    .from(commitments)
    .where(
      or(
        eq(commitments.createdBy, person.id),
        owned.length
          ? inArray(
              commitments.id,
              owned.map((o) => o.id),
            )
          : undefined,
      ),
    );
  await audit(db, { actor: 'cli', action: 'person.exported', subjectKind: 'person', subjectId: person.id });
  return {
    exportedAt: new Date().toISOString(),
    person: { email: person.email, name: person.name, locale: person.locale, createdAt: person.createdAt },
    identities,
    roles,
    responses: answers,
    commitments: ownCommitments.map((c) => ({
      what: c.what,
      trigger: c.trigger,
      evidence: c.evidence,
      dueDate: c.dueDate,
      status: c.status,
      impact: c.impact,
      createdAt: c.createdAt,
      createdByMe: c.createdBy === person.id,
    })),
  };
}
