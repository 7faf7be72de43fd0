import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerReport, ownerReportMarkdown } from '../../src/app/digest/owner-report.ts';
import { loadRectorDigest } from '../../src/app/digest/rector-digest.ts';
import { loadOverviewPage } from '../../src/app/web/load-overview-page.ts';
import { buildRectorDigestCard } from '../../src/core/digest/rector-digest.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Button, Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { auditEvents, people, piiEvents, sharedUpdates, supportRequests } from '../../src/db/schema/index.ts';
import { cardText, createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example'; // team lead of 5. trinn
const OLA = 'ola@refleksvik.example'; // member of 5. trinn
const JONAS = 'jonas@refleksvik.example'; // team lead of 6. trinn
const PER = 'per@refleksvik.example'; // department head of both teams
const RITA = 'rita@refleksvik.example'; // rector of the school
const ASK = 'Vi trenger en vikar når vi har lesekurs for elevgruppa på fredager';
const REPLY = 'Ja – jeg setter av vikartimer fra uke 50.';
const SHARED = 'Lesekursene har løftet hele gruppa.';

/** "Support needed from leadership", and the rector passing shared text on to the school owner. */
describe('support requests and passing shared text on to the owner (PGlite, demo school)', () => {
  let database: Database;
  let h: LoopHarness;
  const command = (email: string, text: string) => h.command(email, text);
  const homeCard = async (email: string): Promise<Card> => {
    const result = await command(email, 'overview');
    if (result.type !== 'show_home') throw new Error(`no home view: ${result.type}`);
    return result.card;
  };
  const buttons = (card: Card): Button[] =>
    card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
  const channel = async () => (await h.conversation('demo-5trinn')).map((m) => m.text);
  const digestText = async () =>
    cardText(buildRectorDigestCard(await loadRectorDigest(h.db, 'demo-skole', h.clock.now())));

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
  });
  afterAll(() => database.close());

  it('lets only a team lead ask, in a form holding what they typed, and blocks an identity number', async () => {
    expect(await command(OLA, `support ${ASK}`)).toEqual({
      type: 'notice',
      text: 'Bare teamlederen kan be ledelsen om støtte på teamets vegne.',
    });
    const opened = await command(KARI, `støtte ${ASK}`);
    expect(opened.type).toBe('open_form');
    const form = (opened as { form: Form }).form;
    expect(form.formId).toBe(FORMS.supportRequest);
    expect(form.inputs[0]).toMatchObject({ id: 'body', initial: ASK, required: true });

    const blocked = await h.submit(KARI, form.formId, form.privateMetadata, {
      body: 'Eleven 01819010001 trenger hjelp',
    });
    expect(blocked.type).toBe('form_errors');
    expect(await h.db.select().from(supportRequests)).toEqual([]);
    expect((await h.db.select().from(piiEvents)).map((p) => p.place)).toContain('support_form');
    // A form forged for a team Kari does not lead is refused on the form.
    const forged = form.privateMetadata.replace(
      /"teamId":"[^"]+"/,
      `"teamId":"${await h.teamId('demo-6trinn')}"`,
    );
    expect((await h.submit(KARI, form.formId, forged, { body: ASK })).type).toBe('form_errors');
  });

  it('stores the request once, tells the team in its channel, and shows it to the leaders with Answer and Seen', async () => {
    const form = ((await command(KARI, 'support')) as { form: Form }).form;
    const first = await h.submit(KARI, form.formId, form.privateMetadata, { body: ASK }, 'support-evt-1');
    expect(first).toEqual({ type: 'notice', text: 'Sendt til ledelsen. Svaret kommer i teamets kanal.' });
    await h.submit(KARI, form.formId, form.privateMetadata, { body: ASK }, 'support-evt-1'); // a platform retry
    expect(await h.db.select().from(supportRequests)).toHaveLength(1);
    await h.drain();
    expect(await channel()).toContain(`Kari Nordmann har bedt ledelsen om støtte på teamets vegne: «${ASK}»`);

    for (const leader of [PER, RITA]) {
      const card = await homeCard(leader);
      expect(cardText(card)).toContain(`Ber om støtte (26. november 2026): «${ASK}»`);
      expect(buttons(card).map((b) => b.actionId)).toEqual(
        expect.arrayContaining([ACTIONS.supportReply, ACTIONS.supportAcknowledge]),
      );
    }
    expect(cardText(await homeCard(OLA))).not.toContain(ASK);
    expect(await digestText()).toContain('Forespørsler om støtte som venter på svar: 1.');
    expect(await digestText()).toContain(`Ber om støtte siden 26. november 2026: «${ASK}»`);
  });

  it('“Seen” tells the team who has seen it; a leader without the team in scope cannot answer', async () => {
    const [request] = await h.db.select().from(supportRequests);
    expect(await h.click(JONAS, ACTIONS.supportReply, request!.id)).toEqual({
      type: 'notice',
      text: 'Bare ledere som har dette teamet i sitt ansvar, kan svare.',
    });
    expect((await h.click(PER, ACTIONS.supportAcknowledge, request!.id)).type).toBe('notice');
    await h.drain();
    expect(await channel()).toContain(`Per Avdeling har sett forespørselen om støtte: «${ASK}»`);
    const card = await homeCard(RITA);
    expect(cardText(card)).toContain('Sett av Per Avdeling.');
    expect(buttons(card).map((b) => b.actionId)).not.toContain(ACTIONS.supportAcknowledge);
  });

  it('the rector’s answer goes to the team’s channel with the request; it can be answered once', async () => {
    const [request] = await h.db.select().from(supportRequests);
    const opened = await h.click(RITA, ACTIONS.supportReply, request!.id);
    const form = (opened as { form: Form }).form;
    expect(form.formId).toBe(FORMS.supportReply);
    expect(await h.submit(RITA, form.formId, form.privateMetadata, { reply: REPLY })).toEqual({
      type: 'notice',
      text: 'Svaret er sendt til teamet.',
    });
    await h.drain();
    expect(await channel()).toContain(`Rita Rektor har svart på forespørselen om støtte «${ASK}»:\n${REPLY}`);
    expect(cardText(await homeCard(PER))).toContain(`Rita Rektor svarte: «${REPLY}»`);
    expect(await digestText()).not.toContain('venter på svar');
    expect(await h.click(PER, ACTIONS.supportReply, request!.id)).toEqual({
      type: 'notice',
      text: 'Denne forespørselen er allerede besvart.',
    });
    const actions = (await h.db.select().from(auditEvents)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'team.support_requested',
        'leader.support_acknowledged',
        'leader.support_answered',
      ]),
    );
    // A leader who saw the request read the team's words: audited even with nothing else shared, in
    // the chat and on the web page alike.
    const [per] = await h.db.select().from(people).where(eq(people.email, PER));
    await loadOverviewPage(h.db, per!.id, h.clock.now());
    const reads = (await h.db.select().from(auditEvents)).filter((a) => a.action === 'leader.read_shared');
    const where = (w: string) =>
      reads
        .filter((r) => (r.details as { where: string }).where === w)
        .map((r) => (r.details as { teams: string[] }).teams);
    expect(where('overview')).toContainEqual(['5. trinn']);
    expect(where('web')).toContainEqual(['5. trinn']);
  });

  it('only the rector passes shared text on to the owner; the team is told; a withdrawal takes it back', async () => {
    const cycleId = (await h.openCycleId('demo-5trinn'))!;
    const [shared] = await h.db
      .insert(sharedUpdates)
      .values({ teamId: await h.teamId('demo-5trinn'), cycleId, body: SHARED, decidedAt: h.clock.now() })
      .returning();
    const ownerText = async () => ownerReportMarkdown(await ownerReport(h.db, 'demo', '2026H'), 'nb');
    expect(await ownerText()).not.toContain(SHARED);
    expect(buttons(await homeCard(PER)).map((b) => b.actionId)).not.toContain(ACTIONS.passOnToOwner);
    expect(await h.click(PER, ACTIONS.passOnToOwner, shared!.id)).toEqual({
      type: 'notice',
      text: 'Bare rektor ved skolen kan sende delt tekst videre til skoleeier.',
    });
    expect(await ownerText()).not.toContain(SHARED);

    const pass = buttons(await homeCard(RITA)).find((b) => b.actionId === ACTIONS.passOnToOwner);
    expect(pass?.value).toBe(shared!.id);
    expect((await h.click(RITA, ACTIONS.passOnToOwner, shared!.id)).type).toBe('notice');
    await h.drain();
    expect(await channel()).toContain(
      `Rita Rektor har sendt dette videre til skoleeier (Demo kommune): «${SHARED}»`,
    );
    expect(cardText(await homeCard(RITA))).toContain('Sendt videre til skoleeier.');
    expect(await ownerText()).toContain(`Refleksvik skole (26. november 2026): «${SHARED}»`);
    expect(await ownerText()).not.toContain('5. trinn');

    expect((await h.click(KARI, ACTIONS.withdrawShared, shared!.id)).type).toBe('notice');
    expect(await ownerText()).not.toContain(SHARED);
    expect(await ownerText()).toContain('Ingen tekst er godkjent for skoleeier i denne perioden.');
    const [after] = await h.db.select().from(sharedUpdates).where(eq(sharedUpdates.id, shared!.id));
    expect(after).toMatchObject({ body: null, ownerApprovedAt: null });
  });
});
