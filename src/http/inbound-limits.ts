import { getConnInfo } from '@hono/node-server/conninfo';
import { verifySlackRequest } from '@slack/bolt';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';

/**
 * Limits on what the platforms (and anyone pretending to be them) may send us: a body size, checked
 * before anything reads the body, and a request rate per Slack workspace or Teams tenant.
 */

/** 413 before the body is read, parsed or verified (Content-Length, or counting a chunked stream). */
export function inboundBodyLimit(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => c.json({ error: 'payload_too_large', maxBytes }, 413),
  });
}

export type InboundPlatform = 'slack' | 'teams';

const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
const record = (value: unknown) =>
  value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;

/**
 * The tenant a request is for, as its body says (not yet verified), or null when it names none.
 * Slack: `team_id` in an event (JSON) or a slash command (form fields); interactivity is
 * `payload=<json>` with `team.id` or `user.team_id`. Teams: `conversation.tenantId` or
 * `channelData.tenant.id`.
 */
export function tenantOf(platform: InboundPlatform, raw: string, contentType: string | undefined) {
  try {
    if (platform === 'teams') {
      const activity = record(JSON.parse(raw));
      return (
        text(record(activity?.conversation)?.tenantId) ??
        text(record(record(activity?.channelData)?.tenant)?.id)
      );
    }
    let body: Record<string, unknown> | undefined;
    if (contentType?.includes('application/x-www-form-urlencoded')) {
      const form = new URLSearchParams(raw);
      const payload = form.get('payload');
      body = payload ? record(JSON.parse(payload)) : Object.fromEntries(form);
    } else {
      body = record(JSON.parse(raw));
    }
    return text(body?.team_id) ?? text(record(body?.team)?.id) ?? text(record(body?.user)?.team_id) ?? null;
  } catch {
    return null;
  }
}

function remoteAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (app.request in tests) have no socket.
    return 'unknown';
  }
}

/** The counting window: the limit is per second on average, and a burst within 10 s passes. */
export const INBOUND_WINDOW_SECONDS = 10;

export interface InboundLimiterOptions {
  perTenantPerSecond: number;
  /** e.g. `refleks:rl:in`, next to the outbound limiter's `refleks:rl:slack`. */
  keyPrefix: string;
  logger: Logger;
  /**
   * With it, a Slack request counts against its workspace only when its signature is right; anything
   * else counts against its remote address. Otherwise anyone could use up a school's budget by
   * sending junk that names its team_id. (Teams' JWT is too costly to check twice: see the README.)
   */
  slackSigningSecret?: string | undefined;
}

/**
 * A request rate per platform and tenant, shared by every web process through Redis (the app's own
 * ioredis connection). Over it: 429 with Retry-After, which Slack and the Bot Framework honour by
 * retrying later. Apply after the body limit: the body is read here (hono caches it, so the receiver
 * reads the same text again without touching the stream).
 */
export function createInboundLimiter(redis: Redis, options: InboundLimiterOptions) {
  const store = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: options.keyPrefix,
    points: options.perTenantPerSecond * INBOUND_WINDOW_SECONDS,
    duration: INBOUND_WINDOW_SECONDS,
    // A connection that is not ready fails at once instead of queueing the command (and the request).
    rejectIfRedisNotReady: true,
  });
  let lastWarning = 0;

  const keyOf = async (c: Context, platform: InboundPlatform): Promise<string> => {
    const raw = await c.req.text();
    const tenant = tenantOf(platform, raw, c.req.header('content-type'));
    if (tenant && platform === 'slack' && options.slackSigningSecret) {
      try {
        verifySlackRequest({
          signingSecret: options.slackSigningSecret,
          body: raw,
          headers: {
            'x-slack-signature': c.req.header('x-slack-signature') ?? '',
            'x-slack-request-timestamp': Number(c.req.header('x-slack-request-timestamp')),
          },
        });
      } catch {
        return `addr:${remoteAddress(c)}`;
      }
    }
    return tenant ? `${platform}:${tenant}` : `addr:${remoteAddress(c)}`;
  };

  return (platform: InboundPlatform): MiddlewareHandler =>
    async (c, next) => {
      if (c.req.method !== 'POST') return next();
      const key = await keyOf(c, platform);
      try {
        await store.consume(key, 1);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
          return c.json({ error: 'rate_limited', retryAfterSeconds: seconds }, 429, {
            'Retry-After': String(seconds),
          });
        }
        // Redis is unreachable. Failing open: these are people's answers and clicks, and Slack gives
        // up on an event after a few retries, so refusing them would lose work to protect against a
        // runaway client that is, in practice, never there. Signatures and JWTs are still checked.
        // One warning a minute, not one per request.
        if (Date.now() - lastWarning > 60_000) {
          lastWarning = Date.now();
          options.logger.warn(
            { err: refusal instanceof Error ? refusal.message : String(refusal) },
            'inbound rate limit not checked: Redis unreachable; letting requests through',
          );
        }
      }
      return next();
    };
}

export type InboundLimiter = ReturnType<typeof createInboundLimiter>;
