import { TurnContext as Turn, type TurnContext } from 'botbuilder';
import type { InboundHandler, UserRef } from '../../src/core/chat/port.ts';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';
import { onCardAction, onTaskFetch, onTaskSubmit } from './invokes.ts';
import { type StoredReference, saveReference } from './references.ts';
import { learnTeamsIdentity } from './roster-match.ts';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string };
  channel?: { id?: string };
}

/** `19:abc@thread.tacv2;messageid=123` → the channel and the thread's root message. */
export function splitReplyChain(conversationId: string): { channel: string; root: string | null } {
  const [channel, rest] = conversationId.split(';messageid=');
  return { channel: channel ?? conversationId, root: rest ?? null };
}

/** "<at>Refleks</at> status" → "status": a mention is how people address the bot in a channel. */
export function withoutMentions(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function userOf(context: TurnContext, tenantId: string): UserRef {
  const from = context.activity.from;
  // People are bound by their AAD object id in the organisation file.
  return { platform: 'teams', tenantId, userId: from.aadObjectId ?? from.id };
}

/** One Bot Framework turn: remember where we were added, and hand what people do to the core. */
export async function handleTeamsTurn(
  context: TurnContext,
  deps: { db: Db; inbound: InboundHandler; logger: Logger },
): Promise<void> {
  const activity = context.activity;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = data.tenant?.id ?? activity.conversation?.tenantId ?? '';
  const reference = Turn.getConversationReference(activity) as StoredReference;
  const personal = activity.conversation?.conversationType === 'personal';

  if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
    const added =
      activity.type === 'installationUpdate' ||
      (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
    if (!added) return;
    const { channel } = splitReplyChain(activity.conversation.id);
    // A channel is bound to its Refleks team by this conversation id (org.yaml: teams.conversation_id).
    const conversationId = personal ? activity.conversation.id : (data.channel?.id ?? channel);
    await saveReference(deps.db, {
      conversationId,
      tenantId,
      kind: personal ? 'personal' : 'channel',
      ...(personal ? { userId: activity.from.aadObjectId ?? activity.from.id } : {}),
      reference: {
        ...reference,
        conversation: { ...reference.conversation, id: conversationId },
      } as StoredReference,
    });
    deps.logger.info({ tenantId, conversationId, personal }, 'Teams conversation remembered');
    return;
  }

  if (activity.type === 'message' || activity.type === 'invoke')
    await learnTeamsIdentity(context, deps.db, userOf(context, tenantId));
  if (activity.type === 'invoke') {
    const on = { inbound: deps.inbound, user: userOf(context, tenantId) };
    if (activity.name === 'adaptiveCard/action') await onCardAction(context, on);
    else if (activity.name === 'task/fetch') await onTaskFetch(context, on);
    else if (activity.name === 'task/submit') await onTaskSubmit(context, on);
    return;
  }
  if (activity.type !== 'message' || !activity.text) return;
  if (personal) {
    await saveReference(deps.db, {
      conversationId: activity.conversation.id,
      tenantId,
      kind: 'personal',
      userId: activity.from.aadObjectId ?? activity.from.id,
      reference,
    });
  }
  const { channel, root } = splitReplyChain(activity.conversation.id);
  const user = userOf(context, tenantId);
  const conversation = { platform: 'teams' as const, tenantId, conversationId: channel };
  const text = withoutMentions(activity.text);
  const result = root
    ? await deps.inbound.handle({
        kind: 'message',
        eventId: `activity:${activity.id}`,
        user,
        conversation,
        threadId: root,
        text,
      })
    : await deps.inbound.handle({
        kind: 'command',
        eventId: `activity:${activity.id}`,
        user,
        conversation,
        text,
      });
  if (result.type === 'notice') await context.sendActivity(result.text);
}
