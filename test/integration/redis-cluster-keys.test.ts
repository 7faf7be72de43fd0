import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { REDIS_PREFIX } from '../../jobs/catalog.ts';
import { createJobQueue } from '../../jobs/queue.ts';
import { createSharedRateLimiter, slackRateRules } from '../../src/infra/rate-limits.ts';

/** Redis Cluster hashes only what stands between the first `{` and the next `}` of a key. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

/** Every key Refleks writes shares one hash tag, so a queue's keys sit in one Redis Cluster slot. */
describe('Redis keys are safe for Redis Cluster (real redis-server)', () => {
  const redis = new Redis(inject('redisUrl'));
  const tag = `rc_${randomBytes(6).toString('hex')}`;
  afterAll(() => redis.quit());

  it('uses a hash-tagged prefix by default', () => {
    expect(REDIS_PREFIX).toMatch(/^\{[^{}]+\}$/);
  });

  it('puts the queue, its scheduler, its jobs and the rate limits under one hash tag', async () => {
    const prefix = `{${tag}}`;
    const queue = createJobQueue(redis, { prefix });
    await queue.scheduleTick();
    await queue.enqueueSends([{ id: '00000000-0000-4000-8000-000000000001', attempts: 0 }]);
    const limiter = createSharedRateLimiter(redis, slackRateRules(300), { keyPrefix: `${prefix}:rl:slack` });
    await limiter.take({ channel: 'T1:C1', workspace: 'T1' });
    const keys = await redis.keys(`*${tag}*`);
    expect(keys.length).toBeGreaterThan(3);
    expect(new Set(keys.map(hashTag))).toEqual(new Set([tag]));
    await queue.queue.obliterate({ force: true });
    await queue.close();
  });
});
