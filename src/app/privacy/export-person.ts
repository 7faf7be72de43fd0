import { eq, inArray, or } from 'drizzle-orm';
import { NotFoundError } from '../../core/errors.ts';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import { personByEmail } from '../../db/repositories/organisation.ts';
import {
  commitmentOwners,
  commitments,
  cycles,
  people,
  platformIdentities,
  responses,
  roleAssignments,
  sharedUpdates,
  supportRequests,
  teams,
} from '../../db/schema/index.ts';
import { withoutQuotes } from './anonymise.ts';

export interface ExportRequest {
  now: Date;
  /** The operator at the CLI, or the person themselves (`/refleks my-data`). */
  by: 'cli' | 'person';
}

/**
 * A person's own data, machine-readable (the right of access). Only what is theirs: their answers,
 * the commitments they made or own, what they wrote on the team's behalf (shared text, support
 * requests and replies); never other people's words.
 */
export async function exportPerson(db: Db, email: string, request: ExportRequest) {
  return exportPersonById(db, (await personByEmail(db, email)).id, request);
}

export async function exportPersonById(db: Db, personId: string, request: ExportRequest) {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) throw new NotFoundError(`no person with id ${personId}`);
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
  const shared = await db
    .select({
      team: teams.key,
      cycleId: sharedUpdates.cycleId,
      text: sharedUpdates.body,
      decidedAt: sharedUpdates.decidedAt,
    })
    .from(sharedUpdates)
    .innerJoin(teams, eq(teams.id, sharedUpdates.teamId))
    .where(eq(sharedUpdates.decidedBy, person.id));
  // A shared text may quote teammates' answers (`«…»` lines): those words are theirs, not the lead's.
  const quotedOthers = async (cycleId: string) =>
    (
      await db
        .select({ body: responses.body, by: responses.personId })
        .from(responses)
        .where(eq(responses.cycleId, cycleId))
    )
      .filter((r) => r.body && r.by !== person.id)
      .map((r) => `«${r.body}»`);
  const sharedOwn = await Promise.all(
    shared.map(async ({ cycleId, text, ...rest }) => ({
      ...rest,
      text: text === null ? null : withoutQuotes(text, await quotedOthers(cycleId)),
    })),
  );
  const support = await db
    .select({
      team: teams.key,
      request: supportRequests.body,
      reply: supportRequests.reply,
      requestedBy: supportRequests.requestedBy,
      createdAt: supportRequests.createdAt,
    })
    .from(supportRequests)
    .innerJoin(teams, eq(teams.id, supportRequests.teamId))
    .where(or(eq(supportRequests.requestedBy, person.id), eq(supportRequests.answeredBy, person.id)));
  await audit(db, {
    actor: request.by,
    actorPersonId: request.by === 'person' ? person.id : null,
    action: 'person.exported',
    subjectKind: 'person',
    subjectId: person.id,
  });
  return {
    exportedAt: request.now.toISOString(),
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
    sharedWithLeadership: sharedOwn,
    // Only their own side: the request if they asked, the reply if they answered.
    supportRequests: support.map((r) =>
      r.requestedBy === person.id
        ? { team: r.team, request: r.request, createdAt: r.createdAt }
        : { team: r.team, reply: r.reply, createdAt: r.createdAt },
    ),
  };
}
