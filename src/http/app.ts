import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from '../logger.ts';
import { type InboundLimiter, inboundBodyLimit } from './inbound-limits.ts';
import type { Metrics } from './metrics.ts';
import { crossSiteGuard, securityHeaders } from './security.ts';

export interface HttpSecurity {
  /** The largest body POST /slack/events, /api/messages and /dev/* accept (413 beyond it). */
  maxBodyBytes: number;
  /** Per-tenant request rate on /slack/events and /api/messages; none: no limit. */
  inboundLimiter?: InboundLimiter;
  /** CSP `'sha256-…'` sources of the /dev pages' inline style sheets (see inlineStyleHashes). */
  devStyleHashes: string[];
  /** Behind a proxy the browser's Origin is PUBLIC_URL's, not the address Refleks listens on. */
  publicUrl?: string | undefined;
}

export interface HttpDeps {
  metrics: Metrics;
  /** Each named check must resolve for /readyz to say ready. */
  readiness: Record<string, () => Promise<unknown>>;
  /** Platform routes (/dev, /slack/events, /api/messages) mounted by the composition root. */
  mounts: Hono[];
  /** Headers, CSRF, body and rate limits (src/http/security.ts, inbound-limits.ts). */
  security?: HttpSecurity;
  /** Where an unexpected error in a route is logged (otherwise hono writes it to the console). */
  logger?: Logger;
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof HTTPException) return error.getResponse();
    // Through pino's err serializer (src/logger.ts): type, message, stack and cause, values scrubbed.
    // A personal link's path is its token, a credential: never logged.
    const path = c.req.path.replace(/^\/(overview|my-data)\/[^/]+/, '/$1/[token]');
    deps.logger?.error({ err: error, path }, 'request failed');
    return c.text('Internal Server Error', 500);
  });
  // Middleware first: hono applies only what is registered before the routes it guards. The ack
  // time is measured outermost, so it holds every refusal (413, 429) as well as the answers.
  for (const route of ['/slack/events', '/api/messages', '/dev/*']) {
    app.on('POST', route, async (_c, next) => {
      const done = deps.metrics.ackSeconds.startTimer({ route });
      try {
        await next();
      } finally {
        done();
      }
    });
  }
  const security = deps.security;
  if (security) {
    app.use('*', securityHeaders({ devStyleHashes: security.devStyleHashes }));
    const bodyLimit = inboundBodyLimit(security.maxBodyBytes);
    for (const path of ['/slack/events', '/api/messages', '/dev/*']) {
      app.on('POST', path, bodyLimit);
    }
    // Only the browser forms: Slack and the Bot Framework are servers, verified by signature / JWT.
    app.on('POST', '/dev/*', crossSiteGuard({ publicUrl: security.publicUrl }));
    if (security.inboundLimiter) {
      app.on('POST', '/slack/events', security.inboundLimiter('slack'));
      app.on('POST', '/api/messages', security.inboundLimiter('teams'));
    }
  }
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const results = await Promise.all(
      Object.entries(deps.readiness).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, error instanceof Error ? error.message : 'failed'] as const;
        }
      }),
    );
    const ready = results.every(([, r]) => r === 'ok');
    return c.json(
      { status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) },
      ready ? 200 : 503,
    );
  });
  app.get('/metrics', async (c) =>
    c.text(await deps.metrics.registry.metrics(), 200, { 'content-type': deps.metrics.registry.contentType }),
  );
  for (const mount of deps.mounts) app.route('/', mount);
  return app;
}
