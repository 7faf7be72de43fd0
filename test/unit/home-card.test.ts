import { describe, expect, it } from 'vitest';
import { buildHomeCard, type HomeView } from '../../src/core/home/home-card.ts';
import type { Locale } from '../../src/core/locale.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Block, Button, Card } from '../../src/core/ui/model.ts';

const QUESTION = 'Hvilken elevgruppe har vi felles ansvar for?';
const ANSWER_TEXT = 'Gruppen: 5A og 5B i lesing.';

function view(overrides: Partial<HomeView> = {}): HomeView {
  return {
    locale: 'nb',
    zone: 'Europe/Oslo',
    personName: 'Kari Nordmann',
    teams: [
      {
        name: '5. trinn',
        openQuestion: {
          weekKey: '2026-W48',
          question: QUESTION,
          closesAt: new Date('2026-12-02T13:00:00Z'),
          answeredByMe: false,
          answered: 1,
          expected: 3,
          cycleId: 'cycle-5',
        },
        nextPromptAt: new Date('2026-12-03T13:00:00Z'),
      },
      { name: '6. trinn', openQuestion: null, nextPromptAt: new Date('2026-12-03T13:00:00Z') },
    ],
    myCommitments: [
      {
        id: 'c1',
        what: 'Høytlesing ti minutter hver dag',
        trigger: 'Hvis det er norsktime, så starter vi med høytlesing',
        evidence: 'Lesetester i uke 50',
        dueDate: '2026-12-11',
        ownerNames: ['Ola Hansen'],
        teamName: '5. trinn',
      },
      {
        id: 'c2',
        what: 'Felles exit-lapp',
        trigger: 'Når timen slutter',
        evidence: 'Lappene',
        dueDate: null,
        ownerNames: [],
        teamName: '5. trinn',
      },
    ],
    leader: null,
    ...overrides,
  };
}

function text(blocks: Block[]): string {
  return blocks
    .map((b) =>
      b.type === 'text'
        ? b.text
        : b.type === 'fields'
          ? b.fields.map((f) => `${f.label}: ${f.value}`).join('\n')
          : b.buttons.map((x) => `[${x.label}|${x.actionId}|${x.value}]`).join(' '),
    )
    .join('\n');
}

const allButtons = (card: Card): Button[] =>
  card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
/** The Answer buttons; each commitment's Done button is checked on its own. */
const buttons = (card: Card): Button[] =>
  allButtons(card).filter((b) => b.actionId !== ACTIONS.commitmentDone);

/** The blocks from the leader heading on. */
function leaderSection(card: Card, heading: string): Block[] {
  const at = card.blocks.findIndex((b) => b.type === 'text' && b.text === heading);
  expect(at).toBeGreaterThan(-1);
  return card.blocks.slice(at);
}

describe('buildHomeCard', () => {
  it('shows each team’s question with an Answer button while it is open and unanswered (bokmål)', () => {
    const card = buildHomeCard(view());
    const all = text(card.blocks);
    expect(card.fallbackText).toBe('Hei, Kari Nordmann!');
    expect(all).toContain('Teamene dine');
    expect(all).toContain('Ukens spørsmål – uke 48');
    expect(all).toContain(QUESTION);
    expect(all).toContain('1 av 3 har svart');
    expect(all).toContain('Åpent for svar til onsdag 2. desember kl. 14:00');
    expect(all).toContain(
      'Ingen åpne spørsmål akkurat nå. Neste spørsmål kommer torsdag 3. desember kl. 14:00.',
    );
    expect(buttons(card)).toEqual([
      { actionId: ACTIONS.answer, label: 'Svar', value: 'cycle-5', style: 'primary' },
    ]);
  });

  it('shows "answered" and no button once the person has answered', () => {
    const v = view();
    v.teams[0]!.openQuestion!.answeredByMe = true;
    const card = buildHomeCard(v);
    expect(buttons(card)).toEqual([]);
    expect(text(card.blocks)).toContain('Du har svart denne uken.');
  });

  it('shows no button for a team without an open question', () => {
    const card = buildHomeCard(view({ teams: [view().teams[1]!] }));
    expect(buttons(card)).toEqual([]);
  });

  it('lists my open commitments with who, when/if and due date, each with a Done button', () => {
    const card = buildHomeCard(view());
    const all = text(card.blocks);
    expect(all).toContain('Dine åpne forpliktelser');
    expect(all).toContain('«Høytlesing ti minutter hver dag» – 5. trinn');
    expect(all).toContain('Hvem: Ola Hansen');
    expect(all).toContain('Når/hvis: Hvis det er norsktime, så starter vi med høytlesing');
    expect(all).toContain('Frist: 11. desember 2026');
    expect(all).toContain('Hvem: Hele teamet');
    expect(all).toContain('Frist: Ingen frist');
    expect(buttons(card).map((b) => b.actionId)).toEqual([ACTIONS.answer]);
    const done = allButtons(card).filter((b) => b.actionId === ACTIONS.commitmentDone);
    expect(done.map((b) => b.label)).toEqual(['Ferdig', 'Ferdig']);
    expect(done.map((b) => b.value)).toEqual(view().myCommitments.map((c) => c.id));
  });

  it('says so when there are no teams and no commitments', () => {
    const all = text(buildHomeCard(view({ teams: [], myCommitments: [] })).blocks);
    expect(all).toContain('Du er ikke med i noe team i Refleks ennå.');
    expect(all).toContain('Du har ingen åpne forpliktelser.');
  });

  it('speaks nynorsk', () => {
    const v = view({ locale: 'nn' });
    const all = text(buildHomeCard(v).blocks);
    expect(all).toContain('Teama dine');
    expect(all).toContain('Spørsmålet for veka – veke 48');
    expect(all).toContain('Ingen opne spørsmål akkurat no. Neste spørsmål kjem');
    expect(all).toContain('Dei opne forpliktingane dine');
    expect(all).toContain('Kven: Heile teamet');
    expect(buttons(buildHomeCard(v))[0]!.label).toBe('Svar');
    v.teams[0]!.openQuestion!.answeredByMe = true;
    expect(text(buildHomeCard(v).blocks)).toContain('Du har svart denne veka.');
  });

  it('speaks English', () => {
    const v = view({
      locale: 'en',
      leader: {
        teams: [
          {
            id: 'team-152',
            canPassOn: false,
            support: [],
            name: '5. trinn',
            participationPercent: 67,
            openCommitments: 2,
            overdueCommitments: 1,
            shared: [],
            programme: null,
            rounds: [],
            commitments: [],
          },
        ],
      },
    });
    const card = buildHomeCard(v);
    const all = text(card.blocks);
    expect(card.fallbackText).toBe('Hi, Kari Nordmann!');
    expect(all).toContain('Your teams');
    expect(all).toContain('Open for answers until Wednesday 2 December');
    expect(all).toContain('Your open commitments');
    expect(all).toContain('“Høytlesing ti minutter hver dag” – 5. trinn');
    expect(all).toContain('Due: No due date');
    expect(all).toContain('The teams you follow');
    expect(all).toContain('Participation in the last round: 67%');
    expect(all).toContain('Overdue: 1');
    expect(buttons(card)[0]!.label).toBe('Answer');
  });

  it('gives leaders team-level numbers only, never names or answer text, even with them elsewhere on the card', () => {
    for (const [locale, heading] of [
      ['nb', 'Teamene du følger'],
      ['nn', 'Teama du følgjer'],
      ['en', 'The teams you follow'],
    ] as [Locale, string][]) {
      const v = view({
        locale,
        // A leader who is also a member: the member part has a question and named owners.
        leader: {
          teams: [
            {
              id: 'team-190',
              canPassOn: false,
              support: [],
              name: '5. trinn',
              participationPercent: 67,
              openCommitments: 2,
              overdueCommitments: 1,
              shared: [],
              programme: null,
              rounds: [],
              commitments: [],
            },
            {
              id: 'team-200',
              canPassOn: false,
              support: [],
              name: '6. trinn',
              participationPercent: null,
              openCommitments: 0,
              overdueCommitments: 0,
              shared: [],
              programme: null,
              rounds: [],
              commitments: [],
            },
          ],
        },
      });
      const section = leaderSection(buildHomeCard(v), heading);
      const shown = text(section);
      for (const secret of ['Kari', 'Ola Hansen', QUESTION, ANSWER_TEXT, 'Høytlesing', 'Felles exit-lapp']) {
        expect(shown, `${locale}: ${secret}`).not.toContain(secret);
      }
      // The only buttons are each team's read-only Details: nothing to answer or close on its behalf.
      const leaderButtons = section.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
      expect(leaderButtons.map((b) => b.actionId)).toEqual([
        ACTIONS.leaderTeamDetail,
        ACTIONS.leaderTeamDetail,
      ]);
      expect(shown).toContain('5. trinn');
      expect(shown).toContain('6. trinn');
    }
    const nb = text(
      leaderSection(
        buildHomeCard(
          view({
            leader: {
              teams: [
                {
                  id: 'team-228',
                  canPassOn: false,
                  support: [],
                  name: '5. trinn',
                  participationPercent: 67,
                  openCommitments: 2,
                  overdueCommitments: 1,
                  shared: [],
                  programme: null,
                  rounds: [],
                  commitments: [],
                },
                {
                  id: 'team-238',
                  canPassOn: false,
                  support: [],
                  name: '6. trinn',
                  participationPercent: null,
                  openCommitments: 0,
                  overdueCommitments: 0,
                  shared: [],
                  programme: null,
                  rounds: [],
                  commitments: [],
                },
              ],
            },
          }),
        ),
        'Teamene du følger',
      ),
    );
    expect(nb).toContain(
      'Du ser tall og forpliktelser for hvert team – aldri hvem som har svart eller hva noen skrev.',
    );
    expect(nb).toContain('Deltakelse i siste runde: 67 %');
    expect(nb).toContain('Åpne forpliktelser: 2');
    expect(nb).toContain('Over fristen: 1');
    expect(nb).toContain('Deltakelse i siste runde: Ingen avsluttet runde ennå');
  });

  it('shows a leader who is in no team only the leader section', () => {
    const card = buildHomeCard(
      view({
        personName: 'Per Avdeling',
        teams: [],
        myCommitments: [],
        leader: { teams: [] },
      }),
    );
    const all = text(card.blocks);
    expect(all).not.toContain('Teamene dine');
    expect(all).not.toContain('Dine åpne forpliktelser');
    expect(all).toContain('Teamene du følger');
    expect(all).toContain('Ingen team er knyttet til deg ennå.');
  });

  it('takes every text from the catalog: no bokmål leaks into the English card', () => {
    const v = view({
      locale: 'en',
      leader: {
        teams: [
          {
            id: 'team-285',
            canPassOn: false,
            support: [],
            name: 'X',
            participationPercent: null,
            openCommitments: 0,
            overdueCommitments: 0,
            shared: [],
            programme: null,
            rounds: [],
            commitments: [],
          },
        ],
      },
    });
    const all = text(buildHomeCard(v).blocks);
    for (const word of ['Ukens', 'forpliktelser', 'Frist', 'Hvem', 'Ingen', 'Hele teamet', 'kl.']) {
      expect(all).not.toContain(word);
    }
  });
});
