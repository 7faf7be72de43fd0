import { eq } from 'drizzle-orm';
import type {
  ChatAdapter,
  ConversationRef,
  MessageRef,
  UserProfile,
  UserRef,
} from '../../src/core/chat/port.ts';
import { NotFoundError, PermanentDeliveryError } from '../../src/core/errors.ts';
import type { Card } from '../../src/core/ui/model.ts';
import type { Db } from '../../src/db/client.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { localMessages } from '../../src/db/schema/index.ts';

export const LOCAL_TENANT = 'local';

/** The direct conversation between Refleks and one local user. */
export function directConversationId(userId: string): string {
  return `dm:${userId}`;
}

/**
 * The embedded platform: "sending" a message stores it where the /dev page reads it. It is a real
 * ChatAdapter and passes the same conformance suite as Slack and Teams.
 */
export class LocalAdapter implements ChatAdapter {
  readonly platform = 'local' as const;
  constructor(private readonly db: Db) {}

  private checkTenant(ref: { tenantId: string; platform: string }) {
    if (ref.platform !== 'local' || ref.tenantId !== LOCAL_TENANT) {
      throw new PermanentDeliveryError(`the local adapter cannot reach ${ref.platform}/${ref.tenantId}`);
    }
  }

  async post(to: ConversationRef, card: Card): Promise<MessageRef> {
    this.checkTenant(to);
    const [row] = await this.db
      .insert(localMessages)
      .values({ conversationId: to.conversationId, card })
      .returning({ id: localMessages.id });
    return { conversation: to, messageId: row!.id };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    this.checkTenant(ref.conversation);
    const rows = await this.db
      .update(localMessages)
      .set({ card, updatedAt: new Date() })
      .where(eq(localMessages.id, ref.messageId))
      .returning({ id: localMessages.id });
    if (!rows.length) throw new NotFoundError(`no local message ${ref.messageId}`);
  }

  async reply(parent: MessageRef, card: Card): Promise<MessageRef> {
    this.checkTenant(parent.conversation);
    const [row] = await this.db
      .insert(localMessages)
      .values({ conversationId: parent.conversation.conversationId, threadId: parent.messageId, card })
      .returning({ id: localMessages.id });
    return { conversation: parent.conversation, messageId: row!.id };
  }

  async openDirect(user: UserRef): Promise<ConversationRef> {
    this.checkTenant(user);
    return { platform: 'local', tenantId: LOCAL_TENANT, conversationId: directConversationId(user.userId) };
  }

  async lookupUser(user: UserRef): Promise<UserProfile | null> {
    this.checkTenant(user);
    const person = await personByIdentity(this.db, user);
    return person
      ? { user, name: person.name, email: person.email, ...(person.locale ? { locale: person.locale } : {}) }
      : null;
  }

  /** A person's own words posted in a thread (the platform's side of a reply; not a bot message). */
  async storeUserMessage(input: {
    conversationId: string;
    threadId: string | null;
    userId: string;
    text: string;
  }) {
    const card: Card = { fallbackText: input.text, blocks: [{ type: 'text', text: input.text }] };
    const [row] = await this.db
      .insert(localMessages)
      .values({
        conversationId: input.conversationId,
        threadId: input.threadId,
        authorUserId: input.userId,
        card,
      })
      .returning({ id: localMessages.id });
    return row!.id;
  }
}
