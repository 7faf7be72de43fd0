import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { responses } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const PEOPLE = ['a', 'b', 'c', 'd', 'e', 'f'];
const ORG = `
owner: { key: refleksvik, name: Refleksvik kommune, min_group_size: 5 }
schools: [ { key: demo-skole, name: Refleksvik skole } ]
teams:
  - { key: sjekk, school: demo-skole, name: Sjekkteamet, programme: fellesskapssjekken, schedule: { weekday: thursday, time: "14:00" } }
people:
${PEOPLE.map((p) => `  - { email: ${p}@refleksvik.example, name: Lærer ${p.toUpperCase()}, roles: [{ role: member, team: sjekk }] }`).join('\n')}
`;

/** P6's 1–5 ratings: anonymous, an average only, and only once enough have rated. */
describe('a rating step', () => {
  let database: Database;
  let h: LoopHarness;
  let cycleId: string;
  const channel = async () => (await h.conversation('sjekk'))[0]!;
  const rate = async (who: string, rating: string, body = '') => {
    const opened = await h.click(`${who}@refleksvik.example`, ACTIONS.answer, cycleId);
    if (opened.type !== 'open_form') throw new Error(`no form: ${JSON.stringify(opened)}`);
    return h.submit(`${who}@refleksvik.example`, FORMS.answer, opened.form.privateMetadata, { rating, body });
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await applyOrg(h.db, parseOrgText(ORG, 'org.yaml'), { now: h.clock.now() });
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycleId = (await h.openCycleId('sjekk'))!;
  });
  afterAll(() => database.close());

  it('asks for 1–5 with an optional comment', async () => {
    const opened = await h.click('a@refleksvik.example', ACTIONS.answer, cycleId);
    expect(opened.type === 'open_form' && opened.form.inputs.map((i) => i.id)).toEqual(['rating', 'body']);
    expect((await channel()).text).toContain('Felles verdier og visjon');
    expect((await channel()).text).toContain('Snittet vises når runden er avsluttet.');
  });

  it('shows no average while fewer than five have rated, and never anyone’s rating in the thread', async () => {
    expect(await rate('a', '5', 'Vi er ganske samstemte.')).toEqual({
      type: 'notice',
      text: 'Takk! Svaret ditt er lagret.',
    });
    for (const who of ['b', 'c', 'd']) await rate(who, '3');
    await h.drain();
    const prompt = await channel();
    expect(prompt.text).toContain('4 av 6 har svart');
    expect(prompt.text).toContain('Snittet vises når runden er avsluttet.');
    expect(prompt.text).not.toMatch(/Snitt \d/);
    // Only A's comment is echoed, never a number; the three ratings without a comment add nothing.
    expect(prompt.replies).toEqual([expect.stringContaining('Vi er ganske samstemte.')]);
    expect(prompt.replies.join('\n')).not.toMatch(/\b[1-5]\b/);
  });

  it('keeps the average out of the open round, even past five ratings: no one can work out the latest', async () => {
    await rate('e', '4');
    await h.drain();
    expect((await channel()).text).not.toMatch(/Snitt \d/);
    await rate('b', '5'); // B changes 3 to 5: an edit, not a new answer
    await h.drain();
    expect((await channel()).text).not.toMatch(/Snitt \d/);
    expect((await channel()).text).toContain('5 av 6 har svart');
  });

  it('refuses a missing rating and keeps nothing', async () => {
    const opened = await h.click('f@refleksvik.example', ACTIONS.answer, cycleId);
    if (opened.type !== 'open_form') throw new Error('no form');
    const refused = await h.submit('f@refleksvik.example', FORMS.answer, opened.form.privateMetadata, {
      body: 'Bra',
    });
    expect(refused).toEqual({ type: 'form_errors', errors: { rating: 'Velg et tall fra 1 til 5.' } });
    expect(await h.db.select().from(responses)).toHaveLength(5);
  });

  it('closes with the average in the summary, and still no one’s rating', async () => {
    h.clock.set('2026-12-02T13:00:00Z');
    await h.tick();
    await h.drain();
    const { replies } = await channel();
    const summary = replies.find((r) => r.includes('Oppsummering for uke 48'))!;
    expect(summary).toContain('Snittet ble 4 av 5 (5 svar).'); // (5 + 5 + 3 + 3 + 4) / 5
    // The closed prompt shows it too, to one decimal where it has one.
    expect((await channel()).text).toContain('Snitt 4 av 5 (5 svar)');
    expect(summary).not.toMatch(/Lærer/);
  });
});
