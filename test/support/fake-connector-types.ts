/** The fake Bot Framework connector's public shapes (see fake-connector.ts). */
/** A JSON value as it crossed the wire; `any` so tests can reach into it without casts. */
// biome-ignore lint/suspicious/noExplicitAny: parsed wire JSON of arbitrary shape
export type WireJson = any;

export interface FakeConnectorMember {
  name: string;
  aadObjectId?: string;
  email?: string;
}

export interface FakeConnectorOptions {
  /** The roster, keyed by Teams user id (`29:…`); used by get member(s) and to canonicalise 1:1 chats. */
  members?: Record<string, FakeConnectorMember>;
  /** tenantId put on members and 1:1 chats when the request does not name one. */
  tenantId?: string;
  /**
   * Enforce Teams' published throttling (429 `Throttled` + Retry-After) on sends and conversation
   * creation: per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h, and per tenant `tenantPerSecond`/1 s.
   */
  limits?: { tenantPerSecond: number };
}

export type FakeConnectorMethod = 'POST' | 'PUT' | 'GET' | 'DELETE';

export interface FakeConnectorCall {
  method: FakeConnectorMethod;
  /** The request path as sent on the wire (path parameters still URL-encoded), without the query. */
  path: string;
  /** Decoded `{conversationId}` of the route, when it has one. */
  conversationId?: string;
  /** Decoded `{activityId}` of an activity route (reply, update, delete). */
  activityId?: string;
  memberId?: string;
  /** The JSON body, or undefined for none. */
  body: WireJson;
  /** The `Authorization` header, or null when none was sent (the case with an empty MicrosoftAppId). */
  authorization: string | null;
  /** Date.now() on arrival. */
  at: number;
  /** Answered 429 by the enforced limits (not by failNext). */
  throttled?: boolean;
}

export interface FakeConnectorActivity {
  id: string;
  /** The conversation id the activity was posted to, decoded (may carry `;messageid=` for a thread). */
  conversationId: string;
  /** The replied-to activity: the path's `{activityId}` for a reply, else the body's `replyToId`. */
  replyToId?: string;
  type: string;
  text?: string;
  attachments?: WireJson[];
  /** True once a PUT has replaced it. */
  updated: boolean;
  /** The activity as last received (posted or updated). */
  activity: WireJson;
}

export interface FakeConnectorConversation {
  id: string;
  /** Set when the parameters carried an activity (it is then in activities() too). */
  activityId?: string;
  /** The ConversationParameters body as received. */
  parameters: WireJson;
}

export interface FakeConnectorFailure {
  status: number;
  /** Sent as `Retry-After` (seconds). Note the SDK retries 429/503 carrying it, up to 3 times. */
  retryAfterSeconds?: number;
  /** `error.code`; defaults by status: 429 Throttled, 403 Forbidden, 404 NotFound, 412 PreconditionFailed, … */
  code?: string;
  message?: string;
}

export interface FakeConnectorMatch {
  method?: string;
  /** Matched against the raw (URL-encoded) path and the decoded path. */
  pathIncludes?: string;
}

export interface FakeConnector {
  /** `http://127.0.0.1:PORT/` — use as the activity's / conversation reference's serviceUrl. */
  serviceUrl: string;
  /** Every request received, in order, including those answered with a failure or 404. */
  calls: FakeConnectorCall[];
  /**
   * Activities as they now stand (after updates and deletes), oldest first. With a conversation id, those
   * posted to it, or to a thread of it (`<id>;messageid=…`).
   */
  activities(conversationId?: string): FakeConnectorActivity[];
  /** Requests answered 429 by the enforced limits. */
  throttled(): number;
  /** Conversations created with `POST v3/conversations`, in order (the same 1:1 chat once per request). */
  createdConversations(): FakeConnectorConversation[];
  /** The next `times` requests matching `match` get this failure instead of the normal answer. */
  failNext(match: FakeConnectorMatch, reply: FakeConnectorFailure, times?: number): void;
  /** The stable `a:1…` id of the 1:1 chat with a member (by `29:` id or AAD object id). */
  personalConversationId(memberId: string): string;
  close(): Promise<void>;
}
