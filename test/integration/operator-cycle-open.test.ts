import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { cycles } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** `refleks cycle open` next to the schedule: it posts now, but never makes two cycles at once. */
describe('an operator opening a cycle', () => {
  let database: Database;
  let h: LoopHarness;

  beforeEach(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2027-05-03T08:00:00Z'); // Monday of the week with Ascension Day
  });
  afterEach(() => database.close());

  it('can open a week the schedule skipped for a holiday', async () => {
    h.clock.set('2027-05-06T12:00:00Z'); // Ascension Day, Thursday 14:00
    await h.tick();
    const skipped = await database.db.select().from(cycles);
    expect(skipped.map((c) => [c.status, c.skipReason])).toContainEqual([
      'skipped',
      'public_holiday:ascension-day',
    ]);

    h.clock.set('2027-05-07T07:00:00Z'); // Friday morning
    const { cycle } = await openCycleNow(h.deps, 'demo-5trinn');
    expect(cycle).toMatchObject({ weekKey: '2027-W18', status: 'open', skipReason: null });
    await h.drain();
    expect(await h.conversation('demo-5trinn')).toHaveLength(1);
  });

  it('refuses a second open cycle, and the schedule adds none in the same week', async () => {
    h.clock.set('2027-05-04T07:00:00Z'); // Tuesday
    await openCycleNow(h.deps, 'demo-5trinn');
    await expect(openCycleNow(h.deps, 'demo-5trinn')).rejects.toThrow(/already has an open cycle/);
    await h.drain();
    expect(await h.conversation('demo-5trinn')).toHaveLength(1);
  });

  it('a late catch-up after downtime is held as this week’s cycle, and this week’s time adds nothing', async () => {
    const late = await openDatabase({ memory: true });
    const l = await createLoopHarness(late, '2027-04-26T08:00:00Z'); // scheduled for Thursday of week 17
    // Thursday 14:00 of week 17 passes while Refleks is down; it is back on Monday 08:00 of week 18.
    l.clock.set('2027-05-03T06:00:00Z');
    expect((await l.tick()).opened).toBe(2);
    expect((await late.db.select().from(cycles)).map((c) => c.weekKey)).toEqual(['2027-W18', '2027-W18']);
    await l.drain();
    l.clock.set('2027-05-06T12:00:00Z'); // Ascension Day: skipped anyway; the next Thursday then
    await l.tick();
    l.clock.set('2027-05-13T12:00:00Z');
    await l.tick();
    await l.drain();
    const prompts = await l.conversation('demo-5trinn');
    expect(prompts.map((p) => p.text.match(/uke \d+/)?.[0])).toEqual(['uke 18', 'uke 19']);
    await late.close();
  });
});
