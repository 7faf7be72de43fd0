import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A fake Bot Framework connector (the Teams side of `activity.serviceUrl`) on 127.0.0.1, speaking the wire
 * format botframework-connector's ConnectorClient uses (botbuilder 4.23):
 *
 * - `POST v3/conversations` with ConversationParameters → 201 `{ id, activityId? }`. A 1:1 chat
 *   (`members: [{ id }]`) gets a stable `a:1…` id per member; a channel thread
 *   (`isGroup: true, channelData: { channel: { id } }, activity`, as TeamsInfo.sendMessageToTeamsChannel sends it)
 *   gets `{ id: '<channel>;messageid=<activityId>', activityId }`.
 * - `POST v3/conversations/{conversationId}/activities` (sendToConversation) → `{ id }`
 * - `POST v3/conversations/{conversationId}/activities/{activityId}` (replyToActivity) → `{ id }`
 * - `PUT v3/conversations/{conversationId}/activities/{activityId}` (updateActivity) → `{ id }`
 * - `DELETE v3/conversations/{conversationId}/activities/{activityId}` (deleteActivity) → 200, empty body
 * - `GET v3/conversations/{conversationId}/members/{memberId}` → a TeamsChannelAccount (by `29:` id or AAD id)
 * - `GET v3/conversations/{conversationId}/members` → TeamsChannelAccount[]
 * - `GET v3/conversations/{conversationId}/pagedmembers` → `{ members, continuationToken? }`
 *
 * Path parameters arrive URL-encoded (`19%3Aabc%40thread.tacv2%3Bmessageid%3D1` for
 * `19:abc@thread.tacv2;messageid=1`). Errors are `{ error: { code, message } }`, as the connector answers them.
 * With an empty MicrosoftAppId the SDK sends no `Authorization` header; one that is sent is recorded.
 */

import type {
  FakeConnector,
  FakeConnectorActivity,
  FakeConnectorCall,
  FakeConnectorConversation,
  FakeConnectorFailure,
  FakeConnectorMatch,
  FakeConnectorMethod,
  FakeConnectorOptions,
  WireJson,
} from './fake-connector-types.ts';

export type * from './fake-connector-types.ts';

import { type LimitCheck, retryAfterSeconds, SlidingWindowLimits } from './fake-limits.ts';

/** Per bot per conversation, as published (reference/platforms.md). */
const CONVERSATION_LIMITS = [
  { points: 7, windowMs: 1_000 },
  { points: 8, windowMs: 2_000 },
  { points: 60, windowMs: 30_000 },
  { points: 1_800, windowMs: 3_600_000 },
];

interface StoredActivity extends FakeConnectorActivity {
  deleted: boolean;
}

const DEFAULT_CODES: Record<number, string> = {
  400: 'BadArgument',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  412: 'PreconditionFailed',
  429: 'Throttled',
  500: 'InternalServerError',
  502: 'BadGateway',
  503: 'ServiceUnavailable',
  504: 'GatewayTimeout',
};

const baseConversation = (id: string) => id.split(';')[0]!;

async function readJson(req: IncomingMessage): Promise<WireJson> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  return raw ? JSON.parse(raw) : undefined;
}

export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const roster = options.members ?? {};
  const defaultTenant = options.tenantId ?? '00000000-0000-0000-0000-0000000tenant';
  const calls: FakeConnectorCall[] = [];
  const failures: { match: FakeConnectorMatch; reply: FakeConnectorFailure; left: number }[] = [];
  const stored: StoredActivity[] = [];
  const created: FakeConnectorConversation[] = [];
  const enforced = options.limits ? new SlidingWindowLimits() : null;
  /** Sends and conversation creation count; reads do not. The tenant is the one the body names. */
  const limitChecks = (route: Route, body: WireJson): LimitCheck[] => {
    if (!options.limits) return [];
    let conversation: string | undefined;
    if (route.kind === 'send' || route.kind === 'reply' || route.kind === 'update')
      conversation = baseConversation(route.conversationId);
    else if (route.kind === 'createConversation')
      conversation = body?.channelData?.channel?.id ?? body?.members?.[0]?.id;
    if (conversation === undefined) return [];
    const tenant =
      body?.conversation?.tenantId ?? body?.channelData?.tenant?.id ?? body?.tenantId ?? defaultTenant;
    return [
      { key: `conversation:${conversation}`, limits: CONVERSATION_LIMITS },
      { key: `tenant:${tenant}`, limits: [{ points: options.limits.tenantPerSecond, windowMs: 1_000 }] },
    ];
  };
  let seq = 0;
  const nextActivityId = () => String(1_700_000_000_000 + ++seq);

  /** The roster key for a `29:` id or an AAD object id; the id itself when not on the roster. */
  const canonicalMember = (id: string) =>
    roster[id] ? id : (Object.keys(roster).find((k) => roster[k]!.aadObjectId === id) ?? id);
  const personalConversationId = (memberId: string) =>
    `a:1${createHash('sha256').update(canonicalMember(memberId)).digest('base64url').slice(0, 43)}`;
  const teamsAccount = (key: string, tenantId: string) => {
    const m = roster[key]!;
    const [givenName, ...rest] = m.name.split(' ');
    return {
      id: key,
      name: m.name,
      ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}),
      ...(m.email ? { email: m.email, userPrincipalName: m.email } : {}),
      givenName,
      ...(rest.length ? { surname: rest.join(' ') } : {}),
      tenantId,
      userRole: 'user',
    };
  };
  const store = (conversationId: string, activity: WireJson, replyToId?: string): StoredActivity => {
    const a: StoredActivity = {
      id: nextActivityId(),
      conversationId,
      type: String(activity?.type ?? 'message'),
      updated: false,
      deleted: false,
      activity,
    };
    const reply = replyToId ?? activity?.replyToId;
    if (reply) a.replyToId = String(reply);
    if (activity?.text !== undefined) a.text = activity.text;
    if (Array.isArray(activity?.attachments)) a.attachments = activity.attachments;
    stored.push(a);
    return a;
  };
  const find = (conversationId: string, activityId: string) =>
    stored.find(
      (a) =>
        !a.deleted &&
        a.id === activityId &&
        baseConversation(a.conversationId) === baseConversation(conversationId),
    );

  type Answer = { status: number; body?: unknown };
  const error = (status: number, code: string, message: string): Answer => ({
    status,
    body: { error: { code, message } },
  });

  type Route =
    | { kind: 'createConversation' }
    | { kind: 'send'; conversationId: string }
    | { kind: 'reply' | 'update' | 'delete'; conversationId: string; activityId: string }
    | { kind: 'members' | 'pagedMembers'; conversationId: string }
    | { kind: 'member'; conversationId: string; memberId: string }
    | { kind: 'unknown'; conversationId?: string };

  /** Which operation a request is, from its method and decoded path segments; no side effects. */
  const routeOf = (method: string, s: string[]): Route => {
    if (s[0] !== 'v3' || s[1] !== 'conversations') return { kind: 'unknown' };
    if (s.length === 2) return method === 'POST' ? { kind: 'createConversation' } : { kind: 'unknown' };
    const conversationId = s[2]!;
    const [, , , resource, id] = s;
    if (resource === 'activities' && s.length === 4 && method === 'POST')
      return { kind: 'send', conversationId };
    if (resource === 'activities' && s.length === 5 && id !== undefined && id !== 'history') {
      const kind = ({ POST: 'reply', PUT: 'update', DELETE: 'delete' } as const)[method as 'POST'];
      if (kind) return { kind, conversationId, activityId: id };
    }
    if (method === 'GET' && resource === 'members' && s.length === 4)
      return { kind: 'members', conversationId };
    if (method === 'GET' && resource === 'members' && s.length === 5 && id !== undefined)
      return { kind: 'member', conversationId, memberId: id };
    if (method === 'GET' && resource === 'pagedmembers' && s.length === 4)
      return { kind: 'pagedMembers', conversationId };
    return { kind: 'unknown', conversationId };
  };

  const createConversation = (p: WireJson): Answer => {
    if (!p || typeof p !== 'object') return error(400, 'BadArgument', 'Missing ConversationParameters');
    const channelId: string | undefined = p.channelData?.channel?.id ?? p.channelData?.teamsChannelId;
    if (p.isGroup && channelId) {
      if (!p.activity) return error(400, 'BadArgument', 'An activity is required to start a channel thread');
      const a = store(channelId, p.activity);
      const conversation = { id: `${channelId};messageid=${a.id}`, activityId: a.id, parameters: p };
      created.push(conversation);
      return { status: 201, body: { id: conversation.id, activityId: a.id } };
    }
    const members: WireJson[] = Array.isArray(p.members) ? p.members : [];
    if (members.length !== 1 || typeof members[0]?.id !== 'string')
      return error(400, 'BadArgument', 'Exactly one member is required for a 1:1 conversation');
    const id = personalConversationId(members[0].id);
    const conversation: FakeConnectorConversation = { id, parameters: p };
    if (p.activity) conversation.activityId = store(id, p.activity).id;
    created.push(conversation);
    return {
      status: 201,
      body: { id, ...(conversation.activityId ? { activityId: conversation.activityId } : {}) },
    };
  };

  const execute = (
    route: Route,
    method: string,
    path: string,
    body: WireJson,
    query: URLSearchParams,
  ): Answer => {
    const tenantId = defaultTenant;
    switch (route.kind) {
      case 'createConversation':
        return createConversation(body);
      case 'send':
      case 'reply': {
        if (!body || typeof body !== 'object') return error(400, 'BadArgument', 'Missing activity');
        const replyTo = route.kind === 'reply' ? route.activityId : undefined;
        return { status: 200, body: { id: store(route.conversationId, body, replyTo).id } };
      }
      case 'update': {
        const existing = find(route.conversationId, route.activityId);
        if (!existing) return error(404, 'ActivityNotFound', `Unknown activity ${route.activityId}`);
        if (!body || typeof body !== 'object') return error(400, 'BadArgument', 'Missing activity');
        existing.type = String(body.type ?? existing.type);
        if (body.text !== undefined) existing.text = body.text;
        else delete existing.text;
        if (Array.isArray(body.attachments)) existing.attachments = body.attachments;
        else delete existing.attachments;
        existing.updated = true;
        existing.activity = body;
        return { status: 200, body: { id: route.activityId } };
      }
      case 'delete': {
        const existing = find(route.conversationId, route.activityId);
        if (!existing) return error(404, 'ActivityNotFound', `Unknown activity ${route.activityId}`);
        existing.deleted = true;
        return { status: 200 };
      }
      case 'members':
        return { status: 200, body: Object.keys(roster).map((k) => teamsAccount(k, tenantId)) };
      case 'member': {
        const key = canonicalMember(route.memberId);
        if (!roster[key]) return error(404, 'MemberNotFoundInConversation', 'Member not found');
        return { status: 200, body: teamsAccount(key, tenantId) };
      }
      case 'pagedMembers': {
        const keys = Object.keys(roster);
        const start = Number(query.get('continuationToken') ?? 0) || 0;
        const size = Number(query.get('pageSize') ?? 0) || 200;
        const members = keys.slice(start, start + size).map((k) => teamsAccount(k, tenantId));
        const more = start + size < keys.length;
        return {
          status: 200,
          body: { members, ...(more ? { continuationToken: String(start + size) } : {}) },
        };
      }
      default:
        return error(404, 'NotFound', `No route for ${method} ${path}`);
    }
  };

  const send = (res: ServerResponse, answer: Answer, headers: Record<string, string> = {}) => {
    if (answer.body === undefined) {
      res.writeHead(answer.status, headers);
      res.end();
      return;
    }
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(answer.body));
  };

  const takeFailure = (method: string, rawPath: string, decodedPath: string) => {
    const failure = failures.find(
      (f) =>
        f.left > 0 &&
        (f.match.method === undefined || f.match.method.toUpperCase() === method) &&
        (f.match.pathIncludes === undefined ||
          rawPath.includes(f.match.pathIncludes) ||
          decodedPath.includes(f.match.pathIncludes)),
    );
    if (failure) failure.left--;
    return failure?.reply;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = (req.method ?? 'GET').toUpperCase() as FakeConnectorMethod;
    const call: FakeConnectorCall = {
      method,
      path: url.pathname,
      body: undefined,
      authorization: req.headers.authorization ?? null,
      at: Date.now(),
    };
    calls.push(call);
    readJson(req).then(
      (body) => {
        call.body = body;
        let segments: string[];
        try {
          segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        } catch {
          return send(res, error(400, 'BadArgument', 'Malformed path'));
        }
        const decodedPath = `/${segments.join('/')}`;
        const route = routeOf(method, segments);
        if ('conversationId' in route && route.conversationId !== undefined)
          call.conversationId = route.conversationId;
        if ('activityId' in route) call.activityId = route.activityId;
        if ('memberId' in route) call.memberId = route.memberId;
        const failure = takeFailure(method, url.pathname, decodedPath);
        if (failure) {
          const { status, retryAfterSeconds, code, message } = failure;
          const headers: Record<string, string> =
            retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : {};
          const reason = code ?? DEFAULT_CODES[status] ?? 'Error';
          return send(res, error(status, reason, message ?? `Injected failure (${status})`), headers);
        }
        const wait = enforced?.admit(limitChecks(route, body));
        if (wait) {
          call.throttled = true;
          return send(res, error(429, 'Throttled', 'Too many requests'), {
            'retry-after': retryAfterSeconds(wait),
          });
        }
        try {
          send(res, execute(route, method, decodedPath, body, url.searchParams));
        } catch (failure) {
          // A bug in the fake must show up as an answer, not as a request that never ends.
          send(
            res,
            error(500, 'FakeConnectorError', failure instanceof Error ? failure.message : String(failure)),
          );
        }
      },
      () => send(res, error(400, 'BadArgument', 'The body is not valid JSON')),
    );
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    activities: (conversationId) =>
      stored
        .filter(
          (a) =>
            !a.deleted &&
            (conversationId === undefined ||
              a.conversationId === conversationId ||
              baseConversation(a.conversationId) === conversationId),
        )
        .map(({ deleted: _deleted, ...a }) => structuredClone(a)),
    throttled: () => enforced?.refused ?? 0,
    createdConversations: () => created.map((c) => structuredClone(c)),
    failNext(match, reply, times = 1) {
      failures.push({ match, reply, left: times });
    },
    personalConversationId,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
