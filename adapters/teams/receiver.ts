import type { CloudAdapter } from 'botbuilder';
import { Hono } from 'hono';
import { handleTeamsTurn } from './turn.ts';
import type { TurnDeps } from './turn-context.ts';

/**
 * `POST /api/messages` on Refleks' own server. CloudAdapter checks the Bot Framework JWT (or nothing,
 * with an empty app id) and runs the turn; its answer (an invoke response, 401, …) is collected here
 * and returned as the HTTP response, so no Express is needed.
 */
export function teamsRoutes(deps: TurnDeps & { cloud: CloudAdapter }): Hono {
  const app = new Hono();
  app.post('/api/messages', async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.text('malformed activity', 400);
    }
    const malformed = whatIsMalformed(body);
    if (malformed) return c.text(`malformed activity: ${malformed}`, 400);
    const answer: { status: number; body: unknown } = { status: 200, body: undefined };
    const res = {
      status(code: number) {
        answer.status = code;
        return res;
      },
      header() {
        return res;
      },
      send(payload: unknown) {
        answer.body = payload;
        return res;
      },
      end() {
        return res;
      },
    };
    const req = { method: 'POST', body, headers: Object.fromEntries(c.req.raw.headers) };
    await deps.cloud.process(req as never, res as never, (context) => handleTeamsTurn(context, deps));
    if (answer.body === undefined || answer.body === null) return c.body(null, answer.status as 200);
    return typeof answer.body === 'string'
      ? c.text(answer.body, answer.status as 200)
      : c.json(answer.body as object, answer.status as 200);
  });
  return app;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const absent = (value: unknown) => value === undefined || value === null;
const isId = (value: unknown) => typeof value === 'string' && !value.includes('\u0000');

/** The activity types whose `from` and `conversation` a turn reads (a person, where to answer). */
const READ_BY_A_TURN = new Set(['message', 'invoke', 'conversationUpdate', 'installationUpdate']);

/**
 * What makes a body no activity Refleks can take, checked before botbuilder sees it: anything here
 * would otherwise end in a 500 (botbuilder throws) or a 501 (the turn throws before answering an
 * invoke). Only the fields botbuilder and the turn rely on are checked, and only as the Bot
 * Framework always sends them, so no real activity is refused:
 * - an object with a text `type` (botbuilder throws on anything else);
 * - `serviceUrl` text when there (botbuilder builds its connector client from it: a number or a list
 *   fails with "endpoint.toLowerCase is not a function");
 * - `from` and `conversation` objects with an id when there, and there for the activities a turn
 *   handles (the person is `from.aadObjectId ?? from.id`; replies and the core's conversation come
 *   from `conversation.id`); `from.aadObjectId` an id too when there. An id is text without a NUL
 *   character: the database cannot hold one, so looking a person up by it fails.
 * Everything else (channelData, value, text, …) is read defensively by the turn itself.
 */
export function whatIsMalformed(body: unknown): string | null {
  if (!isObject(body) || typeof body.type !== 'string') return 'no activity type';
  if (!absent(body.serviceUrl) && typeof body.serviceUrl !== 'string') return 'serviceUrl is no text';
  const required = READ_BY_A_TURN.has(body.type);
  for (const field of ['from', 'conversation'] as const) {
    const account = body[field];
    if (absent(account) && !required) continue;
    if (!isObject(account) || !isId(account.id)) return `${field} has no id`;
  }
  const from = body.from;
  if (isObject(from) && !absent(from.aadObjectId) && !isId(from.aadObjectId))
    return 'from.aadObjectId is no id';
  return null;
}
