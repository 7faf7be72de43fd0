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

describe('shared send pacing (Redis)', () => {
  it('lets a burst of 3 into a channel, then one a second; other channels are not held up', async () => {
    const limiter = createSharedRateLimiter(await connect(), slackRateRules(6000), {
      keyPrefix: redisTestPrefix(),
      maxWaitMs: 500,
    });
    for (let i = 0; i < 3; i++) await limiter.take({ workspace: 'T1', channel: 'T1:C1' });

    const error = await refusal(limiter.take({ workspace: 'T1', channel: 'T1:C1' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(500);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(1000);
    expect((error as RateLimitedError).message).toMatch(/send budget channel/);

    await expect(limiter.take({ workspace: 'T1', channel: 'T1:C2' })).resolves.toBeUndefined();
  });

  it('spaces a workspace’s sends evenly, says when the next fits, and leaves other workspaces alone', async () => {
    // 5 a minute: one every 12 s, whatever the channel.
    const limiter = createSharedRateLimiter(await connect(), slackRateRules(5), {
      keyPrefix: redisTestPrefix(),
    });
    await limiter.take({ workspace: 'T1', channel: 'T1:C1' });
    const error = await refusal(limiter.take({ workspace: 'T1', channel: 'T1:C2' }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(11_000);
    expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(12_000);
    await expect(limiter.take({ workspace: 'T2', channel: 'T2:C1' })).resolves.toBeUndefined();
  });

  it('shares one budget between two processes (two limiters on two connections)', async () => {
    const keyPrefix = redisTestPrefix();
    const rules: RateRule[] = [{ name: 'tenant', points: 2, durationSeconds: 60, burst: 2 }];
    const first = createSharedRateLimiter(await connect(), rules, { keyPrefix });
    const second = createSharedRateLimiter(await connect(), rules, { keyPrefix });

    await first.take({ tenant: 'X' });
    await second.take({ tenant: 'X' });
    expect(await refusal(first.take({ tenant: 'X' }))).toBeInstanceOf(RateLimitedError);
    expect(await refusal(second.take({ tenant: 'X' }))).toBeInstanceOf(RateLimitedError);
  });

  it('reserves nothing for a refused send: a busy channel leaves the workspace budget alone', async () => {
    const rules: RateRule[] = [
      { name: 'channel', points: 1, durationSeconds: 60 },
      { name: 'workspace', points: 10, durationSeconds: 60, burst: 4 },
    ];
    const limiter = createSharedRateLimiter(await connect(), rules, { keyPrefix: redisTestPrefix() });
    await limiter.take({ channel: 'T1:C1', workspace: 'T1' });
    for (let i = 0; i < 3; i++) {
      expect(await refusal(limiter.take({ channel: 'T1:C1', workspace: 'T1' }))).toBeInstanceOf(
        RateLimitedError,
      );
    }
    // The burst of 4 had one used by the send that went out; the refusals used none.
    for (const c of ['C2', 'C3', 'C4']) await limiter.take({ channel: `T1:${c}`, workspace: 'T1' });
    expect(await refusal(limiter.take({ channel: 'T1:C5', workspace: 'T1' }))).toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('queues senders that may wait, each in its own slot, and refuses the ones past maxWaitMs', async () => {
    const rules: RateRule[] = [{ name: 'tenant', points: 1, durationSeconds: 1 }];
    const limiter = createSharedRateLimiter(await connect(), rules, {
      keyPrefix: redisTestPrefix(),
      maxWaitMs: 2_500,
    });
    // Slots now, +1 s and +2 s fit; +3 s does not, and a refusal reserves nothing, so both last get +3 s.
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => refusal(limiter.take({ tenant: 'X' }))));
    expect(outcomes.filter((o) => o === undefined)).toHaveLength(3);
    const refused = outcomes.filter((o) => o !== undefined) as RateLimitedError[];
    expect(refused).toHaveLength(2);
    for (const error of refused) expect(error.retryAfterMs).toBeGreaterThan(2_500);
  });

  it('keeps pacing in memory when Redis cannot be reached', async () => {
    // Port 1: nothing listens there, and no reconnects, so the connection never becomes ready.
    const down = new Redis({
      host: '127.0.0.1',
      port: 1,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    down.on('error', () => {});
    connections.push(down);
    const limiter = createSharedRateLimiter(down, slackRateRules(6000), {
      keyPrefix: redisTestPrefix(),
      maxWaitMs: 500,
    });
    const keys = { workspace: 'T1', channel: 'T1:C1' };

    for (let i = 0; i < 3; i++) await limiter.take(keys);
    expect(await refusal(limiter.take(keys))).toBeInstanceOf(RateLimitedError);
    await expect(limiter.take({ workspace: 'T1', channel: 'T1:C2' })).resolves.toBeUndefined();
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
