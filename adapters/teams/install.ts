import { TurnContext as Turn, type TurnContext } from 'botbuilder';
import { type StoredReference, saveReference } from './references.ts';
import {
  isPersonal,
  splitReplyChain,
  type TeamsChannelData,
  type TurnDeps,
  tenantOf,
  userOf,
} from './turn-context.ts';

/** Whether this conversationUpdate / installationUpdate is Refleks being added (not someone else). */
export function isBotAdded(context: TurnContext): boolean {
  const { activity } = context;
  if (activity.type === 'installationUpdate') return activity.action !== 'remove';
  return (activity.membersAdded ?? []).some((m) => m.id === activity.recipient?.id);
}

/**
 * Refleks was added to a channel or a personal chat: remember where it is, so it can write there
 * later without being asked. A channel no team names in the organisation file gets a card asking
 * which team it is, in the install turn, where the installing person is looking.
 */
export async function onInstalled(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  const tenantId = tenantOf(context);
  const personal = isPersonal(context);
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const { channel } = splitReplyChain(activity.conversation.id);
  // A channel is bound to its Refleks team by this conversation id (org.yaml: teams.conversation_id).
  const conversationId = personal ? activity.conversation.id : (data.channel?.id ?? channel);
  const reference = Turn.getConversationReference(activity) as StoredReference;
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
  if (personal) return;
  const result = await deps.inbound.handle({
    kind: 'installed',
    eventId: `activity:${activity.id}`,
    user: userOf(context, tenantId),
    conversation: { platform: 'teams', tenantId, conversationId },
  });
  if (result.type === 'card') {
    await deps.adapter.post({ platform: 'teams', tenantId, conversationId }, result.card);
  }
}
