import type { Redis } from 'ioredis';
import { RateLimitedError } from '../core/errors.ts';
import { PACE_SCRIPT, type PaceResult, type PaceStep, paceInMemory } from './pacing.ts';

/**
 * Outbound send budgets shared by every process through Redis, so N workers together stay under a
 * platform's limit instead of each finding it with 429s (see /work/shared/reference/platforms.md).
 * Sends are paced, not counted in windows (src/infra/pacing.ts, docs/adr/0010): a fixed window lets
 * its whole budget out at once, and a platform that counts over a sliding window then sees up to
 * twice the budget where two windows meet — the fan-out bench measured 7–12 % of requests refused
 * that way even at 80 % of the limit.
 */

/** At most `points` sends per `durationSeconds`, spaced evenly after a burst of `burst` (default 1). */
export interface RateRule {
  name: string;
  points: number;
  durationSeconds: number;
  burst?: number;
}

export interface SharedRateLimiter {
  /**
   * Takes one send from every rule named in `keys` (rule name → the key it counts, e.g.
   * `{ channel: 'T123:C456', workspace: 'T123' }`), or none. When every rule allows a send within
   * `maxWaitMs` it reserves that slot and waits for it; otherwise it throws RateLimitedError with the
   * time until then, and the caller (the outbox) schedules the retry, so a long wait for one busy
   * channel or workspace does not hold up sends elsewhere.
   */
  take(keys: Record<string, string>): Promise<void>;
}

export interface SharedRateLimiterOptions {
  keyPrefix: string;
  /**
   * How long `take` may wait for its slot (default 0: never). Worth it for short waits: a send that
   * goes back to the queue is fetched, claimed and refused again, and with thousands waiting (a
   * tenant's DM reminders) that churn costs more than the sending.
   */
  maxWaitMs?: number;
}

type PacingRedis = Redis & {
  refleksPace(numKeys: number, ...args: Array<string | number>): Promise<[number, number, number]>;
};

export function createSharedRateLimiter(
  redis: Redis,
  rules: RateRule[],
  options: SharedRateLimiterOptions,
): SharedRateLimiter {
  const byName = new Map<string, RateRule>();
  for (const rule of rules) {
    if (byName.has(rule.name)) throw new Error(`rate rule ${rule.name} is defined twice`);
    for (const [what, value] of [
      ['points', rule.points],
      ['durationSeconds', rule.durationSeconds],
      ['burst', rule.burst ?? 1],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new Error(`rate rule ${rule.name}: ${what} must be a positive integer`);
      }
    }
    byName.set(rule.name, rule);
  }
  if (!(redis as unknown as Partial<PacingRedis>).refleksPace)
    redis.defineCommand('refleksPace', { lua: PACE_SCRIPT });
  const pacing = redis as unknown as PacingRedis;
  // Redis away must not stop all sending: each process then paces in its own memory. That is per
  // process (N workers may together send N× the budget until Redis is back), but it still paces
  // each worker, and the platform's own 429 → RateLimitedError remains the backstop.
  const local = new Map<string, number>();
  const maxWaitMs = options.maxWaitMs ?? 0;

  async function decide(steps: PaceStep[]): Promise<PaceResult> {
    // A connection that is not ready would park the command in ioredis's offline queue (for ever on
    // a BullMQ-style connection), and every send would hang: answer from memory instead.
    if (redis.status === 'ready') {
      try {
        const args = steps.flatMap((s) => [s.intervalMs, s.toleranceMs]);
        const [allowed, waitMs, decidedBy] = await pacing.refleksPace(
          steps.length,
          ...steps.map((s) => s.key),
          maxWaitMs,
          ...args,
        );
        return { allowed: allowed === 1, waitMs, decidedBy: decidedBy - 1 };
      } catch {
        // Fall through to memory: Redis went away between the check and the call.
      }
    }
    return paceInMemory(local, steps, Date.now(), maxWaitMs);
  }

  return {
    async take(keys) {
      const steps: PaceStep[] = [];
      const named: RateRule[] = [];
      for (const name of Object.keys(keys)) {
        // A misspelt rule name would silently switch a limit off.
        if (!byName.has(name)) throw new Error(`no rate rule named ${name}`);
      }
      for (const rule of rules) {
        const key = keys[rule.name];
        if (key === undefined) continue;
        const intervalMs = (rule.durationSeconds * 1000) / rule.points;
        steps.push({
          key: `${options.keyPrefix}:${rule.name}:${key}`,
          intervalMs,
          toleranceMs: ((rule.burst ?? 1) - 1) * intervalMs,
        });
        named.push(rule);
      }
      if (!steps.length) return;
      const { allowed, waitMs, decidedBy } = await decide(steps);
      if (!allowed) {
        const rule = named[decidedBy];
        throw new RateLimitedError(
          Math.max(1, waitMs),
          `send budget ${rule?.name} (${rule?.points}/${rule?.durationSeconds}s) used up for ${keys[rule?.name ?? '']}`,
        );
      }
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    },
  };
}

/**
 * Slack chat.postMessage budgets; pass `{ channel: '<team>:<channel>', workspace: '<team>' }`.
 *
 * - channel: the reference says "about 1 message per second per channel (short bursts allowed)":
 *   one a second, after a burst of 3 (a prompt and a couple of replies go out together).
 * - workspace: Slack only says "several hundred per minute"; the reference says plan on 300/min and
 *   keep it configurable, hence the parameter. Evenly spaced, no burst: at 300/min one send every
 *   200 ms, so no minute — however Slack slides it — holds more than the budget.
 */
export function slackRateRules(perWorkspacePerMinute = 300): RateRule[] {
  return [
    { name: 'channel', points: 3, durationSeconds: 3, burst: 3 },
    { name: 'workspace', points: perWorkspacePerMinute, durationSeconds: 60 },
  ];
}

/**
 * Teams' published limits per bot per conversation (7/1 s, 8/2 s, 60/30 s, 1800/h) and per app per
 * tenant (reference/platforms.md: docs say 50/s, older ones 30; we plan on 40, configurable). The
 * short conversation rules and the tenant are paced evenly; the 30 s and hourly rules allow a burst
 * (a thread where everyone answers at once), which the 2 s rule still spaces out.
 */
export function teamsRateRules(perTenantPerSecond = 40): RateRule[] {
  return [
    { name: 'conversation1s', points: 7, durationSeconds: 1 },
    { name: 'conversation2s', points: 8, durationSeconds: 2 },
    { name: 'conversation30s', points: 60, durationSeconds: 30, burst: 8 },
    { name: 'conversation1h', points: 1800, durationSeconds: 3600, burst: 60 },
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
