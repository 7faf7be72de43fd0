import { Hono } from 'hono';
import type { Metrics } from './metrics.ts';

export interface HttpDeps {
  metrics: Metrics;
  /** Each named check must resolve for /readyz to say ready. */
  readiness: Record<string, () => Promise<unknown>>;
  /** Platform routes (/dev, /slack/events, /api/messages) mounted by the composition root. */
  mounts: Hono[];
}

export function createHttpApp(deps: HttpDeps): Hono {
  const app = new Hono();
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
