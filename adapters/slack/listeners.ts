import type { App } from '@slack/bolt';
import type { InboundHandler, UserRef } from '../../src/core/chat/port.ts';
import type { Logger } from '../../src/logger.ts';
import {
  cardToHomeView,
  cardToMessage,
  cardToModal,
  fieldErrorsToSlack,
  formToModal,
  viewStateToValues,
} from './block-kit.ts';

const OURS = /^refleks\./;
export const MAKE_COMMITMENT = 'refleks.make_commitment';

/** Every Slack request becomes one of the core's inbound events; the core decides, Bolt answers. */
export function registerListeners(
  bolt: App,
  inbound: InboundHandler,
  logger: Logger,
  hooks: { onUninstalled?: ((teamId: string) => Promise<void>) | undefined } = {},
): void {
  const slackUser = (teamId: string, userId: string): UserRef => ({
    platform: 'slack',
    tenantId: teamId,
    userId,
  });

  bolt.action({ action_id: OURS }, async ({ ack, body, action, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const result = await inbound.handle({
      kind: 'action',
      eventId: `action:${body.trigger_id}`,
      user: slackUser(teamId, body.user.id),
      actionId: action.action_id,
      value: action.value ?? '',
    });
    if (result.type === 'open_form') {
      // The trigger id lives for 3 seconds: the core answered from the database, so this is in time.
      await client.views.open({ trigger_id: body.trigger_id, view: formToModal(result.form) });
    } else if (result.type === 'show_detail') {
      await client.views.open({ trigger_id: body.trigger_id, view: cardToModal(result) });
    } else if (result.type === 'notice' && body.channel?.id) {
      await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: result.text });
    }
  });

  bolt.view({ callback_id: OURS }, async ({ ack, body, view, client }) => {
    const result = await inbound.handle({
      kind: 'form_submitted',
      // Slack does not retry view submissions; the view's id and hash name this version of the form.
      eventId: `view:${view.id}:${view.hash}`,
      user: slackUser(body.team?.id ?? body.user.team_id ?? '', body.user.id),
      formId: view.callback_id,
      privateMetadata: view.private_metadata,
      values: viewStateToValues(view.state),
    });
    // Errors go back *in* the ack, so Slack shows them on the fields and the text stays in the modal.
    if (result.type === 'form_errors')
      await ack({ response_action: 'errors', errors: fieldErrorsToSlack(result.errors) });
    else await ack();
    // A saved form closes; its thanks is shown in the thread. What must reach the person anyway (a
    // privacy hint about what they just wrote) comes as a direct message from the app.
    if (result.type === 'notice' && result.private) {
      await client.chat.postMessage({ channel: body.user.id, text: result.text });
    }
  });

  bolt.event('message', async ({ event, body, client }) => {
    const reply = threadReplyOf(event);
    if (!reply) return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const base = {
      eventId: `event:${(body as { event_id?: string }).event_id ?? reply.ts}`,
      user: slackUser(teamId, reply.user),
      conversation: { platform: 'slack' as const, tenantId: teamId, conversationId: reply.channel },
      threadId: reply.threadTs,
      text: reply.text,
    };
    const result = await inbound.handle(
      reply.previousText === undefined
        ? { kind: 'message', ...base }
        : { kind: 'message_edited', ...base, previousText: reply.previousText },
    );
    if (result.type === 'notice') {
      await client.chat.postEphemeral({
        channel: reply.channel,
        user: reply.user,
        thread_ts: reply.threadTs,
        text: result.text,
      });
    }
  });

  bolt.event('app_home_opened', async ({ event, body, client }) => {
    if (event.tab !== 'home') return;
    const teamId = (body as { team_id?: string }).team_id ?? '';
    const result = await inbound.handle({
      kind: 'home_opened',
      eventId: `event:${(body as { event_id?: string }).event_id ?? event.event_ts}`,
      user: slackUser(teamId, event.user),
    });
    // Slack allows 100 blocks in a home view.
    if (result.type === 'show_home') {
      await client.views.publish({
        user_id: event.user,
        view: cardToHomeView(result.card),
      });
    }
  });

  // Removed from the workspace, or its bot token revoked: nothing more can be sent there.
  const uninstalled = async (body: unknown, userId: string) => {
    const teamId = (body as { team_id?: string }).team_id ?? '';
    await inbound.handle({
      kind: 'uninstalled',
      eventId: `event:${(body as { event_id?: string }).event_id ?? teamId}`,
      user: slackUser(teamId, userId),
    });
    await hooks.onUninstalled?.(teamId);
  };
  bolt.event('app_uninstalled', async ({ body }) => uninstalled(body, ''));
  bolt.event('tokens_revoked', async ({ event, body }) => {
    if (event.tokens.bot?.length) await uninstalled(body, '');
  });

  bolt.command('/refleks', async ({ ack, command, client }) => {
    const result = await inbound.handle({
      kind: 'command',
      eventId: `command:${command.trigger_id}`,
      user: slackUser(command.team_id, command.user_id),
      text: command.text ?? '',
      conversation: { platform: 'slack', tenantId: command.team_id, conversationId: command.channel_id },
    });
    if (result.type === 'open_form') {
      await ack();
      await client.views.open({ trigger_id: command.trigger_id, view: formToModal(result.form) });
    } else if (result.type === 'notice') {
      // The answer goes in the ack: only the person who typed the command sees it.
      await ack({ response_type: 'ephemeral', text: result.text });
    } else if (result.type === 'show_home') {
      // The overview is the person's own: ephemeral, like every other answer to the command.
      await ack({ response_type: 'ephemeral', ...cardToMessage(result.card) });
    } else {
      await ack();
    }
  });

  // "Make this a commitment" on any message: the commitment form, with the message as its "what".
  bolt.shortcut(
    { callback_id: MAKE_COMMITMENT, type: 'message_action' },
    async ({ ack, shortcut, client }) => {
      await ack();
      const result = await inbound.handle({
        kind: 'command',
        eventId: `shortcut:${shortcut.trigger_id}`,
        user: slackUser(shortcut.team?.id ?? '', shortcut.user.id),
        text: `commit ${shortcut.message.text ?? ''}`,
        conversation: {
          platform: 'slack',
          tenantId: shortcut.team?.id ?? '',
          conversationId: shortcut.channel.id,
        },
      });
      if (result.type === 'open_form') {
        await client.views.open({ trigger_id: shortcut.trigger_id, view: formToModal(result.form) });
      } else if (result.type === 'notice') {
        await client.chat.postEphemeral({
          channel: shortcut.channel.id,
          user: shortcut.user.id,
          text: result.text,
        });
      }
    },
  );

  bolt.error(async (error) => {
    logger.error({ err: error.message }, 'slack listener error');
  });
}

interface ThreadReply {
  channel: string;
  user: string;
  ts: string;
  threadTs: string;
  text: string;
  previousText?: string;
}

/**
 * A person's reply in a thread, or their edit of one (`message_changed`). Bot messages, joins,
 * top-level messages and everything else are not answers and give null.
 */
function threadReplyOf(event: unknown): ThreadReply | null {
  const e = event as {
    subtype?: string;
    channel?: string;
    user?: string;
    ts?: string;
    thread_ts?: string;
    text?: string;
    bot_id?: string;
    message?: { user?: string; ts?: string; thread_ts?: string; text?: string; bot_id?: string };
    previous_message?: { text?: string };
  };
  if (
    e.subtype === undefined &&
    e.user &&
    e.channel &&
    e.thread_ts &&
    e.ts &&
    !e.bot_id &&
    e.thread_ts !== e.ts
  ) {
    return { channel: e.channel, user: e.user, ts: e.ts, threadTs: e.thread_ts, text: e.text ?? '' };
  }
  const m = e.message;
  if (
    e.subtype === 'message_changed' &&
    e.channel &&
    m?.user &&
    m.ts &&
    m.thread_ts &&
    !m.bot_id &&
    m.thread_ts !== m.ts
  ) {
    return {
      channel: e.channel,
      user: m.user,
      ts: m.ts,
      threadTs: m.thread_ts,
      text: m.text ?? '',
      previousText: e.previous_message?.text ?? '',
    };
  }
  return null;
}
