import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteOwnAnswers, erasePerson } from '../../src/app/privacy/erase-person.ts';
import { exportPerson } from '../../src/app/privacy/export-person.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { people, sharedUpdates } from '../../src/db/schema/index.ts';
import { cardText, createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const OLA = 'ola@refleksvik.example';
const KARI = 'kari@refleksvik.example'; // team lead
const PER = 'per@refleksvik.example'; // department head
const OLA_SAYS = 'Gruppen ved vinduet strever med brøk';
// Two thread replies make one answer of two paragraphs: a quote may span lines.
const NORA_SAYS = 'Lesegruppa trenger mer tid\n\nOg mer høytlesing';

/**
 * Where a deleted answer's words went, and that they are gone from there: Refleks's echo in the
 * thread, a shared text that quoted it (and so the leaders' view), and another person's export
 * (PGlite, demo school, local chat).
 */
describe('a deleted answer leaves every place Refleks put it', () => {
  let database: Database;
  let h: LoopHarness;
  let week48: string;
  const perHome = async () => cardText(((await h.command(PER, 'overview')) as { card: Card }).card);
  const thread = async () => (await h.conversation('demo-5trinn'))[0]!.replies.join('\n');

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    week48 = await h.openWeek48();
    await h.answer(OLA, week48, { body: OLA_SAYS });
    await h.answer('nora@refleksvik.example', week48, { body: NORA_SAYS });
    await h.drain();
    // The week closes; the lead shares it upward, quoting both answers below her own words.
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
    const opened = (await h.click(KARI, ACTIONS.shareUpward, week48)) as { form: Form };
    const answers = opened.form.inputs.find((i) => i.id === 'answers');
    const ids = answers?.type === 'select' ? answers.options.map((o) => o.value) : [];
    await h.submit(KARI, FORMS.shareUpward, opened.form.privateMetadata, {
      decision: 'share',
      shared: 'Dette sa vi:',
      answers: ids,
    });
    await h.drain();
  });
  afterAll(() => database.close());

  it('is quoted before: in the thread, to leadership', async () => {
    expect(await thread()).toContain(`Svar fra Ola Hansen\n${OLA_SAYS}`);
    expect(await perHome()).toContain(`«${OLA_SAYS}»`);
  });

  it('keeps others’ quoted words out of the lead’s own export', async () => {
    const data = await exportPerson(h.db, KARI, { now: h.clock.now(), by: 'cli' });
    expect(data.sharedWithLeadership.map((s) => s.text)).toEqual(['Dette sa vi:']);
  });

  it('after Ola deletes his answers: the echo says so, and the quote is gone from the shared text', async () => {
    const [ola] = await h.db.select().from(people).where(eq(people.email, OLA));
    expect(await deleteOwnAnswers(h.db, ola!.id)).toBe(1);
    await h.drain();
    const now = await thread();
    expect(now).toContain('Dette svaret er slettet.');
    expect(now).not.toContain('Svar fra Ola Hansen');
    expect(now).toContain(`Svar fra Nora Berg\n${NORA_SAYS}`);
    const [shared] = await h.db.select().from(sharedUpdates).where(eq(sharedUpdates.cycleId, week48));
    expect(shared?.body).toBe(`Dette sa vi:\n«${NORA_SAYS}»`);
    expect(await perHome()).not.toContain(OLA_SAYS);
  });

  it('after Nora is erased: her echo says so too, and her quote spanning lines is gone', async () => {
    await erasePerson(h.db, 'nora@refleksvik.example');
    await h.drain();
    const now = await thread();
    expect(now).not.toContain('Svar fra Nora Berg');
    expect(now.match(/Dette svaret er slettet\./g)).toHaveLength(2);
    // The thread's note of what was shared is as it was posted (README: it stays on the platform).
    const [shared] = await h.db.select().from(sharedUpdates).where(eq(sharedUpdates.cycleId, week48));
    expect(shared?.body).toBe('Dette sa vi:');
  });
});
