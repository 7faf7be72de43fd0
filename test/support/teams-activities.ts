import { createHash } from 'node:crypto';

/**
 * Activities built as Microsoft Teams POSTs them to a bot's messaging endpoint (`/api/messages`), with
 * `serviceUrl` pointing at the fake connector so the bot's replies land there. Ids follow Teams' shapes:
 * users `29:…` (with `aadObjectId`), the bot `28:<app id>`, channels/teams `19:…@thread.tacv2`, a channel
 * thread `19:…@thread.tacv2;messageid=<root id>`, 1:1 chats `a:1…`, group chats `19:…@thread.v2`,
 * message ids epoch milliseconds, event/invoke ids `f:…`.
 *
 * With authentication off (empty MicrosoftAppId) the bot accepts them without an `Authorization` header.
 */

/** The bot's channel account id when none is given (`28:` + the app id). */
export const DEFAULT_BOT_ID = '28:00000000-0000-0000-0000-00000000b0b0';
export const DEFAULT_BOT_NAME = 'Refleks';

export interface TeamsAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface TeamsConversation {
  id: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  tenantId: string;
  isGroup?: boolean;
}

/** An inbound activity as JSON (timestamps are ISO strings, as on the wire). */
export interface TeamsInboundActivity {
  type: string;
  id: string;
  timestamp: string;
  localTimestamp: string;
  channelId: 'msteams';
  serviceUrl: string;
  from: TeamsAccount;
  conversation: TeamsConversation;
  recipient: TeamsAccount;
  channelData: Record<string, unknown>;
  [field: string]: unknown;
}

let lastMessageId = 0;
/** A Teams message id: epoch milliseconds as a string, strictly increasing within the process. */
export function nextTeamsMessageId(): string {
  lastMessageId = Math.max(lastMessageId + 1, Date.now());
  return String(lastMessageId);
}

const eventId = () =>
  `f:${createHash('sha256').update(`${Date.now()}:${Math.random()}`).digest('hex').slice(0, 19)}`;

/** A stable Teams user id (`29:1…`) for an AAD object id, for tests that only know the AAD id. */
export function teamsUserId(aadObjectId: string): string {
  return `29:1${createHash('sha256').update(aadObjectId).digest('base64url').slice(0, 40)}`;
}

/** `personal` for `a:…`, `channel` for `…@thread.tacv2` / `@thread.skype`, else `groupChat`. */
export function conversationTypeOf(conversationId: string): TeamsConversation['conversationType'] {
  if (conversationId.startsWith('a:')) return 'personal';
  const base = conversationId.split(';')[0]!;
  return /@thread\.(tacv2|skype)$/.test(base) ? 'channel' : 'groupChat';
}

export interface TeamsActivityBaseOptions {
  serviceUrl: string;
  tenantId: string;
  conversationId: string;
  /** Defaults to teamsUserId(fromAadObjectId). */
  fromId?: string;
  fromAadObjectId: string;
  fromName?: string;
  /** For channel conversations: put `team` / `teamsTeamId` in channelData. */
  teamId?: string;
  teamName?: string;
  botId?: string;
  botName?: string;
  /** Defaults to `nb-NO`. */
  locale?: string;
}

function common(o: TeamsActivityBaseOptions, type: string, id: string) {
  const conversationType = conversationTypeOf(o.conversationId);
  const botId = o.botId ?? DEFAULT_BOT_ID;
  const locale = o.locale ?? 'nb-NO';
  const now = new Date().toISOString();
  const channelData: Record<string, unknown> = { tenant: { id: o.tenantId } };
  if (conversationType === 'channel') {
    const channelId = o.conversationId.split(';')[0]!;
    channelData.teamsChannelId = channelId;
    channelData.channel = { id: channelId };
    if (o.teamId) {
      channelData.teamsTeamId = o.teamId;
      channelData.team = { id: o.teamId, ...(o.teamName ? { name: o.teamName } : {}) };
    }
  }
  const activity: TeamsInboundActivity = {
    type,
    id,
    timestamp: now,
    localTimestamp: now,
    localTimezone: 'Europe/Oslo',
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: {
      id: o.fromId ?? teamsUserId(o.fromAadObjectId),
      ...(o.fromName ? { name: o.fromName } : {}),
      aadObjectId: o.fromAadObjectId,
    },
    conversation: {
      ...(conversationType === 'personal' ? {} : { isGroup: true }),
      conversationType,
      tenantId: o.tenantId,
      id: o.conversationId,
    },
    recipient: { id: botId, name: o.botName ?? DEFAULT_BOT_NAME },
    entities: [
      {
        type: 'clientInfo',
        locale,
        country: locale.split('-')[1] ?? 'NO',
        platform: 'Web',
        timezone: 'Europe/Oslo',
      },
    ],
    channelData,
    locale,
  };
  return activity;
}

export interface BotAddedOptions {
  serviceUrl: string;
  tenantId: string;
  /** The team's id (`19:…@thread.tacv2`; the General channel has the same id). */
  teamId: string;
  teamName?: string;
  /** The channel the app was added from (`19:…@thread.tacv2`); also the conversation id. */
  channelId: string;
  /** `28:<app id>`. */
  botId: string;
  botName?: string;
  /** The person who added the app. */
  fromAadObjectId: string;
  fromId?: string;
}

/** `conversationUpdate` / `teamMemberAdded` with the bot in `membersAdded`: the app was added to a team. */
export function teamsConversationUpdateBotAdded(o: BotAddedOptions): TeamsInboundActivity {
  const activity = common(
    { ...o, conversationId: o.channelId, botId: o.botId, teamId: o.teamId },
    'conversationUpdate',
    eventId(),
  );
  delete activity.entities;
  delete activity.locale;
  activity.membersAdded = [{ id: o.botId }];
  activity.channelData = {
    team: { id: o.teamId, name: o.teamName ?? 'Team' },
    channel: { id: o.channelId },
    eventType: 'teamMemberAdded',
    tenant: { id: o.tenantId },
    settings: { selectedChannel: { id: o.channelId } },
  };
  return activity;
}

export interface TeamsMessageOptions extends TeamsActivityBaseOptions {
  /** Teams sets it for a message in a channel thread (the root's id). */
  replyToId?: string;
  text: string;
  /** Defaults to nextTeamsMessageId(). */
  id?: string;
  /** Prefix `<at>botName</at> ` and add the mention entity, as a channel message that @mentions the bot has. */
  mentionBot?: boolean;
}

/** A `message` from a person: in a 1:1 chat (`a:…`), a channel or thread (`19:…@thread.tacv2[;messageid=…]`). */
export function teamsMessage(o: TeamsMessageOptions): TeamsInboundActivity {
  const activity = common(o, 'message', o.id ?? nextTeamsMessageId());
  const mention = `<at>${o.botName ?? DEFAULT_BOT_NAME}</at>`;
  const text = o.mentionBot ? `${mention} ${o.text}` : o.text;
  activity.text = text;
  activity.textFormat = 'plain';
  activity.attachments = [{ contentType: 'text/html', content: `<p>${text}</p>` }];
  if (o.mentionBot)
    (activity.entities as unknown[]).unshift({
      type: 'mention',
      text: mention,
      mentioned: { id: activity.recipient.id, name: activity.recipient.name },
    });
  if (o.replyToId) activity.replyToId = o.replyToId;
  return activity;
}

export interface AdaptiveCardActionOptions extends TeamsActivityBaseOptions {
  /** The id of the message carrying the card. */
  replyToId: string;
  verb: string;
  data?: Record<string, unknown>;
  title?: string;
}

/** An `invoke` `adaptiveCard/action` (an Action.Execute click); the bot answers in the HTTP response. */
export function teamsInvokeAdaptiveCardAction(o: AdaptiveCardActionOptions): TeamsInboundActivity {
  const activity = common(o, 'invoke', eventId());
  activity.name = 'adaptiveCard/action';
  activity.replyToId = o.replyToId;
  activity.value = {
    action: {
      type: 'Action.Execute',
      ...(o.title ? { title: o.title } : {}),
      verb: o.verb,
      data: o.data ?? {},
    },
    trigger: 'manual',
  };
  activity.channelData = { ...activity.channelData, source: { name: 'message' } };
  return activity;
}

export interface TaskModuleOptions extends TeamsActivityBaseOptions {
  /** The id of the message whose button opened the dialog, when there is one. */
  replyToId?: string;
  data?: Record<string, unknown>;
}

function taskInvoke(o: TaskModuleOptions, name: 'task/fetch' | 'task/submit'): TeamsInboundActivity {
  const activity = common(o, 'invoke', eventId());
  activity.name = name;
  if (o.replyToId) activity.replyToId = o.replyToId;
  activity.value = { data: o.data ?? {}, context: { theme: 'default' } };
  return activity;
}

/** An `invoke` `task/fetch`: a dialog (task module) is being opened. */
export function teamsTaskFetch(o: TaskModuleOptions): TeamsInboundActivity {
  return taskInvoke(o, 'task/fetch');
}

/** An `invoke` `task/submit`: a dialog was submitted. */
export function teamsTaskSubmit(o: TaskModuleOptions): TeamsInboundActivity {
  return taskInvoke(o, 'task/submit');
}

/** POSTs an activity as JSON to `${baseUrl}/api/messages`, as the Bot Framework channel does. */
export function postActivity(
  baseUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl.replace(/\/+$/, '')}/api/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)',
      ...headers,
    },
    body: JSON.stringify(activity),
  });
}

export interface MessageActionOptions extends TeamsActivityBaseOptions {
  commandId: string;
  /** The HTML body of the message the action was run on (fetchTask). */
  messageHtml?: string;
  /** What the dialog submitted (submitAction). */
  data?: Record<string, unknown>;
}

/**
 * A message extension action on a message, as Teams sends it: `composeExtension/fetchTask` when the
 * person picks the action in a message's "…" menu, `composeExtension/submitAction` when its dialog is
 * submitted.
 */
export function teamsMessageAction(
  o: MessageActionOptions,
  name: 'composeExtension/fetchTask' | 'composeExtension/submitAction',
): TeamsInboundActivity {
  const activity = common(o, 'invoke', eventId());
  activity.name = name;
  activity.value = {
    commandId: o.commandId,
    commandContext: 'message',
    context: { theme: 'default' },
    ...(o.messageHtml !== undefined
      ? {
          messagePayload: {
            id: nextTeamsMessageId(),
            messageType: 'message',
            body: { contentType: 'html', content: o.messageHtml },
            from: { user: { id: o.fromAadObjectId, displayName: o.fromName ?? '' } },
          },
        }
      : {}),
    ...(o.data ? { data: o.data } : {}),
  };
  return activity;
}
