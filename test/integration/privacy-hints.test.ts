import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { commitments, piiEvents, responses } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const OLA = 'ola@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const KARI = 'kari@refleksvik.example';

/**
 * Soft privacy warnings: saved, not blocked, with a private hint to rewrite (in the person's language)
 * and a pii_events row of the kind and place, never the words (PGlite, demo school, local chat).
 */
describe('privacy hints after saving (PGlite, demo school)', () => {
  let database: Database;
  let h: LoopHarness;
  let week48: string;
  const form = (result: unknown) => (result as { form: Form }).form;
  const warnings = async () =>
    (await h.db.select().from(piiEvents)).filter((e) => e.kind.endsWith('_warning'));

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    week48 = await h.openWeek48();
  });
  afterAll(() => database.close());

  it('saves an answer naming a diagnosis, and hints privately how to rewrite it', async () => {
    const body = 'To elever med ADHD trenger pauser i lesetimen';
    const result = await h.answer(OLA, week48, { body });
    expect(result).toMatchObject({ type: 'notice', private: true });
    const text = (result as { text: string }).text;
    expect(text).toContain('Takk! Svaret ditt er lagret.');
    expect(text).toContain('ord om helse eller særskilte behov (ADHD)');
    expect(text).toContain('Refleks handler om elevgrupper');
    const [stored] = await h.db.select().from(responses).where(eq(responses.cycleId, week48));
    expect(stored?.body).toBe(body);
    expect(await warnings()).toMatchObject([{ kind: 'special_category_warning', place: 'answer_form' }]);
  });

  it('hints after a thread reply with an e-mail address, and logs the kind, not the address', async () => {
    const [prompt] = await h.conversation('demo-5trinn');
    const result = await h.replyInThread(
      NORA,
      'demo-5trinn',
      prompt!.id,
      'Send gjerne lista til nora.berg@refleksvik.example',
    );
    expect(result).toMatchObject({ type: 'notice', private: true });
    expect((result as { text: string }).text).toMatch(
      /^Et tips om personvern: teksten ser ut til å inneholde en e-postadresse/,
    );
    expect((result as { text: string }).text).not.toContain('nora.berg@');
    const logged = await warnings();
    expect(logged.map((w) => [w.kind, w.place])).toContainEqual(['email_warning', 'thread_reply']);
    expect(JSON.stringify(logged)).not.toContain('refleksvik.example');
  });

  it('says nothing extra about ordinary group talk', async () => {
    const result = await h.answer(KARI, week48, {
      body: 'Gruppen på 24 elever jobber godt med brøk etter uke 45',
    });
    expect(result).toEqual({ type: 'notice', text: 'Takk! Svaret ditt er lagret.' });
  });

  it('hints in English for a person who reads English', async () => {
    await h.command(OLA, 'language en');
    const opened = form(await h.click(OLA, ACTIONS.newCommitment, week48));
    const result = await h.submit(OLA, opened.formId, opened.privateMetadata, {
      owners: ['team'],
      what: 'Call the parents of pupil Emma Hansen on 22 33 44 55',
      trigger: 'When the week starts',
      evidence: 'A note in the log',
      due: '2026-12-11',
    });
    const text = (result as { text: string }).text;
    expect(text).toContain("A privacy tip: the text seems to contain a phone number; a pupil's name.");
    expect(text).not.toContain('Emma');
  });

  it('hints after a support request naming the child welfare service, to the lead alone', async () => {
    const opened = (await h.command(KARI, 'support')) as { form: Form };
    const result = await h.submit(KARI, opened.form.formId, opened.form.privateMetadata, {
      body: 'Vi trenger råd om når vi skal kontakte barnevernet',
    });
    expect(result).toMatchObject({ type: 'notice', private: true });
    expect((result as { text: string }).text).toContain('Sendt til ledelsen.');
    expect((result as { text: string }).text).toContain('(barnevernet)');
    expect((await warnings()).map((w) => w.place)).toContain('support_form');
  });

  it('hints after an adjusted due date whose reason holds an e-mail address', async () => {
    const [made] = await h.db.select().from(commitments);
    const opened = (await h.click(OLA, ACTIONS.commitmentAdjust, made!.id)) as { form: Form };
    const result = await h.submit(OLA, opened.form.formId, opened.form.privateMetadata, {
      due: '2026-12-18',
      change: 'Moved after a word with the office, post@refleksvik.example',
    });
    expect(result).toMatchObject({ type: 'notice', private: true });
    expect((result as { text: string }).text).toContain('an e-mail address');
    expect((await warnings()).map((w) => w.place)).toContain('adjust_form');
  });
});
