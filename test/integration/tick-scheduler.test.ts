import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { createTestDatabase, redisTestPrefix, type TestDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { until } from '../support/slack-harness.ts';

/** The minute tick outlives a Redis that lost its data: the worker puts its scheduler back. */
describe('the tick scheduler (real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let running: Running;

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      PORT: String(await getFreePort()),
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      LOG_LEVEL: 'silent',
    });
    running = await startRefleks(config, {
      role: 'worker',
      clock: new ManualClock('2026-11-23T08:00:00Z'),
      logger: silentLogger,
      queuePrefix: redisTestPrefix(),
      schedulerCheckMs: 100,
    });
  });
  afterAll(async () => {
    await running?.stop();
    await database?.drop();
  });

  it('is there at start, and back soon after Redis lost it', async () => {
    const schedulers = async () => (await running.queue.queue.getJobSchedulers()).map((j) => j.key);
    expect(await schedulers()).toEqual(['tick']);
    await running.queue.queue.removeJobScheduler('tick');
    expect(await schedulers()).toEqual([]);
    await until('the scheduler back', async () => (await schedulers()).includes('tick'));
  });
});
