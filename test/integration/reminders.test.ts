import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** Reminders respect people's time: working hours only, few of them, and no names in public. */
describe('reminders', () => {
  let database: Database;
  let h: LoopHarness;

  const setReminders = (via: 'dm' | 'thread', afterHours: number[]) =>
    database.db.update(teams).set({ reminders: { via, afterHours } });

  beforeEach(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
  });
  afterEach(() => database.close());

  it('after downtime, waits for working hours and sends one reminder for several overdue rounds', async () => {
    await setReminders('dm', [24, 26]);
    h.clock.set('2026-11-26T13:00:00Z'); // Thursday 14:00: prompts
    await h.tick();
    await h.drain();
    h.clock.set('2026-11-27T22:00:00Z'); // Friday 23:00: both rounds are overdue, but it is night
    expect((await h.tick()).nudges).toBe(0);
    h.clock.set('2026-11-30T06:31:00Z'); // Monday 07:31
    await h.tick();
    await h.drain();
    await h.tick();
    await h.drain();
    expect(await h.conversation('dm:ola@refleksvik.example')).toHaveLength(1);
  });

  it('in the thread, reminds the team once per round without naming anyone', async () => {
    await setReminders('thread', [48]);
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    h.clock.set('2026-11-30T06:31:00Z');
    expect((await h.tick()).nudges).toBe(2); // one per team
    await h.drain();
    const [prompt] = await h.conversation('demo-5trinn');
    expect(prompt!.replies.map((r) => r.trim())).toEqual([
      'Påminnelse: ukens spørsmål er åpent til onsdag 2. desember kl. 14:00. 0 av 3 har svart så langt.',
    ]);
    for (const name of ['Kari', 'Ola', 'Nora']) expect(prompt!.replies[0]).not.toContain(name);
    expect(await h.conversation('dm:ola@refleksvik.example')).toEqual([]);
  });

  it('sends no reminder for a team whose members have all answered', async () => {
    await database.db
      .update(teams)
      .set({ reminders: { via: 'dm', afterHours: [] } })
      .where(eq(teams.key, 'demo-6trinn'));
    await setReminders('thread', [48]);
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    const cycleId = (await h.openCycleId('demo-6trinn'))!;
    for (const email of ['jonas@refleksvik.example', 'nora@refleksvik.example']) {
      const opened = await h.click(email, 'refleks.answer', cycleId);
      if (opened.type !== 'open_form') throw new Error('expected a form');
      await h.submit(email, opened.form.formId, opened.form.privateMetadata, { body: 'Svar' });
    }
    h.clock.set('2026-11-30T06:31:00Z');
    await h.tick();
    await h.drain();
    const [prompt] = await h.conversation('demo-6trinn');
    expect(prompt!.replies.some((r) => r.startsWith('Påminnelse'))).toBe(false);
  });
});
