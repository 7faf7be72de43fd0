import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/**
 * One school week of the demo team "5. trinn" (Kari, Ola, Nora), step by step on a moving clock:
 * prompt, answers, an edit, a commitment, one reminder, the summary, and the next week's prompt
 * carrying the commitment forward.
 */
describe('a week of the learning loop (PGlite, local adapter, moving clock)', () => {
  let database: Database;
  let h: LoopHarness;
  let cycleId: string;

  const openForm = async (email: string, action: string): Promise<Form> => {
    const result = await h.click(email, action, cycleId);
    if (result.type !== 'open_form') throw new Error(`expected a form, got ${JSON.stringify(result)}`);
    return result.form;
  };
  const channel = async () => h.conversation('demo-5trinn');

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z'); // Monday 09:00 in Oslo
  });
  afterAll(() => database.close());

  it('posts nothing before the team’s time, then one prompt on Thursday at 14:00', async () => {
    await h.tick();
    await h.drain();
    expect(await channel()).toEqual([]);

    h.clock.set('2026-11-26T13:00:00Z');
    const report = await h.tick();
    expect(report.opened).toBe(2); // both demo teams
    await h.drain();
    const messages = await channel();
    expect(messages).toHaveLength(1);
    expect(messages[0]!.text).toContain('Ukens spørsmål – uke 48');
    expect(messages[0]!.text).toContain('Hvilken elevgruppe har vi felles ansvar for');
    expect(messages[0]!.text).toContain('0 av 3 har svart');
    cycleId = (await h.openCycleId('demo-5trinn'))!;
    expect(cycleId).toBeTruthy();
  });

  it('a second tick at the same minute opens nothing more', async () => {
    expect((await h.tick()).opened).toBe(0);
    await h.drain();
    expect(await channel()).toHaveLength(1);
  });

  it('stores answers, counts them on the prompt and shows them in the thread', async () => {
    for (const [email, text] of [
      ['kari@refleksvik.example', 'Gruppen: 5A og 5B i lesing.'],
      ['ola@refleksvik.example', 'Målet er lesing med flyt.'],
    ] as const) {
      const form = await openForm(email, ACTIONS.answer);
      const result = await h.submit(email, form.formId, form.privateMetadata, { body: text });
      expect(result).toEqual({ type: 'notice', text: 'Takk! Svaret ditt er lagret.' });
    }
    await h.drain();
    const [prompt] = await channel();
    expect(prompt!.text).toContain('2 av 3 har svart');
    expect(prompt!.replies).toEqual([
      'Svar fra Kari Nordmann\nGruppen: 5A og 5B i lesing.',
      'Svar fra Ola Hansen\nMålet er lesing med flyt.',
    ]);
  });

  it('lets a person edit the answer until close, without counting twice', async () => {
    const form = await openForm('kari@refleksvik.example', ACTIONS.answer);
    expect(form.inputs[0]).toMatchObject({ initial: 'Gruppen: 5A og 5B i lesing.' });
    await h.submit('kari@refleksvik.example', FORMS.answer, form.privateMetadata, {
      body: 'Gruppen: hele 5. trinn.',
    });
    await h.drain();
    const [prompt] = await channel();
    expect(prompt!.text).toContain('2 av 3 har svart');
    expect(prompt!.replies[0]).toBe('Svar fra Kari Nordmann\nGruppen: hele 5. trinn.');
  });

  it('refuses an identity number with a clear message and stores nothing', async () => {
    const form = await openForm('nora@refleksvik.example', ACTIONS.answer);
    const result = await h.submit('nora@refleksvik.example', form.formId, form.privateMetadata, {
      body: 'Eleven 01819010001 trenger hjelp',
    });
    expect(result.type).toBe('form_errors');
    expect(result.type === 'form_errors' && result.errors.body).toContain('fødselsnummer');
    await h.drain();
    expect((await channel())[0]!.text).toContain('2 av 3 har svart');
  });

  it('turns a commitment form into a commitment card in the thread', async () => {
    const form = await openForm('kari@refleksvik.example', ACTIONS.newCommitment);
    const owners = form.inputs.find((i) => i.id === 'owners');
    const ola = owners?.type === 'select' ? owners.options.find((o) => o.label === 'Ola Hansen')!.value : '';
    const result = await h.submit('kari@refleksvik.example', form.formId, form.privateMetadata, {
      owners: [ola],
      what: 'Høytlesing ti minutter hver dag',
      trigger: 'Hvis det er norsktime, så starter vi med høytlesing',
      evidence: 'Lesetester i uke 50',
      due: '2026-12-11',
    });
    expect(result.type).toBe('notice');
    await h.drain();
    const [prompt] = await channel();
    expect(prompt!.replies.at(-1)).toContain('Ny forpliktelse');
    expect(prompt!.replies.at(-1)).toContain('Hvem: Ola Hansen');
    expect(prompt!.replies.at(-1)).toContain('Frist: 11. desember 2026');
  });

  it('sends no reminder at the weekend and exactly one on Monday morning, to the one who has not answered', async () => {
    h.clock.set('2026-11-28T13:00:00Z'); // Saturday 14:00: 48 h after opening
    await h.tick();
    await h.drain();
    expect(await h.conversation('dm:nora@refleksvik.example')).toEqual([]);

    h.clock.set('2026-11-30T06:31:00Z'); // Monday 07:31
    expect((await h.tick()).nudges).toBe(3); // Nora in 5. trinn; Nora and Jonas in 6. trinn
    await h.drain();
    await h.tick();
    await h.drain();
    const nora = await h.conversation('dm:nora@refleksvik.example');
    expect(nora.filter((m) => m.text.includes('Teamet 5. trinn'))).toHaveLength(1);
    expect(nora[0]!.text).toContain('Hei Nora!');
    expect(await h.conversation('dm:kari@refleksvik.example')).toEqual([]);
    expect(await h.conversation('dm:ola@refleksvik.example')).toEqual([]);
  });

  it('closes with a summary in the thread and refuses late answers', async () => {
    h.clock.set('2026-12-02T13:00:00Z'); // Wednesday 14:00: 144 h after opening
    expect((await h.tick()).closed).toBe(2);
    await h.drain();
    const [prompt] = await channel();
    expect(prompt!.text).toContain('Runden er avsluttet.');
    const summary = prompt!.replies.at(-1)!;
    expect(summary).toContain('Oppsummering for uke 48');
    expect(summary).toContain('2 av 3 svarte.');
    expect(summary).toContain('Nye forpliktelser denne runden: 1.');

    const late = await h.submit('nora@refleksvik.example', FORMS.answer, JSON.stringify({ cycleId }), {
      body: 'Sent svar',
    });
    expect(late).toEqual({
      type: 'form_errors',
      errors: { body: 'Denne runden er avsluttet, så svar kan ikke lenger lagres eller endres.' },
    });
  });

  it('carries the open commitment forward into next week’s prompt, with the next step', async () => {
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
    const messages = await channel();
    expect(messages).toHaveLength(2);
    expect(messages[1]!.text).toContain('uke 49');
    expect(messages[1]!.text).toContain('steg 2 av 6');
    expect(messages[1]!.text).toContain(
      '«Høytlesing ti minutter hver dag» – Ola Hansen, frist 11. desember 2026',
    );
  });

  it('sent every outbox row exactly once and left nothing pending', async () => {
    const statuses = await h.outboxStatuses();
    expect(statuses.filter((s) => s.status === 'pending' || s.status === 'sending')).toEqual([]);
    expect(new Set(statuses.map((s) => s.key)).size).toBe(statuses.length);
  });
});
