import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { cardText, createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example'; // team lead of 5. trinn
const OLA = 'ola@refleksvik.example';
const PER = 'per@refleksvik.example'; // department head
const COMMITMENT = 'Exit tickets hver fredag';
const ANSWER = 'Gruppen ved vinduet strever med brøk';

/** Share upward from a closed week's summary, on any programme step: the team lead's choice, afterwards. */
describe('sharing a week’s summary with leadership (PGlite, demo school)', () => {
  let database: Database;
  let h: LoopHarness;
  let week48: string;

  const form = (result: unknown) => (result as { form: Form }).form;
  const perHome = async () => {
    const result = await h.command(PER, 'overview');
    return cardText((result as { card: Card }).card);
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    week48 = (await h.openCycleId('demo-5trinn'))!;
    const answer = form(await h.click(OLA, ACTIONS.answer, week48));
    await h.submit(OLA, answer.formId, answer.privateMetadata, { body: ANSWER });
    const commitment = form(await h.click(KARI, ACTIONS.newCommitment, week48));
    await h.submit(KARI, commitment.formId, commitment.privateMetadata, {
      owners: ['team'],
      what: COMMITMENT,
      trigger: 'Når timen slutter',
      evidence: 'Lappene',
      due: '2026-12-11',
    });
    // Week 48 closes: its summary is posted in the thread with the share button.
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
  });
  afterAll(() => database.close());

  it('puts "Share with leadership" on the summary; only the team lead may use it', async () => {
    const [prompt] = await h.conversation('demo-5trinn');
    const summary = prompt!.replies.find((r) => r.includes('Oppsummering for uke 48'));
    expect(summary).toBeDefined();
    expect(await h.click(OLA, ACTIONS.shareUpward, week48)).toEqual({
      type: 'notice',
      text: 'Bare teamlederen bestemmer hva som deles med ledelsen.',
    });
    // An open week that is not a share step still refuses, as before.
    const week49 = (await h.openCycleId('demo-5trinn'))!;
    expect(await h.click(KARI, ACTIONS.shareUpward, week49)).toEqual({
      type: 'notice',
      text: 'Denne uken er ikke et delingssteg.',
    });
  });

  it('starts from the week’s commitments, never its answers; leaders then see exactly what the lead sent', async () => {
    const opened = form(await h.click(KARI, ACTIONS.shareUpward, week48));
    expect(opened.formId).toBe(FORMS.shareUpward);
    const text = opened.inputs.find((i) => i.id === 'shared');
    expect(text).toMatchObject({ initial: `Uke 48: forpliktelsene våre: «${COMMITMENT}».` });
    // The answers are offered to quote, by their words only: no name anywhere in the form.
    const answers = opened.inputs.find((i) => i.id === 'answers');
    expect(answers).toMatchObject({ type: 'select', multiple: true, required: false });
    expect(answers?.type === 'select' && answers.options.map((o) => o.label)).toEqual([ANSWER]);
    expect(JSON.stringify(opened)).not.toContain('Ola');
    expect(await perHome()).not.toContain('Uke 48: forpliktelsene');

    const shared = `Uke 48: forpliktelsene våre: «${COMMITMENT}». Vi trenger hjelp med brøk i 5B.`;
    const saved = await h.submit(KARI, FORMS.shareUpward, opened.privateMetadata, {
      decision: 'share',
      shared,
    });
    expect(saved).toEqual({ type: 'notice', text: 'Lagret. Teamet ser i tråden hva som ble delt.' });
    await h.drain();
    const [prompt] = await h.conversation('demo-5trinn');
    expect(prompt!.replies.map((r) => r.trim())).toContain(`Delt med ledelsen: «${shared}»`);
    const home = await perHome();
    expect(home).toContain(shared);
    expect(home).not.toContain(ANSWER);
  });

  it('quotes the answers the lead marks, without names, below the text; leaders see exactly that', async () => {
    const opened = form(await h.click(KARI, ACTIONS.shareUpward, week48));
    const answers = opened.inputs.find((i) => i.id === 'answers');
    const answerId = answers?.type === 'select' ? answers.options[0]!.value : '';
    // A forged id that is no answer of this week shares nothing.
    const forged = await h.submit(KARI, FORMS.shareUpward, opened.privateMetadata, {
      decision: 'share',
      shared: '',
      answers: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(forged.type).toBe('form_errors');
    const saved = await h.submit(KARI, FORMS.shareUpward, opened.privateMetadata, {
      decision: 'share',
      shared: 'Dette sa en av oss:',
      answers: [answerId],
    });
    expect(saved.type).toBe('notice');
    const home = await perHome();
    expect(home).toContain(`Dette sa en av oss:\n«${ANSWER}»`);
    expect(home).not.toContain('Ola Hansen');
  });
});
