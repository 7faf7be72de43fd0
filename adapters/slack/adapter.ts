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
import type { SlackWorkspaces } from './workspaces.ts';

type WebClient = webApi.WebClient;

/**
 * Slack as a ChatAdapter, for one workspace or many: `workspaces` gives the Web API client of the
 * workspace a message is for. A message reference is the channel and Slack's `ts`; a thread is the
 * `ts` of its first message.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;

  constructor(
    private readonly workspaces: SlackWorkspaces,
    /** Shared by every Refleks process (Redis): stays under Slack's limits instead of hitting 429s. */
    private readonly limiter?: SharedRateLimiter,
  ) {}

  private async clientFor(ref: { platform: string; tenantId: string }): Promise<WebClient> {
    if (ref.platform !== 'slack')
      throw new PermanentDeliveryError(`not a Slack conversation: ${ref.platform}`);
    return this.workspaces.clientFor(ref.tenantId);
  }

  /** Throws RateLimitedError when this workspace or channel must wait; other workspaces do not. */
  private async budget(teamId: string, channel: string) {
    await this.limiter?.take({ workspace: teamId, channel: `${teamId}:${channel}` });
  }

  async post(to: ConversationRef, card: Card): Promise<MessageRef> {
    const client = await this.clientFor(to);
    await this.budget(to.tenantId, to.conversationId);
    const result = await slackCall(() =>
      client.chat.postMessage({ channel: to.conversationId, ...cardToMessage(card), unfurl_links: false }),
    );
    return {
      conversation: { ...to, conversationId: result.channel ?? to.conversationId },
      messageId: String(result.ts),
    };
  }

  async update(ref: MessageRef, card: Card): Promise<void> {
    const client = await this.clientFor(ref.conversation);
    await slackCall(() =>
      client.chat.update({
        channel: ref.conversation.conversationId,
        ts: ref.messageId,
        ...cardToMessage(card),
      }),
    );
  }

  async reply(parent: MessageRef, card: Card): Promise<MessageRef> {
    const client = await this.clientFor(parent.conversation);
    await this.budget(parent.conversation.tenantId, parent.conversation.conversationId);
    const result = await slackCall(() =>
      client.chat.postMessage({
        channel: parent.conversation.conversationId,
        thread_ts: parent.messageId,
        ...cardToMessage(card),
        unfurl_links: false,
      }),
    );
    return { conversation: parent.conversation, messageId: String(result.ts) };
  }

  /**
   * Slack takes a user id as the channel of chat.postMessage and posts to the person's DM with the
   * app, so there is nothing to open: conversations.open is Tier 3 (about 50 a minute per
   * workspace), and opening the DMs of a municipality's staff with it would take hours.
   */
  async openDirect(user: UserRef): Promise<ConversationRef> {
    // Still refuses a workspace without Refleks, as opening a conversation there would.
    await this.clientFor(user);
    return { platform: 'slack', tenantId: user.tenantId, conversationId: user.userId };
  }

  async publishHome(user: UserRef, card: Card): Promise<void> {
    const client = await this.clientFor(user);
    await slackCall(() => client.views.publish({ user_id: user.userId, view: cardToHomeView(card) }));
  }

  async lookupUser(user: UserRef): Promise<UserProfile | null> {
    const client = await this.clientFor(user);
    try {
      const result = await slackCall(() => client.users.info({ user: user.userId }));
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
