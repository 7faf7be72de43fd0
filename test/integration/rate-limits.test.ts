import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RateLimitedError } from '../../src/core/errors.ts';
import { createSharedRateLimiter, type RateRule, slackRateRules } from '../../src/infra/rate-limits.ts';
import { redisTestPrefix } from '../support/databases.ts';

const connections: Redis[] = [];

/** A ready connection (the limiter fails over to memory while ioredis is still connecting). */
async function connect(): Promise<Redis> {
  const redis = new Redis(inject('redisUrl'));
  connections.push(redis);
  await redis.ping();
  return redis;
}

afterAll(async () => {
  await Promise.all(connections.map((redis) => redis.quit().catch(() => redis.disconnect())));
});

/** The error `take` was refused with, or undefined if it went through. */
async function refusal(promise: Promise<void>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('shared rate limits (Redis)', () => {
  it('refuses the 4th message to a channel, with a retry time, and leaves other channels alone', async () => {
    const limiter = createSharedRateLimiter(await connect(), slackRateRules(), {
      keyPrefix: redisTestPrefix(),
    });
    const keys = { workspace: 'T1', channel: 'T1:C1' };
    for (let i = 0; i < 3; i++) await limiter.take(keys);

    const error = await refusal(limiter.take(keys));
    expect(error).toBeInstanceOf(RateLimitedError);
    const { retryAfterMs } = error as RateLimitedError;
    expect(retryAfterMs).toBeGreaterThanOrEqual(1);
    expect(retryAfterMs).toBeLessThanOrEqual(3000);

    await expect(limiter.take({ workspace: 'T1', channel: 'T1:C2' })).resolves.toBeUndefined();
  });

  it('caps a workspace across its channels but not another workspace', async () => {
    const limiter = createSharedRateLimiter(await connect(), slackRateRules(5), {
      keyPrefix: redisTestPrefix(),
    });
    for (let i = 1; i <= 5; i++) await limiter.take({ workspace: 'T1', channel: `T1:C${i}` });

    const error = await refusal(limiter.take({ workspace: 'T1', channel: 'T1:C6' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(60_000);

    await expect(limiter.take({ workspace: 'T2', channel: 'T2:C1' })).resolves.toBeUndefined();
  });

  it('shares one budget between two processes (two limiters on two connections)', async () => {
    const keyPrefix = redisTestPrefix();
    const first = createSharedRateLimiter(await connect(), slackRateRules(), { keyPrefix });
    const second = createSharedRateLimiter(await connect(), slackRateRules(), { keyPrefix });
    const keys = { workspace: 'T1', channel: 'T1:C1' };

    await first.take(keys);
    await second.take(keys);
    await first.take(keys);
    expect(await refusal(second.take(keys))).toBeInstanceOf(RateLimitedError);
    expect(await refusal(first.take(keys))).toBeInstanceOf(RateLimitedError);
  });

  // Workspace first is the order where a channel refusal must give points back; channel first (the
  // order slackRateRules uses) must never take them in the first place.
  it.each([
    ['given back when the workspace rule is counted first', [...slackRateRules(5)].reverse()],
    ['never taken when the channel rule is counted first', slackRateRules(5)],
  ] as Array<[string, RateRule[]]>)(
    'a channel refusal leaves the workspace budget alone: %s',
    async (_, rules) => {
      const limiter = createSharedRateLimiter(await connect(), rules, { keyPrefix: redisTestPrefix() });
      const busy = { workspace: 'T1', channel: 'T1:C1' };
      for (let i = 0; i < 3; i++) await limiter.take(busy);
      for (let i = 0; i < 3; i++) expect(await refusal(limiter.take(busy))).toBeInstanceOf(RateLimitedError);

      // 3 of the workspace's 5 were used by the sends that went out; the 3 refusals used none.
      await limiter.take({ workspace: 'T1', channel: 'T1:C2' });
      await limiter.take({ workspace: 'T1', channel: 'T1:C3' });
      expect(await refusal(limiter.take({ workspace: 'T1', channel: 'T1:C4' }))).toBeInstanceOf(
        RateLimitedError,
      );
    },
  );

  it('keeps limiting in memory when Redis cannot be reached', async () => {
    // Port 1: nothing listens there, and no reconnects, so the connection never becomes ready.
    const down = new Redis({
      host: '127.0.0.1',
      port: 1,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => {});
    connections.push(down);
    const limiter = createSharedRateLimiter(down, slackRateRules(), { keyPrefix: redisTestPrefix() });
    const keys = { workspace: 'T1', channel: 'T1:C1' };

    for (let i = 0; i < 3; i++) await limiter.take(keys);
    expect(await refusal(limiter.take(keys))).toBeInstanceOf(RateLimitedError);
    await expect(limiter.take({ workspace: 'T1', channel: 'T1:C2' })).resolves.toBeUndefined();
  });

  it('waits for a budget that frees up within maxWaitMs, and refuses at once when it does not', async () => {
    const rules: RateRule[] = [
      { name: 'tenant', points: 2, durationSeconds: 1 },
      { name: 'hour', points: 3, durationSeconds: 3600 },
    ];
    const limiter = createSharedRateLimiter(await connect(), rules, {
      keyPrefix: redisTestPrefix(),
      maxWaitMs: 2_000,
    });
    const keys = { tenant: 'X', hour: 'X' };
    await limiter.take(keys);
    await limiter.take(keys);
    // The third waits out the second and goes through; the fourth would wait an hour: refused.
    await expect(limiter.take(keys)).resolves.toBeUndefined();
    const error = await refusal(limiter.take(keys));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(2_000);
  });

  it('rejects a key for a rule it does not have, before counting anything', async () => {
    const limiter = createSharedRateLimiter(await connect(), slackRateRules(), {
      keyPrefix: redisTestPrefix(),
    });
    await expect(limiter.take({ workspace: 'T1', chanel: 'T1:C1' })).rejects.toThrow(
      /no rate rule named chanel/,
    );
  });
});
