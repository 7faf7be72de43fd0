import { TeamsInfo, type TurnContext } from 'botbuilder';
import { and, eq } from 'drizzle-orm';
import type { UserRef } from '../../src/core/chat/port.ts';
import type { Db } from '../../src/db/client.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { people, platformIdentities } from '../../src/db/schema/index.ts';

/**
 * The organisation file may name a person by e-mail only. The first time such a person does
 * something in Teams, their e-mail is read from the roster and their AAD object id is remembered,
 * so the core knows them from then on.
 */
export async function learnTeamsIdentity(context: TurnContext, db: Db, user: UserRef): Promise<void> {
  if (await personByIdentity(db, user)) return;
  let email: string | undefined;
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    email = (member.email ?? member.userPrincipalName ?? undefined)?.toLowerCase();
  } catch {
    return; // not in the roster (or the roster cannot be read): the core answers "unknown person"
  }
  if (!email) return;
  const [person] = await db.select().from(people).where(eq(people.email, email));
  if (!person) return;
  const [existing] = await db
    .select()
    .from(platformIdentities)
    .where(and(eq(platformIdentities.personId, person.id), eq(platformIdentities.platform, 'teams')));
  if (existing) return; // already bound to another Teams account: never rebind silently
  await db
    .insert(platformIdentities)
    .values({ personId: person.id, platform: 'teams', tenantId: user.tenantId, userId: user.userId })
    .onConflictDoNothing();
}
