import { resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { createRedisConnection } from '../../jobs/redis.ts';
import type { Config } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { lockDataDir } from '../db/data-dir-lock.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startRedisServer } from '../infra/redis-process.ts';
import type { Logger } from '../logger.ts';

/** postgres.js for DATABASE_URL, otherwise PGlite under the data folder, guarded against a second process. */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.env.DATABASE_URL) {
    return openDatabase({ url: config.env.DATABASE_URL }, { max: config.env.DATABASE_POOL_MAX });
  }
  const dir = resolve(config.env.REFLEKS_DATA_DIR);
  const release = lockDataDir(dir);
  try {
    const database = await openDatabase({ dataDir: resolve(dir, 'pglite') });
    return {
      ...database,
      close: async () => {
        await database.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

export interface Services {
  database: Database;
  redis: Redis;
  redisUrl: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL (or embedded PGlite) migrated and ready, and Redis (or a private redis-server child).
 * If anything fails half-way, what was already started is stopped again.
 */
export async function startServices(config: Config, logger: Logger): Promise<Services> {
  const cleanups: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  };
  try {
    const database = await openConfiguredDatabase(config);
    cleanups.push(() => database.close());
    logger.info({ driver: database.driver }, 'database opened');
    await migrateDatabase(database);

    let redisUrl = config.env.REDIS_URL;
    if (!redisUrl) {
      // The pid file lets the next start clean up after a SIGKILL, which no exit handler survives.
      const pidFile = config.env.DATABASE_URL ? undefined : resolve(config.env.REFLEKS_DATA_DIR, 'redis.pid');
      const server = await startRedisServer({ logger, ...(pidFile ? { pidFile } : {}) });
      cleanups.push(() => server.stop());
      redisUrl = server.url;
      logger.info({ port: server.port }, 'private redis-server started');
    }
    const redis = createRedisConnection(redisUrl);
    cleanups.push(async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
    await redis.ping();
    return { database, redis, redisUrl, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
