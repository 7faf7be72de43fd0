import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHomeView } from '../../src/app/home/load-home-view.ts';
import { buildHomeCard } from '../../src/core/home/home-card.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { commitments } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** Done is not a checkbox: it asks what the effect for the pupils was, and tells the team. */
describe('closing a commitment with its effect', () => {
  let database: Database;
  let h: LoopHarness;
  let commitmentId: string;
  const user = (email: string) => ({ platform: 'local' as const, tenantId: 'local', userId: email });

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const opened = await h.click('kari@refleksvik.example', ACTIONS.newCommitment, cycleId);
    if (opened.type !== 'open_form') throw new Error('expected a form');
    await h.submit('kari@refleksvik.example', opened.form.formId, opened.form.privateMetadata, {
      owners: 'team',
      what: 'Høytlesing hver dag',
      trigger: 'Hvis norsktime',
      evidence: 'Lesetest',
      due: '',
    });
    await h.drain();
    commitmentId = (await database.db.select().from(commitments))[0]!.id;
  });
  afterAll(() => database.close());

  it('offers Done on the person’s home view', async () => {
    const ola = await personByIdentity(database.db, user('ola@refleksvik.example'));
    const card = buildHomeCard(await loadHomeView(database.db, ola!, h.clock.now()));
    const buttons = card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
    expect(buttons).toContainEqual(
      expect.objectContaining({ actionId: ACTIONS.commitmentDone, value: commitmentId }),
    );
  });

  it('refuses someone outside the team', async () => {
    expect(await h.click('jonas@refleksvik.example', ACTIONS.commitmentDone, commitmentId)).toEqual({
      type: 'notice',
      text: 'Bare medlemmer av teamet kan svare her.',
    });
  });

  it('asks for the effect, refuses an empty one, then closes the commitment and tells the team', async () => {
    h.clock.set('2026-12-10T10:00:00Z'); // the cycle it was made in has closed long ago
    await h.tick();
    await h.drain();
    const opened = await h.click('ola@refleksvik.example', ACTIONS.commitmentDone, commitmentId);
    if (opened.type !== 'open_form') throw new Error(`expected a form, got ${JSON.stringify(opened)}`);
    expect(opened.form.inputs[0]?.label).toBe('Hva ble effekten for elevene, og hvordan vet dere det?');
    expect(
      await h.submit('ola@refleksvik.example', opened.form.formId, opened.form.privateMetadata, {
        impact: ' ',
      }),
    ).toMatchObject({
      type: 'form_errors',
    });
    const done = await h.submit('ola@refleksvik.example', opened.form.formId, opened.form.privateMetadata, {
      impact: 'Flere leser selv i friminuttene; lesetesten viser framgang for gruppen.',
    });
    expect(done).toEqual({ type: 'notice', text: 'Takk! Forpliktelsen er markert som gjennomført.' });
    const [row] = await database.db.select().from(commitments).where(eq(commitments.id, commitmentId));
    expect(row).toMatchObject({
      status: 'done',
      impact: 'Flere leser selv i friminuttene; lesetesten viser framgang for gruppen.',
    });
    await h.drain();
    const [prompt] = await h.conversation('demo-5trinn');
    expect(prompt!.replies.at(-1)).toContain('Forpliktelse gjennomført');
    expect(prompt!.replies.at(-1)).toContain('Effekt: Flere leser selv');
    expect(await h.click('kari@refleksvik.example', ACTIONS.commitmentDone, commitmentId)).toEqual({
      type: 'notice',
      text: 'Denne forpliktelsen er allerede avsluttet.',
    });
  });
});
