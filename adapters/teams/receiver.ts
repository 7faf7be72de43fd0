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
