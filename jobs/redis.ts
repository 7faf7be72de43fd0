import { Redis } from 'ioredis';

/** BullMQ workers need `maxRetriesPerRequest: null`: a blocked worker must wait for Redis, not fail. */
export function createRedisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
