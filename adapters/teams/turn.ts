import type { TurnContext } from 'botbuilder';
import { isBotAdded, onInstalled } from './install.ts';
import { onCardAction, onTaskFetch, onTaskSubmit } from './invokes.ts';
import { onMessageActionFetch, onMessageActionSubmit } from './message-action.ts';
import { onMessage } from './messages.ts';
import { learnTeamsIdentity } from './roster-match.ts';
import { type TurnDeps, tenantOf, userOf } from './turn-context.ts';

/** One Bot Framework turn: remember where we were added, and hand what people do to the core. */
export async function handleTeamsTurn(context: TurnContext, deps: TurnDeps): Promise<void> {
  const activity = context.activity;
  if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
    if (isBotAdded(context)) await onInstalled(context, deps);
    return;
  }
  if (activity.type !== 'message' && activity.type !== 'invoke') return;
  const user = userOf(context, tenantOf(context));
  await learnTeamsIdentity(context, deps.db, user);
  if (activity.type === 'invoke') {
    const on = { inbound: deps.inbound, user };
    if (activity.name === 'adaptiveCard/action') await onCardAction(context, on);
    else if (activity.name === 'task/fetch') await onTaskFetch(context, on);
    else if (activity.name === 'task/submit') await onTaskSubmit(context, on);
    else if (activity.name === 'composeExtension/fetchTask') await onMessageActionFetch(context, on);
    else if (activity.name === 'composeExtension/submitAction') await onMessageActionSubmit(context, on);
    return;
  }
  if (activity.text) await onMessage(context, deps);
}
