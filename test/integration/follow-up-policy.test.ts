import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { commitments, followUps, people, teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';

/** The policy around follow-ups: a weekly cap, quiet outside working hours, nothing for what is closed. */
describe('follow-up policy', () => {
  let database: Database;
  let h: LoopHarness;
  let olaId: string;
  const dms = async () => (await h.conversation('dm:ola@refleksvik.example')).map((m) => m.text);
  const tickAt = async (iso: string, drain = true) => {
    h.clock.set(iso);
    await h.tick();
    if (drain) await h.drain();
  };
  const commit = async (what: string, due: string, owners: string[] = [olaId]) => {
    // Made in whichever week's question is open now.
    const opened = await h.click(KARI, ACTIONS.newCommitment, (await h.openCycleId('demo-5trinn'))!);
    if (opened.type !== 'open_form') throw new Error(`expected a form: ${JSON.stringify(opened)}`);
    await h.submit(KARI, opened.form.formId, opened.form.privateMetadata, {
      owners,
      what,
      trigger: 'Når timen starter',
      evidence: 'Vi ser det i arbeidene',
      due,
    });
    const [row] = await h.db.select().from(commitments).where(eq(commitments.what, what));
    return row!.id;
  };
  const followUpsOf = async (id: string) =>
    (
      await h.db.select().from(followUps).where(eq(followUps.commitmentId, id)).orderBy(asc(followUps.dueAt))
    ).map((f) => [f.kind, f.status, f.reason]);

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await h.db
      .update(teams)
      .set({ reminders: { via: 'dm', afterHours: [] } })
      .where(eq(teams.key, 'demo-5trinn'));
    await tickAt('2026-11-26T13:00:00Z');
    olaId = (await h.db.select().from(people).where(eq(people.email, OLA)))[0]!.id;
  });
  afterAll(() => database.close());

  it('sends no more than three reminders to a person in a week; the rest are skipped, not queued up', async () => {
    const ids = [];
    for (const n of [1, 2, 3, 4]) ids.push(await commit(`Tiltak ${n}`, '2026-12-04'));
    await tickAt('2026-12-03T08:00:00Z');
    expect(await dms()).toHaveLength(3);
    // Friday's four due-day questions: the week's three are used up.
    await tickAt('2026-12-04T08:00:00Z');
    expect(await dms()).toHaveLength(3);
    const outcomes = (await Promise.all(ids.map(followUpsOf))).flat();
    expect(outcomes.filter(([, status]) => status === 'sent')).toHaveLength(3);
    expect(
      outcomes.filter(([, status, reason]) => status === 'skipped' && reason === 'weekly cap'),
    ).toHaveLength(5);
    // A new week, a new allowance: the overdue reminders (Tuesday) come, three of four.
    await tickAt('2026-12-08T08:00:00Z');
    expect(await dms()).toHaveLength(6);
  });

  it('waits outside working hours and on a weekend: a Saturday due date is asked on Monday morning', async () => {
    const id = await commit('Lesekvarter', '2026-12-12'); // a Saturday
    const planned = await h.db.select().from(followUps).where(eq(followUps.commitmentId, id));
    expect(planned.map((f) => [f.kind, f.dueAt.toISOString()])).toEqual([
      ['before_due', '2026-12-11T08:00:00.000Z'], // Friday
      ['due', '2026-12-14T08:00:00.000Z'], // Monday
      ['overdue', '2026-12-16T08:00:00.000Z'],
    ]);
    const before = (await dms()).length;
    // The worker was down all Friday; it comes back in the evening: nothing at night.
    await tickAt('2026-12-11T17:00:00Z');
    expect(await dms()).toHaveLength(before);
    await tickAt('2026-12-12T10:00:00Z'); // Saturday
    expect(await dms()).toHaveLength(before);
    await tickAt('2026-12-14T06:30:00Z'); // Monday 07:30 Oslo: the late Friday reminder first
    expect((await dms()).slice(before)).toEqual([expect.stringContaining('Påminnelse: «Lesekvarter»')]);
  });

  it('after downtime sends only the latest of the follow-ups that fell due, not a burst', async () => {
    const id = (await h.db.select().from(commitments).where(eq(commitments.what, 'Lesekvarter')))[0]!.id;
    const before = (await dms()).length;
    // Nothing ran from Monday morning until Thursday: Monday's question and Wednesday's reminder are both due.
    await tickAt('2026-12-17T07:00:00Z');
    expect((await dms()).slice(before)).toEqual([
      expect.stringContaining('«Lesekvarter» hadde frist 12. desember 2026'),
    ]);
    expect(await followUpsOf(id)).toEqual([
      ['before_due', 'sent', null],
      ['due', 'skipped', 'superseded'],
      ['overdue', 'sent', null],
    ]);
  });

  it('sends nothing for a commitment closed in the meantime, even one already on its way', async () => {
    const id = await commit('Exit ticket', '2026-12-18');
    const before = (await dms()).filter((m) => m.includes('Exit ticket')).length;
    // The tick writes Thursday's reminder; before it is delivered, Ola marks the commitment done.
    await tickAt('2026-12-17T08:00:00Z', false);
    const done = await h.click(OLA, ACTIONS.commitmentDone, id);
    if (done.type !== 'open_form') throw new Error('expected a form');
    await h.submit(OLA, FORMS.commitmentDone, done.form.privateMetadata, { impact: 'Alle leverte.' });
    await h.drain();
    await tickAt('2026-12-18T08:00:00Z');
    await tickAt('2026-12-22T08:00:00Z');
    expect((await dms()).filter((m) => m.includes('Exit ticket'))).toHaveLength(before);
    expect(await followUpsOf(id)).toEqual([
      ['before_due', 'cancelled', 'closed before delivery'],
      ['due', 'cancelled', 'done'],
      ['overdue', 'cancelled', 'done'],
    ]);
    const statuses = await h.outboxStatuses();
    expect(statuses.filter((s) => s.key.startsWith('follow-up:')).some((s) => s.status === 'skipped')).toBe(
      true,
    );
  });
});
