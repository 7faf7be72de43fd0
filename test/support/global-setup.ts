import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../src/infra/postgres-cluster.ts';
import { startRedisServer } from '../../src/infra/redis-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis://127.0.0.1:PORT of the run's Redis; isolate keys with redisTestPrefix(). */
    redisUrl: string;
    /** Superuser URL of the run's PostgreSQL; create databases with createTestDatabase(). */
    pgAdminUrl: string;
  }
}

/**
 * Starts one private redis-server and one throwaway PostgreSQL cluster for the whole test run,
 * unless TEST_REDIS_URL / TEST_DATABASE_URL point at existing servers.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const stops: Array<() => Promise<void>> = [];
  const teardown = async () => {
    await Promise.allSettled(stops.map((stop) => stop()));
  };

  const started = <T extends { url: string; stop(): Promise<void> }>(server: T) => {
    stops.push(server.stop);
    return server.url;
  };
  const [redis, pg] = await Promise.allSettled([
    process.env.TEST_REDIS_URL ?? startRedisServer().then(started),
    process.env.TEST_DATABASE_URL ?? startPostgresCluster().then(started),
  ]);
  if (redis.status === 'rejected' || pg.status === 'rejected') {
    await teardown();
    throw redis.status === 'rejected' ? redis.reason : (pg as PromiseRejectedResult).reason;
  }
  provide('redisUrl', redis.value);
  provide('pgAdminUrl', pg.value);
  return teardown;
}
