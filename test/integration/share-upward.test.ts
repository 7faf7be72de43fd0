import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRectorDigest } from '../../src/app/digest/rector-digest.ts';
import { loadHomeView } from '../../src/app/home/load-home-view.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { buildHomeCard } from '../../src/core/home/home-card.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Card } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { auditEvents, people, sharedUpdates } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const ORG = `
owner: { key: refleksvik, name: Refleksvik kommune }
schools: [ { key: demo-skole, name: Refleksvik skole } ]
teams:
  - { key: feiring, school: demo-skole, name: Feiringsteamet, programme: feiring, schedule: { weekday: thursday, time: "14:00" } }
people:
  - { email: lead@refleksvik.example, name: Lise Leder, roles: [{ role: member, team: feiring }, { role: team_lead, team: feiring }] }
  - { email: ola@refleksvik.example, name: Ola Medlem, roles: [{ role: member, team: feiring }] }
  - { email: avd@refleksvik.example, name: Anne Avdeling, roles: [{ role: department_head, teams: [feiring] }] }
`;

const cardText = (card: Card) =>
  card.blocks
    .map((b) =>
      b.type === 'text' ? b.text : b.type === 'fields' ? b.fields.map((f) => f.value).join(' ') : '',
    )
    .join('\n');

/** The "share upward?" step: the team lead decides what leadership sees, and the team sees it too. */
describe('sharing upward', () => {
  let database: Database;
  let h: LoopHarness;
  let cycleId: string;
  const leaderHome = async () => {
    const [anne] = (await h.db.select().from(people)).filter((p) => p.email === 'avd@refleksvik.example');
    return cardText(buildHomeCard(await loadHomeView(h.db, anne!, h.clock.now())));
  };
  const openForm = async () => {
    const opened = await h.click('lead@refleksvik.example', ACTIONS.shareUpward, cycleId);
    if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
    return opened.form;
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await applyOrg(h.db, parseOrgText(ORG, 'org.yaml'), { now: h.clock.now() });
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycleId = (await h.openCycleId('feiring'))!;
    await h.replyInThread(
      'ola@refleksvik.example',
      'feiring',
      (await h.conversation('feiring'))[0]!.id,
      'Et svar bare teamet skal se.',
    );
    await h.drain();
  });
  afterAll(() => database.close());

  it('offers "Share with leadership" on the step, and only the team lead may use it', async () => {
    expect((await h.conversation('feiring'))[0]!.text).toContain(
      'Denne uken bestemmer teamlederen hva, om noe, som deles',
    );
    expect(await h.click('ola@refleksvik.example', ACTIONS.shareUpward, cycleId)).toEqual({
      type: 'notice',
      text: 'Bare teamlederen bestemmer hva som deles med ledelsen.',
    });
    const form = await openForm();
    expect(form.inputs.map((i) => i.id)).toEqual(['decision', 'shared']);
  });

  it('refuses an identity number and an empty text, and keeps nothing', async () => {
    const form = await openForm();
    const pii = await h.submit('lead@refleksvik.example', FORMS.shareUpward, form.privateMetadata, {
      decision: 'share',
      shared: 'Eleven 01819010001 har fått det til',
    });
    expect(pii.type).toBe('form_errors');
    const empty = await h.submit('lead@refleksvik.example', FORMS.shareUpward, form.privateMetadata, {
      decision: 'share',
      shared: ' ',
    });
    expect(empty).toEqual({
      type: 'form_errors',
      errors: { shared: 'Skriv hva dere deler, eller velg å dele ingenting.' },
    });
    expect(await leaderHome()).not.toContain('Delt av teamet');
  });

  it('shows leadership only the shared text, and tells the team in the thread', async () => {
    const form = await openForm();
    const saved = await h.submit('lead@refleksvik.example', FORMS.shareUpward, form.privateMetadata, {
      decision: 'share',
      shared: 'Lesegruppene har løftet seg – vi vil gjerne vise fram metoden.',
    });
    expect(saved).toEqual({ type: 'notice', text: 'Lagret. Teamet ser i tråden hva som ble delt.' });
    await h.drain();
    const home = await leaderHome();
    expect(home).toContain('Delt av teamet 26. november 2026: «Lesegruppene har løftet seg');
    expect(home).not.toContain('Et svar bare teamet skal se.');
    expect(home).not.toMatch(/Ola|Lise/);
    // Opening the overview through chat writes the leader's read of shared text to the audit log.
    const opened = await createInboundHandler(h.deps).handle({
      kind: 'home_opened',
      eventId: 'home-1',
      user: { platform: 'local', tenantId: 'local', userId: 'avd@refleksvik.example' },
    });
    expect(opened.type).toBe('show_home');
    const reads = (await h.db.select().from(auditEvents)).filter((e) => e.action === 'leader.read_shared');
    expect(reads.map((e) => e.details)).toEqual([{ where: 'overview', teams: ['Feiringsteamet'] }]);
    const [prompt] = await h.conversation('feiring');
    expect(prompt!.replies.at(-1)).toContain('Delt med ledelsen: «Lesegruppene har løftet seg');
  });

  it('lets the team lead change the decision to sharing nothing; leadership then sees nothing', async () => {
    const form = await openForm();
    expect(form.inputs[1]!.type === 'text' && form.inputs[1]!.initial).toContain('Lesegruppene');
    await h.submit('lead@refleksvik.example', FORMS.shareUpward, form.privateMetadata, {
      decision: 'nothing',
      shared: '',
    });
    await h.drain();
    expect(await leaderHome()).not.toContain('Delt av teamet');
    const [prompt] = await h.conversation('feiring');
    expect(prompt!.replies.at(-1)).toContain(
      'Teamlederen har bestemt at ingenting deles med ledelsen denne gangen.',
    );
    const actions = (await h.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['team.shared_upward', 'team.shared_nothing']));
  });

  it('lets the team lead withdraw what was shared, from the thread, at any time; it leaves the leaders’ view', async () => {
    const form = await openForm();
    await h.submit('lead@refleksvik.example', FORMS.shareUpward, form.privateMetadata, {
      decision: 'share',
      shared: 'Vi vil vise fram lesekvarteret.',
    });
    await h.drain();
    expect(await leaderHome()).toContain('Vi vil vise fram lesekvarteret.');
    const [shared] = await h.db.select().from(sharedUpdates);
    expect(await h.click('ola@refleksvik.example', ACTIONS.withdrawShared, shared!.id)).toEqual({
      type: 'notice',
      text: 'Bare teamlederen bestemmer hva som deles med ledelsen.',
    });
    expect(await h.click('lead@refleksvik.example', ACTIONS.withdrawShared, shared!.id)).toEqual({
      type: 'notice',
      text: 'Trukket tilbake. Ledelsen ser det ikke lenger, og det kommer ikke med i nye ukebrev.',
    });
    await h.drain();
    expect(await leaderHome()).not.toContain('lesekvarteret');
    const digest = await loadRectorDigest(h.db, 'demo-skole', h.clock.now());
    expect(JSON.stringify(digest)).not.toContain('lesekvarteret');
    const [prompt] = await h.conversation('feiring');
    expect(prompt!.replies.at(-1)).toContain('ingenting deles med ledelsen');
    const actions = (await h.db.select().from(auditEvents)).map((e) => e.action);
    expect(actions).toContain('team.share_withdrawn');
  });
});
