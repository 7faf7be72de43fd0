import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { enqueueOutbox } from '../../src/db/repositories/outbox.ts';

describe('the tick hands the queue every sendable message', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    await migrateDatabase(database);
  });
  afterAll(() => database.close());

  it('all of them, not a first page: a municipality’s reminders are thousands at once', async () => {
    const clock = new ManualClock('2026-11-23T08:00:00Z');
    for (let i = 0; i < 1_200; i++) {
      await enqueueOutbox(database.db, { key: `summary:bench:${i}`, kind: 'summary' });
    }
    // One not yet due: it waits for a later tick.
    await enqueueOutbox(database.db, {
      key: 'summary:later',
      kind: 'summary',
      notBefore: new Date('2026-11-23T09:00:00Z'),
    });
    const handed: string[] = [];
    const report = await runTick({
      db: database.db,
      clock,
      adapters: {},
      queue: { enqueueSends: async (rows) => void handed.push(...rows.map((r) => r.id)) },
      logger: pino({ level: 'silent' }),
    });
    expect(report.enqueued).toBe(1_200);
    expect(new Set(handed).size).toBe(1_200);
  });
});
