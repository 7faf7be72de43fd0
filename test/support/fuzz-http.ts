import { request } from 'node:http';
import { signSlackRequest } from './slack-requests.ts';

/**
 * A POST on a connection of its own. fetch keeps connections alive, and after a 413 the server drops
 * the connection once it has drained the rest of the body for a while: the next request fetch sends
 * on that connection then fails with "other side closed", which is the client's problem, not the
 * server's. An error after the answer has arrived (the server closing while we still write a body
 * it refused) is ignored: the answer is what is being tested.
 */
export function postRaw(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}

/** Signed as Slack signs: JSON when the body looks like an object, else form-encoded. */
export function postSignedToSlack(url: string, secret: string, body: string, contentType?: string) {
  const type =
    contentType ??
    (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  return postRaw(url, { 'content-type': type, ...signSlackRequest(secret, body) }, body);
}

/**
 * Thousands of requests from one workspace in seconds: the per-tenant inbound rate limit is lifted,
 * or most of them would be answered 429 by the limiter before they reach the receiver under test.
 */
export const LIFTED = { REFLEKS_INBOUND_PER_TENANT_PER_SECOND: '100000' };
