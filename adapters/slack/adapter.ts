import type { webApi } from '@slack/bolt';
import type {
  ChatAdapter,
  ConversationRef,
  MessageRef,
  UserProfile,
  UserRef,
} from '../../src/core/chat/port.ts';
import { PermanentDeliveryError } from '../../src/core/errors.ts';
import type { Card } from '../../src/core/ui/model.ts';
import type { SharedRateLimiter } from '../../src/infra/rate-limits.ts';
import { cardToHomeView, cardToMessage } from './block-kit.ts';
import { slackCall } from './errors.ts';

type WebClient = webApi.WebClient;

/**
 * Slack as a ChatAdapter, for one workspace (`SLACK_BOT_TOKEN`). A message reference is the channel
 * and Slack's `ts`; a thread is the `ts` of its first message.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;

  constructor(
    private readonly client: WebClient,
    /** The workspace (team id) the token belongs to. */
    readonly teamId: string,
    /** Shared by every Refleks process (Redis): stays under Slack's limits instead of hitting 429s. */
    private readonly limiter?: SharedRateLimiter,
  ) {}

  /** Throws RateLimitedError when this workspace or channel must wait; other workspaces do not. */
  private async budget(channel: string) {
    await this.limiter?.take({ workspace: this.teamId, channel: `${this.teamId}:${channel}` });
  }

  private check(ref: { platform: string; tenantId: string }) {
    if (ref.platform !== 'slack' || ref.tenantId !== this.teamId) {
      throw new PermanentDeliveryError(`no Slack installation for ${ref.platform}/${ref.tenantId}`);
    }
  }

  async post(to: ConversationRef, card: Card): Promise<MessageRef> {
    this.check(to);
    await this.budget(to.conversationId);
    const result = await slackCall(() =>
      this.client.chat.postMessage({
        channel: to.conversationId,
        ...cardToMessage(card),
        unfurl_links: false,
      }),
    );
    return {
      conversation: { ...to, conversationId: result.channel ?? to.conversationId },
      messageId: String(result.ts),
    };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    this.check(ref.conversation);
    await slackCall(() =>
      this.client.chat.update({
        channel: ref.conversation.conversationId,
        ts: ref.messageId,
        ...cardToMessage(card),
      }),
    );
  }

  async reply(parent: MessageRef, card: Card): Promise<MessageRef> {
    this.check(parent.conversation);
    await this.budget(parent.conversation.conversationId);
    const result = await slackCall(() =>
      this.client.chat.postMessage({
        channel: parent.conversation.conversationId,
        thread_ts: parent.messageId,
        ...cardToMessage(card),
        unfurl_links: false,
      }),
    );
    return { conversation: parent.conversation, messageId: String(result.ts) };
  }

  async openDirect(user: UserRef): Promise<ConversationRef> {
    this.check(user);
    const result = await slackCall(() => this.client.conversations.open({ users: user.userId }));
    const id = result.channel?.id;
    if (!id) throw new PermanentDeliveryError(`Slack opened no direct conversation with ${user.userId}`);
    return { platform: 'slack', tenantId: this.teamId, conversationId: id };
  }

  async publishHome(user: UserRef, card: Card): Promise<void> {
    this.check(user);
    await slackCall(() =>
      this.client.views.publish({
        user_id: user.userId,
        view: cardToHomeView(card),
      }),
    );
  }

  async lookupUser(user: UserRef): Promise<UserProfile | null> {
    this.check(user);
    try {
      const result = await slackCall(() => this.client.users.info({ user: user.userId }));
      const u = result.user;
      if (!u) return null;
      return {
        user,
        name: u.real_name || u.profile?.real_name || u.name || user.userId,
        ...(u.profile?.email ? { email: u.profile.email } : {}),
        ...(u.locale ? { locale: u.locale } : {}),
      };
    } catch (error) {
      if (error instanceof PermanentDeliveryError && /user_not_found/.test(error.message)) return null;
      throw error;
    }
  }
}
