import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../core/errors.ts';

/**
 * Outbound send budgets shared by every process through Redis, so N workers together stay under a
 * platform's limit instead of each finding it with 429s (see /work/shared/reference/platforms.md).
 * Counting is rate-limiter-flexible's fixed window: atomic INCR + TTL in one Lua script per rule.
 */

/** At most `points` sends per `durationSeconds` (whole seconds: the Redis store counts in seconds). */
export interface RateRule {
  name: string;
  points: number;
  durationSeconds: number;
}

export interface SharedRateLimiter {
  /**
   * Takes one point from every rule named in `keys` (rule name → the key it counts, e.g.
   * `{ channel: 'T123:C456', workspace: 'T123' }`), or none. When the exhausted rule frees up within
   * `maxWaitMs` it waits for that and tries again; otherwise it throws RateLimitedError with the time
   * until then, and the caller (the outbox) schedules the retry, so a long wait for one busy channel
   * or workspace does not hold up sends elsewhere.
   */
  take(keys: Record<string, string>): Promise<void>;
}

export interface SharedRateLimiterOptions {
  keyPrefix: string;
  /**
   * How long `take` may wait for a budget that frees up soon (default 0: never). Worth it for
   * budgets counted per second: a refused send that goes back to the queue is fetched, claimed and
   * refused again every second, and with thousands waiting (a tenant's DM reminders) that churn
   * costs more than the sending and uses up the outbox's allowance of waits.
   */
  maxWaitMs?: number;
}

interface Limiter {
  rule: RateRule;
  store: RateLimiterRedis;
}

export function createSharedRateLimiter(
  redis: Redis,
  rules: RateRule[],
  options: SharedRateLimiterOptions,
): SharedRateLimiter {
  const limiters = new Map<string, Limiter>();
  for (const rule of rules) {
    if (limiters.has(rule.name)) throw new Error(`rate rule ${rule.name} is defined twice`);
    if (!Number.isInteger(rule.points) || rule.points < 1) {
      throw new Error(`rate rule ${rule.name}: points must be a positive integer`);
    }
    if (!Number.isInteger(rule.durationSeconds) || rule.durationSeconds < 1) {
      throw new Error(`rate rule ${rule.name}: durationSeconds must be a positive integer`);
    }
    const keyPrefix = `${options.keyPrefix}:${rule.name}`;
    const store = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points: rule.points,
      duration: rule.durationSeconds,
      // Without this, ioredis parks commands in its offline queue while Redis is away (for ever on a
      // BullMQ-style connection with maxRetriesPerRequest: null) and every send would hang. With it,
      // a connection that is not "ready" fails at once and the insurance limiter below answers.
      rejectIfRedisNotReady: true,
      // Redis down must not stop all sending: each process then counts in its own memory. That is
      // per process (N workers may together send N× the budget until Redis is back), but it still
      // paces each worker, and the platform's own 429 → RateLimitedError remains the backstop.
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix,
        points: rule.points,
        duration: rule.durationSeconds,
      }),
      // No execEvenly (it spreads every consume out by sleeping, even with budget to spare; take()
      // waits only when refused and only as long as maxWaitMs allows) and no blockDuration (a refused
      // take should wait only until the window frees up, not be punished).
    });
    limiters.set(rule.name, { rule, store });
  }

  const maxWaitMs = options.maxWaitMs ?? 0;
  return {
    async take(keys) {
      const deadline = Date.now() + maxWaitMs;
      for (;;) {
        try {
          return await takeOnce(keys);
        } catch (error) {
          if (!(error instanceof RateLimitedError) || Date.now() + error.retryAfterMs > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
        }
      }
    },
  };

  async function takeOnce(keys: Record<string, string>): Promise<void> {
    const applicable: Array<{ limiter: Limiter; key: string }> = [];
    // Rules run in the order they were given, so put the one most often exhausted (the narrowest,
    // e.g. the channel) first: a refusal there never touches the broader budgets at all.
    for (const [name, limiter] of limiters) {
      const key = keys[name];
      if (key !== undefined) applicable.push({ limiter, key });
    }
    for (const name of Object.keys(keys)) {
      // A misspelt rule name would silently switch a limit off.
      if (!limiters.has(name)) throw new Error(`no rate rule named ${name}`);
    }

    // The library has no multi-key transaction, so "all or nothing" is consume in turn and, on a
    // refusal, give back what earlier rules took. Between the two another process may see those
    // points as used and be refused early; that errs on the safe side. The refused rule's own
    // counter is left over its limit: its window expires on its TTL regardless, so it costs nothing.
    const taken: Array<{ limiter: Limiter; key: string }> = [];
    for (const entry of applicable) {
      try {
        await entry.limiter.store.consume(entry.key, 1);
        taken.push(entry);
      } catch (refusal) {
        // Best effort: if a give-back fails we over-count, which only slows sending down.
        await Promise.allSettled(taken.map((t) => t.limiter.store.reward(t.key, 1)));
        if (refusal instanceof RateLimiterRes) {
          throw new RateLimitedError(
            Math.max(1, Math.ceil(refusal.msBeforeNext)),
            `send budget ${entry.limiter.rule.name} (${entry.limiter.rule.points}/${entry.limiter.rule.durationSeconds}s) used up for ${entry.key}`,
          );
        }
        throw refusal;
      }
    }
  }
}

/**
 * Slack chat.postMessage budgets; pass `{ channel: '<team>:<channel>', workspace: '<team>' }`.
 *
 * - channel: the reference says "about 1 message per second per channel (short bursts allowed)".
 *   3 per 3 s keeps the 1/s average and lets a short burst of 3 through (a prompt plus a couple of
 *   replies) instead of spacing every message a full second apart. Because the window is fixed, up
 *   to 6 can go out around a window boundary; that is still a short burst and well within "about".
 * - workspace: Slack only says "several hundred per minute"; the reference says plan on 300/min and
 *   keep it configurable, hence the parameter.
 *
 * The channel rule is listed first so a busy channel is refused before the workspace budget is touched.
 */
export function slackRateRules(perWorkspacePerMinute = 300): RateRule[] {
  return [
    { name: 'channel', points: 3, durationSeconds: 3 },
    { name: 'workspace', points: perWorkspacePerMinute, durationSeconds: 60 },
  ];
}

/**
 * Teams' published limits per bot per conversation (7/1 s, 8/2 s, 60/30 s, 1800/h) and per app per
 * tenant (reference/platforms.md: docs say 50/s, older ones 30; we plan on 40, configurable). The
 * conversation rules come first, so a busy conversation is refused before the tenant budget is touched.
 */
export function teamsRateRules(perTenantPerSecond = 40): RateRule[] {
  return [
    { name: 'conversation1s', points: 7, durationSeconds: 1 },
    { name: 'conversation2s', points: 8, durationSeconds: 2 },
    { name: 'conversation30s', points: 60, durationSeconds: 30 },
    { name: 'conversation1h', points: 1800, durationSeconds: 3600 },
    { name: 'tenant', points: perTenantPerSecond, durationSeconds: 1 },
  ];
}

/** The keys for one Teams send under teamsRateRules. */
export function teamsRateKeys(tenantId: string, conversationId: string): Record<string, string> {
  const conversation = `${tenantId}:${conversationId}`;
  return {
    conversation1s: conversation,
    conversation2s: conversation,
    conversation30s: conversation,
    conversation1h: conversation,
    tenant: tenantId,
  };
}
