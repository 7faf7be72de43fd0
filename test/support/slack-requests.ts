import { createHmac } from 'node:crypto';

/**
 * Requests built exactly as Slack sends them to an app's request URL: events as JSON `event_callback`,
 * interactivity as form-encoded `payload=<json>`, slash commands form-encoded, all signed with
 * `x-slack-signature: v0=hex(HMAC-SHA256(secret, "v0:{ts}:{rawBody}"))` and `x-slack-request-timestamp`.
 */

export const JSON_CONTENT_TYPE = 'application/json';
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';

const nowSeconds = () => Math.floor(Date.now() / 1000);
let counter = 0;
const uniqueSuffix = () => `${Date.now().toString(36)}${(++counter).toString(36)}`.toUpperCase();

/** The two signature headers Slack adds to every request. */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestamp: number = nowSeconds(),
): Record<string, string> {
  const hash = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hash}`, 'x-slack-request-timestamp': String(timestamp) };
}

export interface SlackEventBodyOptions {
  teamId: string;
  /** The inner event (`type: 'message'`, `'app_mention'`, ...). `event_ts` is filled in (from `ts`) when absent. */
  event: Record<string, unknown>;
  /** Defaults to a fresh unique `Ev…` id; reuse one to simulate a retried delivery. */
  eventId?: string;
  eventTime?: number;
  apiAppId?: string;
  /** The app's bot user, put in `authorizations`. */
  botUserId?: string;
  enterpriseId?: string | null;
}

/** The JSON string of an `event_callback` envelope. */
export function slackEventBody(o: SlackEventBodyOptions): string {
  const eventTime = o.eventTime ?? nowSeconds();
  const eventTs = o.event.event_ts ?? o.event.ts ?? `${eventTime}.000100`;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: o.teamId,
    enterprise_id: o.enterpriseId ?? undefined,
    api_app_id: o.apiAppId ?? 'A0000REFLEKS',
    event: { ...o.event, event_ts: eventTs },
    type: 'event_callback',
    event_id: o.eventId ?? `Ev${uniqueSuffix()}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: o.enterpriseId ?? null,
        team_id: o.teamId,
        user_id: o.botUserId ?? 'U0000BOT',
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${uniqueSuffix()}`,
  });
}

/** The JSON string of the `url_verification` handshake. */
export function slackUrlVerificationBody(challenge: string): string {
  return JSON.stringify({ token: 'legacy-verification-token', challenge, type: 'url_verification' });
}

/** Form-encoded `payload=<json>`, as block actions, view submissions and shortcuts arrive. */
export function slackInteractionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface SlackCommandFields {
  team_id: string;
  user_id: string;
  channel_id: string;
  /** e.g. `/refleks` */
  command: string;
  text?: string;
  trigger_id?: string;
  response_url?: string;
  [field: string]: string | undefined;
}

/** A form-encoded slash command; fields Slack always sends get realistic defaults. */
export function slackCommandBody(fields: SlackCommandFields): string {
  const all: Record<string, string | undefined> = {
    token: 'legacy-verification-token',
    team_domain: 'refleks-test',
    channel_name: 'general',
    user_name: fields.user_id.toLowerCase(),
    text: '',
    api_app_id: 'A0000REFLEKS',
    is_enterprise_install: 'false',
    response_url: 'http://127.0.0.1:9/commands/response',
    trigger_id: `${uniqueSuffix()}.trigger`,
    ...fields,
  };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(all)) if (value !== undefined) params.append(key, value);
  return params.toString();
}

function interactionBase(teamId: string, userId: string, triggerId?: string) {
  return {
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A0000REFLEKS',
    token: 'legacy-verification-token',
    trigger_id: triggerId ?? `${uniqueSuffix()}.trigger`,
    team: { id: teamId, domain: 'refleks-test' },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export interface BlockActionOptions {
  teamId: string;
  userId: string;
  actionId: string;
  value?: string;
  /** Set for a button in a channel message; omit both and pass `viewId` for a button in a modal/home tab. */
  channelId?: string;
  messageTs?: string;
  viewId?: string;
  triggerId?: string;
  blockId?: string;
  /** The message the button sits on, as Slack echoes it back (blocks, text). */
  message?: Record<string, unknown>;
}

/** A `block_actions` payload for one button click (wrap with slackInteractionBody). */
export function blockActionPayload(o: BlockActionOptions): Record<string, unknown> {
  const actionTs = `${nowSeconds()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const inMessage = o.channelId !== undefined && o.messageTs !== undefined;
  return {
    type: 'block_actions',
    ...interactionBase(o.teamId, o.userId, o.triggerId),
    container: inMessage
      ? { type: 'message', message_ts: o.messageTs, channel_id: o.channelId, is_ephemeral: false }
      : { type: 'view', view_id: o.viewId },
    ...(o.channelId ? { channel: { id: o.channelId, name: 'general' } } : {}),
    ...(inMessage
      ? { message: { type: 'message', ts: o.messageTs, text: '', blocks: [], ...o.message } }
      : {}),
    ...(o.viewId ? { view: { id: o.viewId, type: 'modal', state: { values: {} } } } : {}),
    state: { values: {} },
    response_url: 'http://127.0.0.1:9/actions/response',
    actions: [
      {
        action_id: o.actionId,
        block_id: o.blockId ?? 'actions',
        text: { type: 'plain_text', text: o.actionId, emoji: true },
        ...(o.value !== undefined ? { value: o.value } : {}),
        type: 'button',
        action_ts: actionTs,
      },
    ],
  };
}

export interface SubmittedView {
  id: string;
  callback_id: string;
  private_metadata?: string;
  /** `{ [blockId]: { [actionId]: { type, value | selected_option | ... } } }` */
  state: { values: Record<string, Record<string, unknown>> };
  hash?: string;
}

/** A `view_submission` payload (wrap with slackInteractionBody). */
export function viewSubmissionPayload(o: {
  teamId: string;
  userId: string;
  view: SubmittedView;
  triggerId?: string;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    ...interactionBase(o.teamId, o.userId, o.triggerId),
    view: {
      type: 'modal',
      team_id: o.teamId,
      blocks: [],
      private_metadata: '',
      title: { type: 'plain_text', text: 'Refleks' },
      previous_view_id: null,
      root_view_id: o.view.id,
      external_id: '',
      app_id: 'A0000REFLEKS',
      bot_id: 'B0000BOT',
      hash: `${nowSeconds()}.abc`,
      ...o.view,
    },
    response_urls: [],
  };
}

/** A `view_closed` payload (sent only for modals opened with `notify_on_close: true`). */
export function viewClosedPayload(o: {
  teamId: string;
  userId: string;
  view: Omit<SubmittedView, 'state'>;
}): Record<string, unknown> {
  const { trigger_id: _trigger, ...base } = interactionBase(o.teamId, o.userId);
  return {
    type: 'view_closed',
    ...base,
    view: { type: 'modal', team_id: o.teamId, private_metadata: '', state: { values: {} }, ...o.view },
    is_cleared: false,
  };
}

export interface SendToSlackEndpointOptions {
  /** The raw body, e.g. from slackEventBody / slackInteractionBody / slackCommandBody. */
  body: string;
  /** Defaults to JSON when the body starts with `{`, else form-encoded. */
  contentType?: string;
  secret: string;
  /** Seconds; defaults to now. An old one makes a stale request. */
  timestamp?: number;
  /** Marks a redelivery: sets `x-slack-retry-num` and `x-slack-retry-reason`. */
  retryNum?: number;
  retryReason?: string;
  /** Sign with a wrong secret, as a forger would. */
  forgeSignature?: boolean;
  /** Defaults to `/slack/events`. */
  path?: string;
}

/** POSTs a signed request to `${baseUrl}/slack/events`, with the headers Slack sends. */
export function sendToSlackEndpoint(baseUrl: string, o: SendToSlackEndpointOptions): Promise<Response> {
  const contentType =
    o.contentType ?? (o.body.trimStart().startsWith('{') ? JSON_CONTENT_TYPE : FORM_CONTENT_TYPE);
  const secret = o.forgeSignature ? `${o.secret}-forged` : o.secret;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signSlackRequest(secret, o.body, o.timestamp ?? nowSeconds()),
  };
  if (o.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(o.retryNum);
    headers['x-slack-retry-reason'] = o.retryReason ?? 'http_timeout';
  }
  return fetch(`${baseUrl.replace(/\/+$/, '')}${o.path ?? '/slack/events'}`, {
    method: 'POST',
    headers,
    body: o.body,
  });
}
