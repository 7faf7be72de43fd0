import type { TurnContext } from 'botbuilder';
import { Parser } from 'htmlparser2';
import type { InboundHandler, UserRef } from '../../src/core/chat/port.ts';
import { submittedForm, submittedToValues, taskModuleContinue, taskModuleMessage } from './adaptive-cards.ts';
import { splitReplyChain, tenantOf } from './turn-context.ts';

/** The command id of "Make this a commitment" in the app manifest's message extension. */
export const MAKE_COMMITMENT_COMMAND = 'makeCommitment';

/**
 * A Teams message body is HTML (`<p>…</p>`, `<at>…</at>`, entities): the commitment form wants the
 * words. htmlparser2 reads it as a browser would, so entities and nested tags come out right.
 */
export function messageText(html: string): string {
  const parts: string[] = [];
  const parser = new Parser(
    {
      ontext: (text) => parts.push(text),
      onclosetag: (name) => {
        if (['p', 'div', 'br', 'li'].includes(name)) parts.push('\n');
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return parts
    .join('')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n')
    .trim();
}

interface MessageActionValue {
  commandId?: string;
  messagePayload?: { body?: { content?: unknown; contentType?: unknown } };
  data?: Record<string, unknown>;
}

/**
 * "Make this a commitment" on a message (composeExtension/fetchTask): the commitment form opens as a
 * dialog with the message as its "what", exactly as Slack's message shortcut does.
 */
export async function onMessageActionFetch(
  context: TurnContext,
  deps: { inbound: InboundHandler; user: UserRef },
) {
  const value = (context.activity.value ?? {}) as MessageActionValue;
  const body = value.messagePayload?.body;
  // The value comes from outside: content that is no text is treated as an empty message.
  const content = typeof body?.content === 'string' ? body.content : '';
  const text = body?.contentType === 'html' || content.includes('<') ? messageText(content) : content;
  const tenantId = tenantOf(context);
  const result = await deps.inbound.handle({
    kind: 'command',
    eventId: `activity:${context.activity.id}`,
    user: deps.user,
    text: `commit ${text}`,
    conversation: {
      platform: 'teams',
      tenantId,
      conversationId: splitReplyChain(context.activity.conversation.id).channel,
    },
  });
  const response =
    result.type === 'open_form'
      ? taskModuleContinue(result.form)
      : taskModuleMessage(result.type === 'notice' ? result.text : '');
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: response } });
}

/** The dialog submitted (composeExtension/submitAction): checked like any commitment form. */
export async function onMessageActionSubmit(
  context: TurnContext,
  deps: { inbound: InboundHandler; user: UserRef },
) {
  const data = ((context.activity.value ?? {}) as MessageActionValue).data ?? {};
  const form = submittedForm(data);
  const values = form ? submittedToValues(data, form) : submittedToValues(data);
  const result = await deps.inbound.handle({
    kind: 'form_submitted',
    eventId: `activity:${context.activity.id}`,
    user: deps.user,
    formId: String(data.formId ?? ''),
    privateMetadata: String(data.privateMetadata ?? ''),
    values,
  });
  // Errors keep the dialog open with them shown; success closes it (the commitment appears in the thread).
  const body =
    result.type === 'form_errors' && form
      ? taskModuleContinue(form, { values, errors: result.errors })
      : result.type === 'form_errors'
        ? taskModuleMessage(Object.values(result.errors).join('\n'))
        : {};
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}
