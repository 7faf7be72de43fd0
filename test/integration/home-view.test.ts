import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadHomeView } from '../../src/app/home/load-home-view.ts';
import { buildHomeCard } from '../../src/core/home/home-card.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Button, Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { people } from '../../src/db/schema/index.ts';
import { cardText, createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const PER = 'per@refleksvik.example';
const RITA = 'rita@refleksvik.example';
const KARI_ANSWER = 'Gruppen: 5A og 5B i lesing.';
const OLA_COMMITMENT = 'Høytlesing ti minutter hver dag';
const TEAM_COMMITMENT = 'Felles exit-lapp i norsktimene';

/** Answer buttons (Done buttons on commitments are tested in commitment-done.test.ts). */
const buttonsOf = (card: Card): Button[] =>
  card.blocks
    .flatMap((b) => (b.type === 'buttons' ? b.buttons : []))
    .filter((b) => b.actionId !== ACTIONS.commitmentDone);

/**
 * The App Home of each demo person through one school week: a member sees the team's question and
 * their own commitments; the department head and the rector see team-level numbers and nothing else.
 */
describe('the home view (PGlite, demo school, moving clock)', () => {
  let database: Database;
  let h: LoopHarness;
  let cycle5: string;
  let cycle6: string;

  const home = async (email: string) => {
    const [person] = await h.db.select().from(people).where(eq(people.email, email));
    const view = await loadHomeView(h.db, { id: person!.id, locale: person!.locale }, h.clock.now());
    return { view, card: buildHomeCard(view) };
  };

  const openForm = async (email: string, action: string, cycleId: string): Promise<Form> => {
    const result = await h.click(email, action, cycleId);
    if (result.type !== 'open_form') throw new Error(`expected a form, got ${JSON.stringify(result)}`);
    return result.form;
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z'); // Monday 09:00 in Oslo
  });
  afterAll(() => database.close());

  it('before the first prompt: no open question, the next prompt’s time, and no participation yet', async () => {
    await h.tick();
    const kari = await home(KARI);
    expect(kari.view.locale).toBe('nb');
    expect(kari.view.teams.map((t) => t.name)).toEqual(['5. trinn']);
    expect(cardText(kari.card)).toContain(
      'Ingen åpne spørsmål akkurat nå. Neste spørsmål kommer torsdag 26. november kl. 14:00.',
    );
    expect(buttonsOf(kari.card)).toEqual([]);

    const per = await home(PER);
    expect(per.view.teams).toEqual([]);
    expect(per.view.leader?.teams.map((t) => t.participationPercent)).toEqual([null, null]);
    expect(cardText(per.card)).toContain('Deltakelse i siste runde: Ingen avsluttet runde ennå');
  });

  it('after the cycle opens and Kari answers: Kari’s home says answered, Ola’s has the Answer button', async () => {
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycle5 = (await h.openCycleId('demo-5trinn'))!;
    cycle6 = (await h.openCycleId('demo-6trinn'))!;

    const form = await openForm(KARI, ACTIONS.answer, cycle5);
    await h.submit(KARI, form.formId, form.privateMetadata, { body: KARI_ANSWER });

    const kari = await home(KARI);
    const kariText = cardText(kari.card);
    expect(kari.view.teams[0]!.openQuestion).toMatchObject({
      weekKey: '2026-W48',
      answeredByMe: true,
      answered: 1,
      expected: 3,
      cycleId: cycle5,
    });
    expect(kariText).toContain('Ukens spørsmål – uke 48');
    expect(kariText).toContain('Hvilken elevgruppe har vi felles ansvar for');
    expect(kariText).toContain('1 av 3 har svart');
    expect(kariText).toContain('Du har svart denne uken.');
    expect(buttonsOf(kari.card)).toEqual([]);

    const ola = await home(OLA);
    expect(cardText(ola.card)).not.toContain('Du har svart');
    expect(buttonsOf(ola.card)).toEqual([
      { actionId: ACTIONS.answer, label: 'Svar', value: cycle5, style: 'primary' },
    ]);
    // The button works like the one in the channel: it opens Ola's answer form.
    expect((await h.click(OLA, ACTIONS.answer, cycle5)).type).toBe('open_form');

    // Nora is in both teams and has answered neither.
    const nora = await home(NORA);
    expect(nora.view.teams.map((t) => t.name)).toEqual(['5. trinn', '6. trinn']);
    expect(buttonsOf(nora.card).map((b) => b.value)).toEqual([cycle5, cycle6]);
  });

  it('shows each person their own and their whole team’s open commitments', async () => {
    const form = await openForm(KARI, ACTIONS.newCommitment, cycle5);
    const owners = form.inputs.find((i) => i.id === 'owners');
    const ola = owners?.type === 'select' ? owners.options.find((o) => o.label === 'Ola Hansen')!.value : '';
    for (const values of [
      {
        owners: [ola],
        what: OLA_COMMITMENT,
        trigger: 'Hvis det er norsktime, så starter vi med høytlesing',
        evidence: 'Lesetester i uke 50',
        due: '2026-12-11',
      },
      {
        owners: ['team'],
        what: TEAM_COMMITMENT,
        trigger: 'Når timen slutter',
        evidence: 'Lappene viser om målet er nådd',
        due: '2026-11-27',
      },
    ]) {
      expect((await h.submit(KARI, form.formId, form.privateMetadata, values)).type).toBe('notice');
    }

    const olaHome = await home(OLA);
    expect(olaHome.view.myCommitments.map((c) => c.what)).toEqual([TEAM_COMMITMENT, OLA_COMMITMENT]);
    const olaText = cardText(olaHome.card);
    expect(olaText).toContain(`«${OLA_COMMITMENT}» – 5. trinn`);
    expect(olaText).toContain('Hvem: Ola Hansen');
    expect(olaText).toContain('Frist: 11. desember 2026');
    expect(olaText).toContain('Hvem: Hele teamet');

    // Kari owns only the team's commitment; Ola's is his.
    const kari = await home(KARI);
    expect(kari.view.myCommitments.map((c) => c.what)).toEqual([TEAM_COMMITMENT]);
    // Jonas's team has none.
    expect((await home('jonas@refleksvik.example')).view.myCommitments).toEqual([]);
  });

  it('gives Per (department head) both teams: programme, rounds and commitments, no answers and no one who did not answer', async () => {
    const per = await home(PER);
    expect(per.view.teams).toEqual([]);
    expect(per.view.myCommitments).toEqual([]);
    expect(per.view.leader).toEqual({
      teams: [
        {
          id: expect.any(String),
          canPassOn: false,
          support: [],
          name: '5. trinn',
          participationPercent: null,
          openCommitments: 2,
          overdueCommitments: 0,
          shared: [],
          programme: { title: 'Elevene våre – hvordan vet vi det?', step: 1, total: 6 },
          rounds: [{ week: '2026-W48', participationPercent: 33, skipped: null, open: true }],
          // DESIGN §5: leaders see commitments, with their owners and dates.
          commitments: [
            { what: TEAM_COMMITMENT, owners: [], dueDate: '2026-11-27', overdue: false },
            { what: OLA_COMMITMENT, owners: ['Ola Hansen'], dueDate: '2026-12-11', overdue: false },
          ],
        },
        {
          id: expect.any(String),
          canPassOn: false,
          support: [],
          name: '6. trinn',
          participationPercent: null,
          openCommitments: 0,
          overdueCommitments: 0,
          shared: [],
          programme: { title: 'Elevene våre – hvordan vet vi det?', step: 1, total: 6 },
          // One member: a percentage would say whether that person answered, so none is given.
          rounds: [{ week: '2026-W48', participationPercent: null, skipped: null, open: true }],
          commitments: [],
        },
      ],
    });
    const text = cardText(per.card);
    expect(text).toContain('Teamene du følger');
    expect(text).toContain('5. trinn');
    expect(text).toContain('6. trinn');
    expect(text).toContain('Åpne forpliktelser: 2');
    expect(text).toContain('Siste runder: uke 48: pågår (33 % så langt)');
    expect(text).toMatch(/^Siste runder: uke 48: pågår$/m); // 6. trinn: too small for a share, no "–"
    expect(text).toContain(`«${OLA_COMMITMENT}» – Ola Hansen, frist 11. desember 2026`);
    // Names appear only as owners of commitments: never who answered, never an answer.
    for (const secret of ['Kari Nordmann', 'Nora Berg', 'Jonas Lie', KARI_ANSWER, 'Hvilken elevgruppe']) {
      expect(text).not.toContain(secret);
    }
    // Only each team's read-only Details: nothing to answer or close on the team's behalf.
    expect(buttonsOf(per.card).map((b) => b.actionId)).toEqual([
      ACTIONS.leaderTeamDetail,
      ACTIONS.leaderTeamDetail,
    ]);
  });

  it('gives Rita (rector) every team of the school', async () => {
    const rita = await home(RITA);
    expect(rita.view.leader?.teams.map((t) => t.name)).toEqual(['5. trinn', '6. trinn']);
    const text = cardText(rita.card);
    for (const secret of ['Kari Nordmann', 'Nora Berg', 'Jonas Lie', KARI_ANSWER])
      expect(text).not.toContain(secret);
  });

  it('shows a team-level participation % and overdue commitments once the cycle has closed', async () => {
    h.clock.set('2026-12-02T13:00:00Z'); // Wednesday 14:00: the cycles close
    expect((await h.tick()).closed).toBe(2);
    await h.drain();

    const per = await home(PER);
    // 1 of 3 answered in 5. trinn; nobody in 6. trinn. The team commitment was due 27 November.
    expect(
      per.view.leader?.teams.map((t) => [
        t.name,
        t.participationPercent,
        t.openCommitments,
        t.overdueCommitments,
      ]),
    ).toEqual([
      ['5. trinn', 33, 2, 1],
      ['6. trinn', null, 0, 0],
    ]);
    expect(per.view.leader!.teams[0]!.commitments.find((c) => c.what === TEAM_COMMITMENT)?.overdue).toBe(
      true,
    );
    const text = cardText(per.card);
    expect(text).toContain('Deltakelse i siste runde: 33 %');
    expect(text).toContain('Over fristen: 1');
    expect(text).toContain(`«${TEAM_COMMITMENT}» – Hele teamet, fristen gikk ut 27. november 2026`);
    for (const secret of ['Kari Nordmann', 'Nora Berg', KARI_ANSWER]) expect(text).not.toContain(secret);

    expect((await home(RITA)).view.leader?.teams.map((t) => t.participationPercent)).toEqual([33, null]);

    // The member's home no longer offers the closed question.
    const ola = await home(OLA);
    expect(ola.view.teams[0]!.openQuestion).toBeNull();
    expect(buttonsOf(ola.card)).toEqual([]);
    expect(cardText(ola.card)).toContain('Neste spørsmål kommer torsdag 3. desember kl. 14:00.');
  });
});
