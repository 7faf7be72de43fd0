import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';

export interface TestDatabase {
  name: string;
  url: string;
  /** Terminates the database's connections and drops it. */
  drop(): Promise<void>;
}

function admin() {
  return postgres(inject('pgAdminUrl'), { max: 1, onnotice: () => {} });
}

/** A new, empty database `t_<random hex>` on the run's PostgreSQL (see global-setup.ts). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `t_${randomBytes(8).toString('hex')}`;
  const sql = admin();
  try {
    await sql.unsafe(`create database "${name}"`);
  } finally {
    await sql.end();
  }
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const sql = admin();
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}

/** A unique Redis key prefix (e.g. BullMQ's `prefix`), so tests sharing the run's Redis do not collide. */
export function redisTestPrefix(): string {
  return `t_${randomBytes(8).toString('hex')}`;
}
