import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from '../../src/infra/postgres-cluster.ts';
import { startRedisServer } from '../../src/infra/redis-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    pgAdminUrl: string;
  }
}

/**
 * One real PostgreSQL and one real Redis for the whole run, on 127.0.0.1. TEST_DATABASE_URL and
 * TEST_REDIS_URL point the tests at servers of your own instead.
 */
export default async function setup(project: TestProject) {
  const stops: (() => Promise<void>)[] = [];
  let pgAdminUrl = process.env.TEST_DATABASE_URL;
  if (!pgAdminUrl) {
    const cluster = await startPostgresCluster();
    stops.push(cluster.stop);
    pgAdminUrl = cluster.url;
  }
  let redisUrl = process.env.TEST_REDIS_URL;
  if (!redisUrl) {
    const redis = await startRedisServer();
    stops.push(redis.stop);
    redisUrl = redis.url;
  }
  project.provide('pgAdminUrl', pgAdminUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops.reverse()) await stop();
  };
}
