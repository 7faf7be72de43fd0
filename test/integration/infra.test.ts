import { createConnection } from 'node:net';
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { describe, expect, inject, it } from 'vitest';
import { startRedisServer } from '../../src/infra/redis-process.ts';
import { createTestDatabase } from '../support/databases.ts';

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('the test infrastructure is real', () => {
  it('gives a real Redis', async () => {
    const redis = new Redis(inject('redisUrl'));
    await redis.set('refleks:infra', 'ok');
    expect(await redis.get('refleks:infra')).toBe('ok');
    await redis.quit();
  });

  it('gives a real PostgreSQL 15 or newer, with a database per caller', async () => {
    const db = await createTestDatabase();
    const sql = postgres(db.url, { max: 1 });
    const [row] = await sql<{ v: string }[]>`select current_setting('server_version_num') as v`;
    expect(Number(row!.v)).toBeGreaterThanOrEqual(150000);
    await sql.end();
    await db.drop();
  });

  it('starts and stops a private redis-server on loopback', async () => {
    const server = await startRedisServer();
    expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const redis = new Redis(server.url);
    expect(await redis.ping()).toBe('PONG');
    await redis.quit();
    await server.stop();
    expect(await accepts(server.port)).toBe(false);
  });
});
