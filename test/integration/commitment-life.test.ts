import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { commitments, followUps, people, teams } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';

/**
 * One commitment's whole life with a moving clock: made → reminded → due → adjusted → reminded → due →
 * done with its effect. Every follow-up comes at 09:00 Oslo on a school day, to the owner only, and
 * quotes the team's own words; nothing is sent for what was re-planned or closed.
 */
describe('a commitment’s follow-ups', () => {
  let database: Database;
  let h: LoopHarness;
  let commitmentId: string;
  const dms = async () => (await h.conversation('dm:ola@refleksvik.example')).map((m) => m.text);
  /** Ticks one minute before `at` (nothing new) and at `at`; returns what Ola got at `at`. */
  const at = async (iso: string) => {
    const before = (await dms()).length;
    h.clock.set(new Date(new Date(iso).getTime() - 60_000).toISOString());
    await h.tick();
    await h.drain();
    expect((await dms()).length, `nothing before ${iso}`).toBe(before);
    h.clock.set(iso);
    await h.tick();
    await h.drain();
    return (await dms()).slice(before);
  };
  const ticksUntil = async (iso: string) => {
    h.clock.set(iso);
    await h.tick();
    await h.drain();
  };
  const form = async (email: string, actionId: string) => {
    const opened = await h.click(email, actionId, commitmentId);
    if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
    return opened.form;
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    // Prompt reminders off for this team: this test is about commitments.
    await h.db
      .update(teams)
      .set({ reminders: { via: 'dm', afterHours: [] } })
      .where(eq(teams.key, 'demo-5trinn'));
    await ticksUntil('2026-11-26T13:00:00Z');
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const opened = await h.click(KARI, ACTIONS.newCommitment, cycleId);
    if (opened.type !== 'open_form') throw new Error('expected a form');
    const [ola] = await h.db.select().from(people).where(eq(people.email, OLA));
    await h.submit(KARI, opened.form.formId, opened.form.privateMetadata, {
      owners: [ola!.id],
      what: 'Exit ticket hver fredag',
      trigger: 'Når brøkenheten starter',
      evidence: 'Vi teller riktige svar',
      due: '2026-12-04',
    });
    await h.drain();
    commitmentId = (await h.db.select().from(commitments))[0]!.id;
  });
  afterAll(() => database.close());

  it('plans a reminder the school day before, the question on the day and one overdue reminder, at 09:00 Oslo', async () => {
    const planned = await h.db.select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
    expect(planned.map((f) => [f.kind, f.dueAt.toISOString(), f.status])).toEqual([
      ['before_due', '2026-12-03T08:00:00.000Z', 'planned'],
      ['due', '2026-12-04T08:00:00.000Z', 'planned'],
      ['overdue', '2026-12-08T08:00:00.000Z', 'planned'],
    ]);
  });

  it('reminds the owner the day before, quoting the commitment', async () => {
    const got = await at('2026-12-03T08:00:00Z');
    expect(got).toHaveLength(1);
    expect(got[0]).toContain('Påminnelse: «Exit ticket hver fredag» har frist 4. desember 2026');
    expect(got[0]).toContain('Når brøkenheten starter');
    expect(got[0]).toContain('Vi teller riktige svar');
    expect(await h.conversation('dm:kari@refleksvik.example')).toEqual([]); // not an owner
  });

  it('asks on the due day, and an adjustment re-plans: the old overdue reminder never comes', async () => {
    const got = await at('2026-12-04T08:00:00Z');
    expect(got[0]).toContain('I dag er fristen for «Exit ticket hver fredag»');
    expect(got[0]).toContain('Hvordan gikk det?');
    const adjust = await form(OLA, ACTIONS.commitmentAdjust);
    const past = await h.submit(OLA, FORMS.commitmentAdjust, adjust.privateMetadata, {
      due: '2026-12-01',
      change: 'x',
    });
    expect(past).toEqual({ type: 'form_errors', errors: { due: 'Fristen kan ikke være før i dag.' } });
    expect(
      await h.submit(OLA, FORMS.commitmentAdjust, adjust.privateMetadata, {
        due: '2026-12-11',
        change: 'Brøkenheten startet en uke senere',
      }),
    ).toEqual({ type: 'notice', text: 'Ny frist er 11. desember 2026. Teamet ser endringen i tråden.' });
    await h.drain();
    const [prompt] = await h.conversation('demo-5trinn');
    expect(prompt!.replies.at(-1)).toContain('Forpliktelse justert');
    expect(prompt!.replies.at(-1)).toContain('Brøkenheten startet en uke senere');
    expect(await at('2026-12-08T08:00:00Z')).toEqual([]);
    const statuses = await h.db.select().from(followUps).where(eq(followUps.commitmentId, commitmentId));
    expect(
      statuses.filter((f) => f.status === 'planned').map((f) => [f.kind, f.dueAt.toISOString()]),
    ).toEqual([
      ['before_due', '2026-12-10T08:00:00.000Z'],
      ['due', '2026-12-11T08:00:00.000Z'],
      ['overdue', '2026-12-15T08:00:00.000Z'],
    ]);
  });

  it('reminds again for the new date, and Done asks for the effect and ends the follow-ups', async () => {
    expect((await at('2026-12-10T08:00:00Z'))[0]).toContain('har frist 11. desember 2026');
    expect((await at('2026-12-11T08:00:00Z'))[0]).toContain('I dag er fristen');
    const done = await form(OLA, ACTIONS.commitmentDone);
    expect(
      await h.submit(OLA, FORMS.commitmentDone, done.privateMetadata, {
        impact: 'Flere fikk til brøk – 18 av 24 riktige.',
      }),
    ).toEqual({ type: 'notice', text: 'Takk! Forpliktelsen er markert som gjennomført.' });
    await h.drain();
    expect(await at('2026-12-15T08:00:00Z')).toEqual([]);
    const [row] = await h.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row!.status).toBe('done');
    expect(row!.history.map((e) => e.change)).toEqual([
      'created',
      'adjusted: 2026-12-04 → 2026-12-11',
      'done',
    ]);
    expect((await dms()).length).toBe(4); // before, due, before (new date), due (new date)
  });
});
