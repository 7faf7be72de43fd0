import { eq } from 'drizzle-orm';
import type { ChatAdapter, MessageRef } from '../../core/chat/port.ts';
import { PermanentDeliveryError } from '../../core/errors.ts';
import type { Card } from '../../core/ui/model.ts';
import type { Db } from '../../db/client.ts';
import { identityOf, type PersonRow, type TeamRow } from '../../db/repositories/organisation.ts';
import { platformIdentities } from '../../db/schema/index.ts';

/**
 * A private message to a person on their team's platform: the direct conversation remembered from
 * last time, or one opened now and remembered.
 */
export async function postToPerson(
  db: Db,
  adapter: ChatAdapter,
  team: TeamRow,
  person: PersonRow,
  card: Card,
): Promise<MessageRef> {
  const identity = await identityOf(db, person.id, team.platform, team.tenantId);
  if (!identity) throw new PermanentDeliveryError(`${person.email} has no ${team.platform} identity`);
  const user = { platform: adapter.platform, tenantId: team.tenantId, userId: identity.userId };
  let conversationId = identity.directConversationId;
  if (!conversationId) {
    conversationId = (await adapter.openDirect(user)).conversationId;
    await db
      .update(platformIdentities)
      .set({ directConversationId: conversationId })
      .where(eq(platformIdentities.id, identity.id));
  }
  return adapter.post({ platform: adapter.platform, tenantId: team.tenantId, conversationId }, card);
}
