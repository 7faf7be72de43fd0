import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startRedisServer } from '../../src/infra/redis-process.ts';
import { createTestDatabase, redisTestPrefix } from '../support/databases.ts';

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('test infrastructure', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('provides a Redis', async () => {
    const redis = new Redis(inject('redisUrl'));
    cleanups.push(() => redis.quit());
    const key = `${redisTestPrefix()}:greeting`;
    await redis.set(key, 'hei');
    expect(await redis.get(key)).toBe('hei');
  });

  it('creates PostgreSQL 15+ databases', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const sql = postgres(db.url, { max: 1 });
    cleanups.push(() => sql.end());
    const [row] = await sql<{ version: string; db: string }[]>`select version(), current_database() as db`;
    expect(row?.db).toBe(db.name);
    const major = Number(/^PostgreSQL (\d+)/.exec(row?.version ?? '')?.[1]);
    expect(major).toBeGreaterThanOrEqual(15);
  });

  it('starts and stops a private redis-server', async () => {
    const server = await startRedisServer();
    cleanups.push(() => server.stop());
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const redis = new Redis(server.url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    await server.stop();
    expect(await acceptsConnections(server.port)).toBe(false);
  });
});
