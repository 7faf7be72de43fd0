import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type LimitCheck, retryAfterSeconds, SlidingWindowLimits } from './fake-limits.ts';

/**
 * A fake Slack Web API on 127.0.0.1 that speaks the wire format of https://slack.com/api/:
 * POST `<url><method>` with a form-encoded body (object/array fields JSON-encoded, as @slack/web-api's
 * WebClient sends them) or a JSON body, token in `Authorization: Bearer` (or a `token` field).
 * Answers are HTTP 200 `{ ok: true, ... }` / `{ ok: false, error }`; throttling is HTTP 429 + `Retry-After`.
 */

export interface FakeSlackUser {
  name: string;
  real_name?: string;
  email?: string;
  locale?: string;
}

export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  users?: Record<string, FakeSlackUser>;
  /** Bot tokens of other workspaces (token → team id), for many installations; others are `teamId`'s. */
  workspaces?: Record<string, string>;
  /** Enforce Slack's published limits (429 + Retry-After); off unless given. */
  limits?: FakeSlackLimits;
}

/** Per workspace and method, as Slack counts them (reference/platforms.md). */
export interface FakeSlackLimits {
  /** chat.postMessage per workspace per minute ("several hundred"; the reference plans on 300). */
  messagesPerMinute: number;
  /** chat.postMessage per channel per minute: "about one per second, short bursts allowed". */
  channelPerMinute?: number;
  /** Other methods per minute; unlisted ones are unlimited. Defaults: Tier 3 and Tier 4 as published. */
  perMethodPerMinute?: Record<string, number>;
}

const TIERS: Record<string, number> = {
  'conversations.open': 50,
  'users.lookupByEmail': 50,
  'users.info': 100,
  'views.publish': 100,
  'chat.update': 50,
};

export interface FakeSlackCall {
  method: string;
  /** The bearer token (or `token` field); null when none was sent. */
  token: string | null;
  /** Body fields, JSON-decoded where a form field holds a JSON object or array. `token` is not included. */
  args: Record<string, unknown>;
  /** Date.now() on arrival. */
  at: number;
  /** The workspace the token belongs to. */
  workspace: string;
  /** Answered 429 by the enforced limits (not by failNext). */
  throttled?: boolean;
}

export interface FakeSlackFailure {
  /** HTTP status; defaults to 429 when retryAfterSeconds is given, else 200 (an `ok: false` answer). */
  status?: number;
  /** Sent as `Retry-After`; defaults to 1 for a 429. */
  retryAfterSeconds?: number;
  /** The `error` of the answer; defaults to `ratelimited` (429), `internal_error` (other non-200), `fatal_error`. */
  error?: string;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: unknown[];
}

export interface FakeSlackView extends Record<string, unknown> {
  id: string;
  hash: string;
  type: string;
  /** The user a home tab was published for (views.publish); absent for modals. */
  user_id?: string;
}

export interface FakeSlack {
  /** e.g. `http://127.0.0.1:PORT/api/` — pass as `slackApiUrl` / SLACK_API_URL. */
  url: string;
  teamId: string;
  botUserId: string;
  /** Every request received, in order, including those answered with a failure. */
  calls: FakeSlackCall[];
  /** Requests answered 429 by the enforced limits. */
  throttled(): number;
  callsTo(method: string): FakeSlackCall[];
  /** The next `times` calls of `method` get this failure instead of the normal answer. */
  failNext(method: string, reply: FakeSlackFailure, times?: number): void;
  /** Messages as they now stand in Slack (after posts and updates), oldest first. */
  messages(channel?: string): FakeSlackMessage[];
  view(id: string): FakeSlackView | undefined;
  /** All opened modals and published home tabs, as they now stand. */
  views(): FakeSlackView[];
  /** The DM channel id `conversations.open` gives (and `chat.postMessage` to a user id uses) for a user. */
  dmChannel(userId: string): string;
  close(): Promise<void>;
}

type Args = Record<string, unknown>;
type Answer = Record<string, unknown> & { ok: boolean };

function decodeField(value: string): unknown {
  if (!/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

async function readArgs(req: IncomingMessage): Promise<Args> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').startsWith('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Args = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = decodeField(value);
  return args;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const isTrue = (v: unknown) => v === true || v === 'true' || v === '1' || v === 1;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const teamId = options.teamId ?? 'T0000REFLEKS';
  const botUserId = options.botUserId ?? 'U0000BOT';
  const users = options.users ?? {};
  const calls: FakeSlackCall[] = [];
  const failures = new Map<string, FakeSlackFailure[]>();
  const messages: FakeSlackMessage[] = [];
  const views = new Map<string, FakeSlackView>();
  const homeViewIds = new Map<string, string>();
  const dms = new Map<string, string>();
  const enforced = options.limits ? new SlidingWindowLimits() : null;
  const minute = (points: number) => [{ points, windowMs: 60_000 }];
  /** What a call counts against; empty when the method is unlimited. */
  const limitChecks = (workspace: string, method: string, args: Args): LimitCheck[] => {
    const limits = options.limits;
    if (!limits) return [];
    if (method === 'chat.postMessage') {
      return [
        {
          key: `channel:${workspace}:${String(args.channel)}`,
          limits: minute(limits.channelPerMinute ?? 60),
        },
        { key: `messages:${workspace}`, limits: minute(limits.messagesPerMinute) },
      ];
    }
    const perMinute = limits.perMethodPerMinute?.[method] ?? TIERS[method];
    return perMinute ? [{ key: `${method}:${workspace}`, limits: minute(perMinute) }] : [];
  };
  let seq = 0;
  const next = () => ++seq;
  const id = (prefix: string) => `${prefix}${String(next()).padStart(10, '0')}`;
  const nextTs = () => {
    const micros = next() * 100;
    return `${1_700_000_000 + Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
  const dmChannel = (userId: string) => {
    if (!dms.has(userId)) dms.set(userId, id('D'));
    return dms.get(userId)!;
  };
  const fail = (error: string): Answer => ({ ok: false, error });
  const slackUser = (userId: string, withLocale: boolean) => {
    const u = users[userId];
    if (!u) return undefined;
    const realName = u.real_name ?? u.name;
    return {
      id: userId,
      team_id: teamId,
      name: u.name,
      deleted: false,
      real_name: realName,
      is_bot: false,
      tz: 'Europe/Oslo',
      profile: { real_name: realName, display_name: u.name, email: u.email, team: teamId },
      ...(withLocale ? { locale: u.locale ?? 'en-US' } : {}),
    };
  };
  const asMessage = (m: FakeSlackMessage) => ({
    type: 'message',
    user: botUserId,
    bot_id: 'B0000BOT',
    team: teamId,
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  });
  const storeView = (viewId: string, view: unknown, extra: Args = {}): FakeSlackView => {
    const stored: FakeSlackView = {
      ...(view as Args),
      ...extra,
      id: viewId,
      team_id: teamId,
      type: str((view as Args).type) ?? 'modal',
      hash: `${Date.now()}.${next()}`,
      state: { values: {} },
      root_view_id: viewId,
      bot_id: 'B0000BOT',
    };
    views.set(viewId, stored);
    return stored;
  };

  const methods: Record<string, (a: Args, workspace: string) => Answer> = {
    'auth.test': (_a, workspace) => ({
      ok: true,
      url: 'https://refleks-test.slack.com/',
      team: 'Refleks Test',
      user: 'refleks',
      team_id: workspace,
      user_id: botUserId,
      bot_id: 'B0000BOT',
      is_enterprise_install: false,
    }),
    'chat.postMessage': (a) => {
      let channel = str(a.channel);
      if (!channel) return fail('channel_not_found');
      if (a.text === undefined && a.blocks === undefined && a.attachments === undefined)
        return fail('no_text');
      if (/^[UW]/.test(channel)) channel = dmChannel(channel);
      const blocks = Array.isArray(a.blocks) ? a.blocks : [];
      const m: FakeSlackMessage = { channel, ts: nextTs(), text: String(a.text ?? ''), blocks };
      if (str(a.thread_ts)) m.thread_ts = str(a.thread_ts);
      messages.push(m);
      return { ok: true, channel, ts: m.ts, message: asMessage(m) };
    },
    'chat.update': (a) => {
      const m = messages.find((x) => x.channel === a.channel && x.ts === a.ts);
      if (!m) return fail(str(a.channel) ? 'message_not_found' : 'channel_not_found');
      if (a.text !== undefined) m.text = String(a.text);
      if (Array.isArray(a.blocks)) m.blocks = a.blocks;
      return { ok: true, channel: m.channel, ts: m.ts, text: m.text, message: asMessage(m) };
    },
    'chat.postEphemeral': (a) => {
      if (!str(a.channel)) return fail('channel_not_found');
      if (!str(a.user)) return fail('user_not_in_channel');
      return { ok: true, message_ts: nextTs() };
    },
    'views.open': (a) => {
      if (!str(a.trigger_id) || typeof a.view !== 'object' || a.view === null)
        return fail('invalid_arguments');
      return { ok: true, view: storeView(id('V'), a.view) };
    },
    'views.update': (a) => {
      const byExternal = () => [...views.values()].find((v) => v.external_id === a.external_id);
      const old = str(a.view_id)
        ? views.get(String(a.view_id))
        : str(a.external_id)
          ? byExternal()
          : undefined;
      if (!old) return fail('not_found');
      if (str(a.hash) && a.hash !== old.hash) return fail('hash_conflict');
      if (typeof a.view !== 'object' || a.view === null) return fail('invalid_arguments');
      const extra = old.user_id ? { user_id: old.user_id } : {};
      return { ok: true, view: storeView(old.id, a.view, extra) };
    },
    'views.publish': (a) => {
      const userId = str(a.user_id);
      if (!userId || typeof a.view !== 'object' || a.view === null) return fail('invalid_arguments');
      const old = homeViewIds.get(userId) ? views.get(homeViewIds.get(userId)!) : undefined;
      if (old && str(a.hash) && a.hash !== old.hash) return fail('hash_conflict');
      const viewId = old?.id ?? id('V');
      homeViewIds.set(userId, viewId);
      return { ok: true, view: storeView(viewId, a.view, { user_id: userId }) };
    },
    'conversations.open': (a) => {
      const list = Array.isArray(a.users) ? a.users.map(String) : (str(a.users) ?? '').split(',');
      const ids = list.map((u) => u.trim()).filter(Boolean);
      if (ids.length === 0) return fail(str(a.channel) ? 'channel_not_found' : 'users_list_not_supplied');
      const channel = ids.length === 1 ? dmChannel(ids[0]!) : `G${ids.sort().join('').slice(0, 10)}`;
      return { ok: true, channel: { id: channel } };
    },
    'users.info': (a) => {
      const user = slackUser(String(a.user ?? ''), isTrue(a.include_locale));
      return user ? { ok: true, user } : fail('user_not_found');
    },
    'users.lookupByEmail': (a) => {
      const email = String(a.email ?? '').toLowerCase();
      const userId = Object.keys(users).find((u) => users[u]!.email?.toLowerCase() === email);
      return userId ? { ok: true, user: slackUser(userId, false) } : fail('users_not_found');
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  const server = createServer((req, res) => {
    const match = /^\/api\/([\w.]+)$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (!match || req.method !== 'POST') return send(res, 404, fail('not_found'));
    const method = match[1]!;
    readArgs(req).then(
      (args) => {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const token = bearer ?? str(args.token) ?? null;
        delete args.token;
        const workspace = (token && options.workspaces?.[token]) || teamId;
        const call: FakeSlackCall = { method, token, args, at: Date.now(), workspace };
        calls.push(call);
        const failure = failures.get(method)?.shift();
        if (failure) {
          const status = failure.status ?? (failure.retryAfterSeconds !== undefined ? 429 : 200);
          const error =
            failure.error ??
            (status === 429 ? 'ratelimited' : status !== 200 ? 'internal_error' : 'fatal_error');
          const headers: Record<string, string> =
            status === 429 ? { 'retry-after': String(failure.retryAfterSeconds ?? 1) } : {};
          return send(res, status, fail(error), headers);
        }
        // The OAuth code exchange authenticates with the client id and secret, not a token.
        if (method === 'oauth.v2.access') return send(res, 200, oauthAccess(args, teamId, botUserId));
        if (!token) return send(res, 200, fail('not_authed'));
        if (!token.startsWith('xoxb-')) return send(res, 200, fail('invalid_auth'));
        const wait = enforced?.admit(limitChecks(workspace, method, args));
        if (wait) {
          call.throttled = true;
          return send(res, 429, fail('ratelimited'), { 'retry-after': retryAfterSeconds(wait) });
        }
        const handler = methods[method];
        send(
          res,
          200,
          handler ? handler(args, workspace) : { ...fail('unknown_method'), req_method: method },
        );
      },
      () => send(res, 200, fail('invalid_form_data')),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    teamId,
    botUserId,
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    throttled: () => enforced?.refused ?? 0,
    failNext(method, reply, times = 1) {
      const queue = failures.get(method) ?? [];
      for (let i = 0; i < times; i++) queue.push(reply);
      failures.set(method, queue);
    },
    messages: (channel) =>
      messages.filter((m) => channel === undefined || m.channel === channel).map((m) => structuredClone(m)),
    view: (viewId) => views.get(viewId),
    views: () => [...views.values()],
    dmChannel,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** `oauth.v2.access` as Slack answers it for a bot install; the code "bad" is refused like a used one. */
function oauthAccess(args: Record<string, unknown>, teamId: string, botUserId: string) {
  if (!args.client_id || !args.client_secret) return { ok: false, error: 'invalid_client_id' };
  if (args.code === 'bad') return { ok: false, error: 'invalid_code' };
  return {
    ok: true,
    access_token: `xoxb-installed-${teamId}`,
    token_type: 'bot',
    scope: 'chat:write,im:write,users:read,channels:history,groups:history,commands',
    bot_user_id: botUserId,
    app_id: 'A0000REFLEKS',
    team: { id: teamId, name: 'Sinsen skole' },
    enterprise: null,
    is_enterprise_install: false,
    authed_user: { id: 'UADMIN' },
  };
}
