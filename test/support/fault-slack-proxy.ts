import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowSlack {
  /** Pass as SLACK_API_URL: `http://127.0.0.1:PORT/api/`. */
  url: string;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A slow network in front of the fake Slack Web API: every `chat.postMessage` reaches the fake at
 * once (the message is posted) but its answer comes back `postDelayMs` later. That is the window a
 * fault must hit to matter: the message is in Slack and the sender has not yet recorded it. With the
 * worker's 8 sends at a time it also paces a fan-out to several seconds, which the shared send budget
 * cannot do for a few dozen teams (its window is a whole minute).
 */
export async function startSlowSlack(target: string, postDelayMs: number): Promise<SlowSlack> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers: Record<string, string> = {};
      for (const name of ['content-type', 'authorization']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const answer = await fetch(new URL(req.url ?? '/', upstream.origin), {
        method: req.method ?? 'POST',
        headers,
        ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      if (req.url?.endsWith('/chat.postMessage')) await sleep(postDelayMs);
      const out: Record<string, string> = {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      };
      const retryAfter = answer.headers.get('retry-after');
      if (retryAfter) out['retry-after'] = retryAfter;
      // The sender may have died meanwhile (that is the point): then there is nobody to answer.
      if (!res.destroyed) res.writeHead(answer.status, out).end(body);
    })().catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${upstream.pathname}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
