import { TurnContext as Turn, type TurnContext } from 'botbuilder';
import type { InboundHandler, UserRef } from '../../src/core/chat/port.ts';
import type { Db } from '../../src/db/client.ts';
import type { Logger } from '../../src/logger.ts';
import { cardToAdaptive } from './adaptive-cards.ts';
import { cardResponse, inlineForm, inlineValues, SUBMIT_VERB, submittedForm } from './inline-form.ts';
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
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    await answerInvoke(context, await cardAction(context, deps, tenantId));
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

/** Answers the invoke in the HTTP response: Teams waits for it (and re-sends after ~15 s without one). */
async function answerInvoke(context: TurnContext, body: unknown): Promise<void> {
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}

/**
 * A click on a card (Universal Actions): a form opens in place of the card, for that person only; its
 * submission is checked by the core and answered with thanks, or with the form again and the errors.
 */
async function cardAction(
  context: TurnContext,
  deps: { inbound: InboundHandler },
  tenantId: string,
): Promise<unknown> {
  const value = (context.activity.value ?? {}) as {
    action?: { verb?: string; data?: Record<string, unknown> };
  };
  const verb = value.action?.verb ?? '';
  const data = value.action?.data ?? {};
  const user = userOf(context, tenantId);
  const eventId = `activity:${context.activity.id}`;
  if (verb === SUBMIT_VERB) {
    const values = inlineValues(data);
    const result = await deps.inbound.handle({
      kind: 'form_submitted',
      eventId,
      user,
      formId: String(data.formId ?? ''),
      privateMetadata: String(data.privateMetadata ?? ''),
      values,
    });
    if (result.type === 'form_errors') {
      const spec = submittedForm(data);
      if (spec) return cardResponse(inlineForm(spec, { values, errors: result.errors }));
      return messageCard(Object.values(result.errors).join('\n'));
    }
    return messageCard(result.type === 'notice' ? result.text : '');
  }
  const result = await deps.inbound.handle({
    kind: 'action',
    eventId,
    user,
    actionId: verb,
    value: String(data.value ?? ''),
  });
  if (result.type === 'open_form') return cardResponse(inlineForm(result.form));
  return messageCard(result.type === 'notice' ? result.text : '');
}

function messageCard(text: string) {
  return cardResponse(cardToAdaptive({ fallbackText: text, blocks: text ? [{ type: 'text', text }] : [] }));
}
