import { type App, type Receiver, type ReceiverEvent, verifySlackRequest } from '@slack/bolt';
import { type Context, Hono } from 'hono';
import type { Logger } from '../../src/logger.ts';

/** How long we give Bolt's listeners to acknowledge before answering Slack ourselves. */
const ACK_DEADLINE_MS = 2_500;
/**
 * A form submission is never answered for the listener: an empty 200 closes the modal, which tells
 * the person their answer was saved while it may still fail (PostgreSQL restarting, an overload).
 * Left unanswered past Slack's 3 s, Slack itself says something went wrong and keeps the modal open
 * with what they wrote, so they can send it again; a save that did land is then simply updated.
 */
const SUBMISSION_DEADLINE_MS = 15_000;

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  let parsed: unknown;
  if (contentType?.includes('application/x-www-form-urlencoded')) {
    const form = new URLSearchParams(raw);
    // Interactivity arrives as payload=<json>; slash commands as plain form fields.
    const payload = form.get('payload');
    parsed = payload ? JSON.parse(payload) : Object.fromEntries(form);
  } else parsed = JSON.parse(raw);
  // Valid JSON that is no object (`null`, `1`, `[]`) is no Slack request either.
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new Error('not an object');
  return parsed as Record<string, unknown>;
}

/**
 * Bolt's receiver on Refleks' own HTTP server: `POST /slack/events` for events, interactivity and slash
 * commands. Verification is Bolt's own (`verifySlackRequest`: signature and the 5-minute window); the
 * HTTP answer is whatever the listener passes to `ack()`, so modal validation errors reach Slack.
 */
export class HonoSlackReceiver implements Receiver {
  private bolt: App | null = null;
  readonly routes = new Hono();

  constructor(
    private readonly signingSecret: string,
    private readonly logger: Logger,
  ) {
    this.routes.post('/slack/events', (c) => this.handle(c));
  }

  init(app: App): void {
    this.bolt = app;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  private async handle(c: Context): Promise<Response> {
    const raw = await c.req.text();
    let body: Record<string, unknown>;
    try {
      body = parseBody(raw, c.req.header('content-type'));
    } catch {
      return c.text('malformed body', 400);
    }
    // ssl_check is the one request Slack does not sign.
    if (body.ssl_check) return c.body(null, 200);
    try {
      verifySlackRequest({
        signingSecret: this.signingSecret,
        body: raw,
        headers: {
          'x-slack-signature': c.req.header('x-slack-signature') ?? '',
          'x-slack-request-timestamp': Number(c.req.header('x-slack-request-timestamp')),
        },
      });
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'slack request refused',
      );
      return c.text('invalid signature', 401);
    }
    if (body.type === 'url_verification') return c.json({ challenge: body.challenge });
    if (!this.bolt) return c.text('not ready', 503);

    let answer: (response: unknown) => void = () => {};
    const acked = new Promise<unknown>((resolve) => {
      answer = resolve;
    });
    const retryNum = Number(c.req.header('x-slack-retry-num'));
    const event: ReceiverEvent = {
      body,
      ack: async (response?: unknown) => answer(response),
      ...(Number.isFinite(retryNum) ? { retryNum } : {}),
      ...(c.req.header('x-slack-retry-reason') ? { retryReason: c.req.header('x-slack-retry-reason') } : {}),
    };
    const processing = this.bolt.processEvent(event).catch((error: unknown) => {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error) },
        'slack listener failed',
      );
    });
    const wait = body.type === 'view_submission' ? SUBMISSION_DEADLINE_MS : ACK_DEADLINE_MS;
    const deadline = new Promise((resolve) => setTimeout(() => resolve(undefined), wait).unref());
    const response = await Promise.race([acked, processing.then(() => undefined), deadline]);
    if (response === undefined || response === '') return c.body(null, 200);
    return typeof response === 'string' ? c.text(response) : c.json(response as object);
  }
}
