import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Db } from '../src/db/client.ts';
import * as schema from '../src/db/schema/index.ts';

/**
 * A second pool on the same database, as openDatabase makes one, that counts the SQL statements sent
 * through it. The warm-ups run on it, so each path's statement count (an N+1 shows up here first) is
 * reported without touching the pool whose timings are reported.
 */
export interface CountingDb {
  db: Db;
  /** Statements sent so far. */
  statements(): number;
  close(): Promise<void>;
}

export function countingDatabase(url: string, max: number): CountingDb {
  let statements = 0;
  const client = postgres(url, {
    max,
    onnotice: () => {},
    debug: () => {
      statements++;
    },
  });
  return {
    db: drizzle(client, { schema }) as unknown as Db,
    statements: () => statements,
    close: () => client.end({ timeout: 5 }),
  };
}

/** Statements `fn` sent through `counting`. */
export async function statementsOf(counting: CountingDb, fn: () => Promise<unknown>): Promise<number> {
  const before = counting.statements();
  await fn();
  return counting.statements() - before;
}
