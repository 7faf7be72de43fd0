import type { TurnContext } from 'botbuilder';
import { isBotAdded, onInstalled } from './install.ts';
import { answerInvoke, onCardAction, onTaskFetch, onTaskSubmit } from './invokes.ts';
import { onMessageActionFetch, onMessageActionSubmit } from './message-action.ts';
import { onMessage } from './messages.ts';
import { learnTeamsIdentity } from './roster-match.ts';
import { type TurnDeps, tenantOf, userOf } from './turn-context.ts';

type InvokeHandler = (context: TurnContext, deps: Parameters<typeof onCardAction>[1]) => Promise<void>;

/** The invokes Refleks answers, by name (the app manifest declares what makes Teams send them). */
const INVOKES: Record<string, InvokeHandler> = {
  'adaptiveCard/action': onCardAction,
  'task/fetch': onTaskFetch,
  'task/submit': onTaskSubmit,
  'composeExtension/fetchTask': onMessageActionFetch,
  'composeExtension/submitAction': onMessageActionSubmit,
};

/** One Bot Framework turn: remember where we were added, and hand what people do to the core. */
export async function handleTeamsTurn(context: TurnContext, deps: TurnDeps): Promise<void> {
  const activity = context.activity;
  if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
    if (isBotAdded(context)) await onInstalled(context, deps);
    return;
  }
  if (activity.type !== 'message' && activity.type !== 'invoke') return;
  const onInvoke =
    activity.type === 'invoke' && typeof activity.name === 'string' && Object.hasOwn(INVOKES, activity.name)
      ? INVOKES[activity.name]
      : undefined;
  if (activity.type === 'invoke' && !onInvoke) {
    // An invoke Refleks has no handler for (composeExtension/query, signin/verifyState, …). Without an
    // invoke response CloudAdapter answers 501 (as botbuilder's ActivityHandler does for names it does
    // not know), and Teams shows the person an error. 200 with no body is "received, nothing to show".
    await answerInvoke(context, undefined);
    return;
  }
  const user = userOf(context, tenantOf(context));
  await learnTeamsIdentity(context, deps.db, user);
  if (onInvoke) {
    await onInvoke(context, { inbound: deps.inbound, user });
    return;
  }
  if (activity.text) await onMessage(context, deps);
}
