import { TurnContext as Turn, type TurnContext } from 'botbuilder';
import type { InboundResult } from '../../src/core/chat/port.ts';
import { ADAPTIVE_CARD_CONTENT_TYPE, cardToActivityAttachment } from './adaptive-cards.ts';
import { inlineForm } from './inline-form.ts';
import { type StoredReference, saveReference } from './references.ts';
import {
  isPersonal,
  splitReplyChain,
  type TurnDeps,
  tenantOf,
  userOf,
  withoutMentions,
} from './turn-context.ts';

/**
 * A message to the bot: in a prompt's reply chain it is an answer; otherwise (1:1, or with an
 * @mention in a channel) it is a command.
 */
export async function onMessage(context: TurnContext, deps: TurnDeps): Promise<void> {
  const { activity } = context;
  const tenantId = tenantOf(context);
  const personal = isPersonal(context);
  if (personal) {
    // Someone who writes to the bot can be written to later, without creating a new chat.
    await saveReference(deps.db, {
      conversationId: activity.conversation.id,
      tenantId,
      kind: 'personal',
      userId: activity.from.aadObjectId ?? activity.from.id,
      reference: Turn.getConversationReference(activity) as StoredReference,
    });
  }
  const { channel, root } = splitReplyChain(activity.conversation.id);
  const user = userOf(context, tenantId);
  const conversation = { platform: 'teams' as const, tenantId, conversationId: channel };
  const text = withoutMentions(activity.text ?? '');
  const eventId = `activity:${activity.id}`;
  const result = root
    ? await deps.inbound.handle({ kind: 'message', eventId, user, conversation, threadId: root, text })
    : await deps.inbound.handle({ kind: 'command', eventId, user, conversation, text });
  // A reply in a prompt's chain is an answer: what Refleks says about it is for its author alone.
  await answer(context, deps, result, { replyInChain: Boolean(root) });
}

/**
 * What Refleks says about one person's reply goes to them alone, as Slack's ephemeral messages do: a
 * refused reply, a closed round, a privacy hint go to their 1:1 chat. Only if that chat cannot be
 * opened is it said where they wrote, so they still learn that their words were not saved.
 */
async function tellPrivately(context: TurnContext, deps: TurnDeps, text: string) {
  if (isPersonal(context)) {
    await context.sendActivity(text);
    return;
  }
  try {
    const chat = await deps.adapter.openDirect(userOf(context, tenantOf(context)));
    await deps.adapter.post(chat, { fallbackText: text, blocks: [{ type: 'text', text }] });
  } catch (error) {
    deps.logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'no 1:1 chat for a notice: said in the channel instead',
    );
    await context.sendActivity(text);
  }
}

async function answer(
  context: TurnContext,
  deps: TurnDeps,
  result: InboundResult,
  options: { replyInChain: boolean },
) {
  if (result.type === 'notice') {
    // A command's answer (status, help) is said where it was asked, as before.
    if (options.replyInChain || result.private) await tellPrivately(context, deps, result.text);
    else await context.sendActivity(result.text);
  } else if (result.type === 'open_form') {
    // A typed command has no dialog to open: the form comes as a card, submitted in place.
    const content = inlineForm(result.form);
    await context.sendActivity({
      attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }],
    });
  } else if (result.type === 'show_home') {
    if (isPersonal(context)) {
      await context.sendActivity({ attachments: [cardToActivityAttachment(result.card)] });
      return;
    }
    // A person's overview is theirs (and a leader's covers other teams): never into a shared channel.
    const user = userOf(context, tenantOf(context));
    try {
      const chat = await deps.adapter.openDirect(user);
      await deps.adapter.post(chat, result.card);
      if (result.movedNotice) await context.sendActivity(result.movedNotice);
    } catch (error) {
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'overview not sent');
    }
  }
}
