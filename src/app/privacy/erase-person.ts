import { and, count, eq, inArray, isNotNull, like, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { audit } from '../../db/repositories/events.ts';
import { personByEmail } from '../../db/repositories/organisation.ts';
import {
  commitmentOwners,
  commitments,
  localMessages,
  outbox,
  people,
  platformIdentities,
  responses,
  roleAssignments,
  sharedUpdates,
  supportRequests,
  teamsConversations,
} from '../../db/schema/index.ts';
import { anonymiseResponses } from './anonymise.ts';

export interface ErasedCounts {
  answersAnonymised: number;
  commitmentsUnlinked: number;
  messagesToThem: number;
  localMessages: number;
  identities: number;
  roles: number;
}

/** A person's answers, anonymised: the words, rating and name go; that an answer was given stays. */
export async function deleteOwnAnswers(db: Db, personId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const deleted = await anonymiseResponses(tx, eq(responses.personId, personId), { unsayEchoes: true });
    // In the local chat Refleks is the platform: the person's replies in threads go too.
    const local = await tx
      .select({ userId: platformIdentities.userId })
      .from(platformIdentities)
      .where(and(eq(platformIdentities.personId, personId), eq(platformIdentities.platform, 'local')));
    if (local.length) {
      await tx.delete(localMessages).where(
        and(
          inArray(
            localMessages.authorUserId,
            local.map((l) => l.userId),
          ),
          isNotNull(localMessages.threadId),
        ),
      );
    }
    await audit(tx, {
      actor: 'person',
      actorPersonId: personId,
      action: 'person.answers_deleted',
      subjectKind: 'person',
      subjectId: personId,
      details: { answers: deleted },
    });
    return deleted;
  });
}

/**
 * The school owner's erase (`refleks erase --person EMAIL`): the person's answers, identities,
 * roles, direct messages and the local chat's copy of what they wrote, in one transaction. What the
 * team decided together (commitments, shared text, support requests) stays the team's; the person is
 * only taken off it. What is left are anonymous counts: that answers were given, ratings as counts.
 */
export async function erasePerson(db: Db, email: string): Promise<ErasedCounts & { personId: string }> {
  return db.transaction(async (tx) => {
    const person = await personByEmail(tx, email);
    const identities = await tx
      .select()
      .from(platformIdentities)
      .where(eq(platformIdentities.personId, person.id));
    const userIds = (platform: string) =>
      identities.filter((i) => i.platform === platform).map((i) => i.userId);

    const counts: ErasedCounts = {
      answersAnonymised: await anonymiseResponses(tx, eq(responses.personId, person.id), {
        unsayEchoes: true,
      }),
      commitmentsUnlinked: 0,
      messagesToThem: 0,
      localMessages: 0,
      identities: identities.length,
      roles: 0,
    };
    const owned = await tx
      .delete(commitmentOwners)
      .where(eq(commitmentOwners.personId, person.id))
      .returning({ id: commitmentOwners.commitmentId });
    // The history says what changed and when; who did it is the erased person's, so it goes.
    const mentioned = await tx
      .update(commitments)
      .set({
        createdBy: sql`case when ${commitments.createdBy} = ${person.id} then null else ${commitments.createdBy} end`,
        history: sql`(select coalesce(jsonb_agg(case when e->>'by' = ${person.id} then jsonb_set(e, '{by}', 'null') else e end), '[]'::jsonb) from jsonb_array_elements(${commitments.history}) e)`,
      })
      .where(
        or(
          eq(commitments.createdBy, person.id),
          sql`${commitments.history} @> ${JSON.stringify([{ by: person.id }])}::jsonb`,
        ),
      )
      .returning({ id: commitments.id });
    counts.commitmentsUnlinked = new Set([...owned, ...mentioned].map((r) => r.id)).size;
    await tx.update(sharedUpdates).set({ decidedBy: null }).where(eq(sharedUpdates.decidedBy, person.id));
    await tx
      .update(supportRequests)
      .set({ requestedBy: null })
      .where(eq(supportRequests.requestedBy, person.id));
    await tx
      .update(supportRequests)
      .set({ answeredBy: null })
      .where(eq(supportRequests.answeredBy, person.id));
    // Refleks's echoes of their answers stay, nobody's now: they hold the thread message to change.
    await tx
      .update(outbox)
      .set({ personId: null })
      .where(and(eq(outbox.personId, person.id), like(outbox.key, 'echo:%')));
    counts.messagesToThem = (
      await tx.delete(outbox).where(eq(outbox.personId, person.id)).returning({ id: outbox.id })
    ).length;
    const local = userIds('local');
    const localChats = identities.flatMap((i) =>
      i.platform === 'local' && i.directConversationId ? [i.directConversationId] : [],
    );
    if (local.length || localChats.length) {
      // What they wrote in the local chat, and their direct conversation with Refleks.
      counts.localMessages = (
        await tx
          .delete(localMessages)
          .where(
            or(
              local.length ? inArray(localMessages.authorUserId, local) : undefined,
              localChats.length ? inArray(localMessages.conversationId, localChats) : undefined,
            ),
          )
          .returning({ id: localMessages.id })
      ).length;
    }
    const teamsUsers = userIds('teams');
    if (teamsUsers.length) {
      await tx
        .delete(teamsConversations)
        .where(and(inArray(teamsConversations.userId, teamsUsers), eq(teamsConversations.kind, 'personal')));
    }
    // Identities, roles, reminder records and planned follow-ups to them go with the row (cascade).
    const { roles } = await countRoles(tx, person.id);
    counts.roles = roles;
    await tx.delete(people).where(eq(people.id, person.id));
    await audit(tx, {
      actor: 'cli',
      action: 'person.erased',
      subjectKind: 'person',
      subjectId: person.id,
      details: { ...counts },
    });
    return { ...counts, personId: person.id };
  });
}

async function countRoles(tx: Db, personId: string) {
  const [row] = await tx
    .select({ n: count() })
    .from(roleAssignments)
    .where(eq(roleAssignments.personId, personId));
  return { roles: row?.n ?? 0 };
}
