import type { TurnContext } from 'botbuilder';
import type { InboundHandler, InboundResult, UserRef } from '../../src/core/chat/port.ts';
import type { FormValues } from '../../src/core/ui/model.ts';
import {
  cardToAdaptive,
  submittedForm,
  submittedToValues,
  taskModuleCard,
  taskModuleContinue,
  taskModuleMessage,
} from './adaptive-cards.ts';
import { cardResponse, inlineForm, SUBMIT_VERB } from './inline-form.ts';

interface InvokeDeps {
  inbound: InboundHandler;
  user: UserRef;
}

/**
 * The invoke's answer goes in the HTTP response: Teams waits for it (and re-sends after ~15 s without).
 * CloudAdapter keeps it (turnState INVOKE_RESPONSE_KEY) and answers with its status and body.
 */
export async function answerInvoke(context: TurnContext, body: unknown): Promise<void> {
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body } });
}

const eventIdOf = (context: TurnContext) => `activity:${context.activity.id}`;

function submit(context: TurnContext, deps: InvokeDeps, data: Record<string, unknown>) {
  const form = submittedForm(data);
  const values: FormValues = form ? submittedToValues(data, form) : submittedToValues(data);
  const result = deps.inbound.handle({
    kind: 'form_submitted',
    eventId: eventIdOf(context),
    user: deps.user,
    formId: String(data.formId ?? ''),
    privateMetadata: String(data.privateMetadata ?? ''),
    values,
  });
  return { form, values, result };
}

function click(context: TurnContext, deps: InvokeDeps, verb: string, value: unknown) {
  return deps.inbound.handle({
    kind: 'action',
    eventId: eventIdOf(context),
    user: deps.user,
    actionId: verb,
    value: String(value ?? ''),
  });
}

const noticeOf = (result: InboundResult) => (result.type === 'notice' ? result.text : '');

function messageCard(text: string) {
  return cardResponse(cardToAdaptive({ fallbackText: text, blocks: text ? [{ type: 'text', text }] : [] }));
}

/**
 * A click on a card (Universal Actions): a form opens in place of the card, for that person only; its
 * submission is checked by the core and answered with thanks, or with the form again and the errors.
 */
export async function onCardAction(context: TurnContext, deps: InvokeDeps): Promise<void> {
  const value = (context.activity.value ?? {}) as {
    action?: { verb?: string; data?: Record<string, unknown> };
  };
  const verb = value.action?.verb ?? '';
  const data = value.action?.data ?? {};
  if (verb === SUBMIT_VERB) {
    const { form, values, result } = submit(context, deps, data);
    const outcome = await result;
    if (outcome.type === 'form_errors') {
      await answerInvoke(
        context,
        form
          ? cardResponse(inlineForm(form, { values, errors: outcome.errors }))
          : messageCard(Object.values(outcome.errors).join('\n')),
      );
      return;
    }
    await answerInvoke(context, messageCard(noticeOf(outcome)));
    return;
  }
  const outcome = await click(context, deps, verb, data.value);
  await answerInvoke(
    context,
    outcome.type === 'open_form' ? cardResponse(inlineForm(outcome.form)) : messageCard(noticeOf(outcome)),
  );
}

/** A button made to open a dialog (task/fetch): the form the core opens for that click. */
export async function onTaskFetch(context: TurnContext, deps: InvokeDeps): Promise<void> {
  const data = ((context.activity.value ?? {}) as { data?: Record<string, unknown> }).data ?? {};
  const outcome = await click(context, deps, String(data.verb ?? ''), data.value);
  await answerInvoke(
    context,
    outcome.type === 'open_form'
      ? taskModuleContinue(outcome.form)
      : outcome.type === 'show_detail'
        ? taskModuleCard(outcome.title, outcome.card)
        : taskModuleMessage(noticeOf(outcome)),
  );
}

/**
 * A dialog submitted (task/submit). Teams has no per-field errors for dialogs, so an invalid one is
 * answered with the same dialog again, what was typed kept and each error under its input.
 */
export async function onTaskSubmit(context: TurnContext, deps: InvokeDeps): Promise<void> {
  const data = ((context.activity.value ?? {}) as { data?: Record<string, unknown> }).data ?? {};
  const { form, values, result } = submit(context, deps, data);
  const outcome = await result;
  if (outcome.type === 'form_errors') {
    await answerInvoke(
      context,
      form
        ? taskModuleContinue(form, { values, errors: outcome.errors })
        : taskModuleMessage(Object.values(outcome.errors).join('\n')),
    );
    return;
  }
  await answerInvoke(context, taskModuleMessage(noticeOf(outcome)));
}
