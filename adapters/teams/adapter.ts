import { type CloudAdapter, type ConversationParameters, TurnContext } from 'botbuilder';
import type {
  ChatAdapter,
  ConversationRef,
  MessageRef,
  UserProfile,
  UserRef,
} from '../../src/core/chat/port.ts';
import { PermanentDeliveryError } from '../../src/core/errors.ts';
import type { Card } from '../../src/core/ui/model.ts';
import type { Db } from '../../src/db/client.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { type SharedRateLimiter, teamsRateKeys } from '../../src/infra/rate-limits.ts';
import { cardToActivityAttachment } from './adaptive-cards.ts';
import { proactive, teamsCall } from './errors.ts';
import {
  personalReferenceOf,
  referenceOf,
  type StoredReference,
  saveReference,
  serviceUrlOfTenant,
} from './references.ts';

/** In a Teams channel a reply goes to the thread's conversation id: `<channel>;messageid=<root>`. */
export function replyChain(conversationId: string, rootMessageId: string): string {
  return `${conversationId};messageid=${rootMessageId}`;
}

function message(card: Card) {
  return {
    type: 'message',
    text: undefined,
    summary: card.fallbackText.slice(0, 200),
    attachments: [cardToActivityAttachment(card)],
  };
}

/**
 * Teams as a ChatAdapter. Everything is proactive: Refleks writes with the conversation reference it
 * stored when the app was installed (`continueConversationAsync`), through botbuilder's CloudAdapter.
 */
export class TeamsAdapter implements ChatAdapter {
  readonly platform = 'teams' as const;

  constructor(
    private readonly cloud: CloudAdapter,
    private readonly appId: string,
    private readonly db: Db,
    /** Shared by every Refleks process (Redis): stays under Teams' limits instead of meeting 429s. */
    private readonly limiter?: SharedRateLimiter,
  ) {}

  private async budget(reference: StoredReference) {
    const tenantId = reference.conversation?.tenantId ?? '';
    const conversationId = reference.conversation?.id ?? '';
    await this.limiter?.take(teamsRateKeys(tenantId, conversationId.split(';')[0] ?? conversationId));
  }

  private async reference(ref: { platform: string; conversationId: string }): Promise<StoredReference> {
    if (ref.platform !== 'teams')
      throw new PermanentDeliveryError(`not a Teams conversation: ${ref.platform}`);
    const stored = await referenceOf(this.db, ref.conversationId);
    if (!stored) {
      throw new PermanentDeliveryError(
        `Refleks has not been added to Teams conversation ${ref.conversationId}`,
        {
          unreachable: 'conversation',
        },
      );
    }
    return stored;
  }

  private async send(reference: StoredReference, card: Card): Promise<string> {
    await this.budget(reference);
    let id = '';
    await proactive(
      (logic) => this.cloud.continueConversationAsync(this.appId, reference, logic),
      async (context) => {
        id = (await context.sendActivity(message(card)))?.id ?? '';
      },
    );
    return id;
  }

  async post(to: ConversationRef, card: Card): Promise<MessageRef> {
    const reference = await this.reference(to);
    return { conversation: to, messageId: await this.send(reference, card) };
  }

  async reply(parent: MessageRef, card: Card): Promise<MessageRef> {
    const reference = await this.reference(parent.conversation);
    const conversation = {
      ...reference.conversation,
      id: replyChain(parent.conversation.conversationId, parent.messageId),
    };
    const id = await this.send({ ...reference, conversation } as StoredReference, card);
    return { conversation: parent.conversation, messageId: id };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const reference = await this.reference(ref.conversation);
    await this.budget(reference);
    await proactive(
      (logic) => this.cloud.continueConversationAsync(this.appId, reference, logic),
      async (context) => {
        await context.updateActivity({ ...message(card), id: ref.messageId });
      },
    );
  }

  /** A 1:1 chat: the one stored when the person installed the app, or a new one created now. */
  async openDirect(user: UserRef): Promise<ConversationRef> {
    const known = await personalReferenceOf(this.db, user.tenantId, user.userId);
    if (known?.conversation?.id)
      return { platform: 'teams', tenantId: user.tenantId, conversationId: known.conversation.id };
    // Creating a conversation counts against the tenant's budget like a message does.
    await this.limiter?.take({ tenant: user.tenantId });
    const serviceUrl = await serviceUrlOfTenant(this.db, user.tenantId);
    if (!serviceUrl) {
      throw new PermanentDeliveryError(`no Teams service URL known for tenant ${user.tenantId}`, {
        unreachable: 'person',
      });
    }
    const parameters = {
      isGroup: false,
      bot: { id: this.appId, name: 'Refleks' },
      members: [{ id: user.userId, name: '' }],
      tenantId: user.tenantId,
      channelData: { tenant: { id: user.tenantId } },
    } as unknown as ConversationParameters;
    let created: StoredReference | null = null;
    await teamsCall(() =>
      this.cloud.createConversationAsync(
        this.appId,
        'msteams',
        serviceUrl,
        '',
        parameters,
        async (context) => {
          created = TurnContext.getConversationReference(context.activity) as StoredReference;
        },
      ),
    );
    const conversationId = (created as StoredReference | null)?.conversation?.id;
    if (!created || !conversationId)
      throw new PermanentDeliveryError(`Teams created no chat with ${user.userId}`, {
        unreachable: 'person',
      });
    await saveReference(this.db, {
      conversationId,
      tenantId: user.tenantId,
      kind: 'personal',
      userId: user.userId,
      reference: created,
    });
    return { platform: 'teams', tenantId: user.tenantId, conversationId };
  }

  /** People are known from the organisation file (AAD object id); Teams' roster is not asked. */
  async lookupUser(user: UserRef): Promise<UserProfile | null> {
    if (user.platform !== 'teams') return null;
    const person = await personByIdentity(this.db, user);
    return person ? { user, name: person.name, email: person.email } : null;
  }
}
