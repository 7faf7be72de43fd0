import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_BATCH } from '../../src/app/cycles/open-due-cycles.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { enqueueOutbox } from '../../src/db/repositories/outbox.ts';

describe('the tick at municipal scale', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    await migrateDatabase(database);
  });
  afterAll(() => database.close());

  it('hands the queue every sendable message, not a first page: a Monday’s reminders are thousands', async () => {
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

  it('opens every team due, in batches, and ends when the due teams must wait', async () => {
    const teams = OPEN_BATCH + 57;
    const lines = [
      'owner: { key: many, name: Mange kommune }',
      'schools:',
      '  - { key: s, name: Skole }',
      'teams:',
      ...Array.from(
        { length: teams },
        (_, t) =>
          `  - { key: t${t}, school: s, name: Team ${t}, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }`,
      ),
      'people:',
      ...Array.from(
        { length: teams },
        (_, t) =>
          `  - { email: p${t}@many.example, name: Person ${t}, roles: [{ role: member, team: t${t} }] }`,
      ),
    ];
    const db = await openDatabase({ memory: true });
    try {
      await migrateDatabase(db);
      const clock = new ManualClock('2026-11-23T08:00:00Z');
      await applyOrg(db.db, parseOrgText(lines.join('\n'), 'many.yaml'), { now: clock.now() });
      const deps = {
        db: db.db,
        clock,
        adapters: {},
        queue: { enqueueSends: async () => {} },
        logger: pino({ level: 'silent' }),
      };
      // Thursday 22:00 in Oslo: all due, none may open at night. The batches pass them and stop.
      clock.set('2026-11-26T21:00:00Z');
      expect((await runTick(deps)).opened).toBe(0);
      // Friday 08:00: the late prompts go out, every one in this tick.
      clock.set('2026-11-27T07:00:00Z');
      expect((await runTick(deps)).opened).toBe(teams);
    } finally {
      await db.close();
    }
  });
});
