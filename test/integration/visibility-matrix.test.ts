import { eq } from 'drizzle-orm';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ownerReport, ownerReportCsv, ownerReportMarkdown } from '../../src/app/digest/owner-report.ts';
import { loadRectorDigest } from '../../src/app/digest/rector-digest.ts';
import { loadHomeView } from '../../src/app/home/load-home-view.ts';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import { createOverviewLinks, type OverviewLinks } from '../../src/app/web/overview-links.ts';
import { buildRectorDigestCard } from '../../src/core/digest/rector-digest.ts';
import { buildHomeCard } from '../../src/core/home/home-card.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { auditEvents, people, responses } from '../../src/db/schema/index.ts';
import { overviewRoutes } from '../../src/http/overview/routes.ts';
import { cardText, createLoopHarness, type LoopHarness, silentLogger } from '../support/loop-harness.ts';

/**
 * DESIGN §5 "Who may see what", as a matrix over one real organisation: an owner with two schools,
 * content driven through the inbound handler and the tick, and every view read through its real
 * builder. Each cell says whether a kind of content shows up in that role's view of that kind.
 */
const ORG = `
owner: { key: vismo, name: Vismo kommune }
schools:
  - { key: nordli, name: Nordli skole, locale: nb }
  - { key: sorbo, name: Sørbø skole, locale: nb }
teams:
  - { key: nl-lesing, school: nordli, name: Lesefuglene, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
  - { key: nl-fest, school: nordli, name: Festlaget, programme: feiring, schedule: { weekday: thursday, time: "14:00" } }
  - { key: nl-real, school: nordli, name: Realfagsgjengen, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
  - { key: sb-team, school: sorbo, name: Sørbøteamet, programme: elevene-vare, schedule: { weekday: thursday, time: "14:00" } }
people:
  - { email: mia@vismo.example, name: Mia Svarer, roles: [{ role: member, team: nl-lesing }, { role: member, team: nl-fest }] }
  - { email: tor@vismo.example, name: Tor Taus, roles: [{ role: member, team: nl-lesing }] }
  - { email: lena@vismo.example, name: Lena Lederstad, roles: [{ role: member, team: nl-lesing }, { role: team_lead, team: nl-lesing }, { role: member, team: nl-fest }, { role: team_lead, team: nl-fest }] }
  - { email: rolf@vismo.example, name: Rolf Realist, roles: [{ role: member, team: nl-real }, { role: team_lead, team: nl-real }] }
  - { email: siri@vismo.example, name: Siri Sørbø, roles: [{ role: member, team: sb-team }, { role: team_lead, team: sb-team }] }
  - { email: hege@vismo.example, name: Hege Avdeling, roles: [{ role: department_head, teams: [nl-lesing, nl-fest] }] }
  - { email: dag@vismo.example, name: Dag Annenavd, roles: [{ role: department_head, teams: [nl-real] }] }
  - { email: rune@vismo.example, name: Rune Rektor, roles: [{ role: rector, school: nordli }] }
  - { email: sara@vismo.example, name: Sara Rektorsen, roles: [{ role: rector, school: sorbo }] }
  - { email: olga@vismo.example, name: Olga Eier, roles: [{ role: school_owner }] }
`;

const MIA_ANSWER = 'Brøkgruppa på bakerste rad henger etter igjen.';
const LENA_ANSWER = 'Leseloggene forsvant i garderoben denne uka.';
const THREAD_REPLY = 'Uoffisielt: foreldremøtet gikk skikkelig dårlig.';
const SHARED = 'Kodeklubben fikk alle sjuendeklassingene til å presentere.';
const COMMITMENT = 'Høytlesning ti minutter hver morgen';

/** Content kinds: what must show up in a view (all of it) or must not (none of it). */
const KINDS = {
  unshared: [MIA_ANSWER, LENA_ANSWER, THREAD_REPLY], // answers and thread replies nobody chose to share
  shared: [SHARED], // the team lead's share-upward text
  commitment: [COMMITMENT], // an open commitment of Lesefuglene (owner Mia, due 10 December)
  owner: ['Mia Svarer'], // that commitment's owner (the member's own name in her own greeting too)
  silent: ['Tor Taus'], // a member who did not answer and owns nothing
  percent: [/(?<!\d)67(?!\d)/], // Lesefuglene's team-level participation: 2 of 3 = 67 %
  answered: [/\d+ av \d+ har svart/], // a team's answered-count, as its members see it
  team: ['Lesefuglene'], // the team all the content above belongs to
  sister: ['Realfagsgjengen'], // another team in the same school, led by the other department head
  otherSchool: ['Sørbøteamet'], // the other school's team
} satisfies Record<string, (string | RegExp)[]>;
type Kind = keyof typeof KINDS;

const ROLES = {
  member: 'mia@vismo.example', // answered, owns the commitment
  silentMember: 'tor@vismo.example', // member of the same team, never answered
  teamLead: 'lena@vismo.example', // team lead (and member) of Lesefuglene and Festlaget
  deptHeadHere: 'hege@vismo.example', // department head of Lesefuglene and Festlaget
  deptHeadOther: 'dag@vismo.example', // department head of Realfagsgjengen only
  rectorHere: 'rune@vismo.example', // rector of Nordli (all three teams above)
  rectorOther: 'sara@vismo.example', // rector of Sørbø
  owner: 'olga@vismo.example', // school_owner of Vismo kommune
} as const;
type Role = keyof typeof ROLES;

/** Reads a matrix: a header of content kinds, then one row per role (Y = visible, . = must not appear). */
function matrix(text: string): [Role, Record<Kind, boolean>][] {
  const [header, ...rows] = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  if (header!.join() !== Object.keys(KINDS).join()) throw new Error(`columns must be ${Object.keys(KINDS)}`);
  return rows.map(([role, ...marks]) => {
    if (!role || !(role in ROLES) || marks.length !== header!.length) throw new Error(`bad row ${role}`);
    return [role as Role, Object.fromEntries(header!.map((kind, i) => [kind, marks[i] === 'Y']))] as [
      Role,
      Record<Kind, boolean>,
    ];
  });
}

/**
 * The overview (App Home): members see their own teams as members; leaders get team-level figures.
 * A "." where §5 says "may" is a view that does not carry it: the home lists only commitments a person
 * owns (or the whole team owns), and a team sees its shared text in the thread, not here.
 */
const HOME = matrix(`
                unshared shared commitment owner silent percent answered team sister otherSchool
  member          .        .      Y          Y     .      .       Y        Y    .      .
  silentMember    .        .      .          .     Y      .       Y        Y    .      .
  teamLead        .        .      .          .     .      .       Y        Y    .      .
  deptHeadHere    .        Y      Y          Y     .      Y       .        Y    .      .
  deptHeadOther   .        .      .          .     .      .       .        .    Y      .
  rectorHere      .        Y      Y          Y     .      Y       .        Y    Y      .
  rectorOther     .        .      .          .     .      .       .        .    .      Y
  owner           .        .      .          .     .      .       .        .    .      .
`);

/** The Friday digest goes to rectors only (checked below); commitments appear as counts only. */
const DIGEST = matrix(`
                unshared shared commitment owner silent percent answered team sister otherSchool
  rectorHere      .        Y      .          .     .      Y       .        Y    Y      .
  rectorOther     .        .      .          .     .      .       .        .    .      Y
`);

/** The owner's export: per-school counts, participation only over groups of ≥ 5, no free text. */
const OWNER_EXPORT = matrix(`
                unshared shared commitment owner silent percent answered team sister otherSchool
  owner           .        .      .          .     .      .       .        .    .      .
`);

/**
 * The web overview behind each role's own signed link: the same leader view as the overview, for the
 * same people, plus the school year's charts. Own name in the heading, as in the overview's greeting.
 * No one who is not a leader of the team gets anything of it, a school owner included.
 */
const WEB = matrix(`
                unshared shared commitment owner silent percent answered team sister otherSchool
  member          .        .      .          Y     .      .       .        .    .      .
  silentMember    .        .      .          .     Y      .       .        .    .      .
  teamLead        .        .      .          .     .      .       .        .    .      .
  deptHeadHere    .        Y      Y          Y     .      Y       .        Y    .      .
  deptHeadOther   .        .      .          .     .      .       .        .    Y      .
  rectorHere      .        Y      Y          Y     .      Y       .        Y    Y      .
  rectorOther     .        .      .          .     .      .       .        .    .      Y
  owner           .        .      .          .     .      .       .        .    .      .
`);

/**
 * A page as a reader gets it: the text (entities decoded, the style sheet left out, SVG titles and
 * descriptions in, as a screen reader reads them) and, apart, every attribute value in the markup.
 */
function htmlText(html: string): { text: string; attributes: string } {
  const text: string[] = [];
  const attributes: string[] = [];
  let inStyle = false;
  const parser = new Parser({
    onopentag(name, attrs) {
      inStyle = name === 'style';
      attributes.push(...Object.values(attrs));
      text.push('\n');
    },
    ontext(chunk) {
      if (!inStyle) text.push(chunk);
    },
    onclosetag() {
      inStyle = false;
      text.push('\n');
    },
  });
  parser.end(html);
  return { text: text.join(''), attributes: attributes.join('\n') };
}

function expectCells(view: string, text: string, role: Role, cells: Record<Kind, boolean>) {
  for (const [kind, visible] of Object.entries(cells) as [Kind, boolean][]) {
    for (const needle of KINDS[kind]) {
      const found = typeof needle === 'string' ? text.includes(needle) : needle.test(text);
      const want = visible ? 'visible' : 'hidden';
      expect(found, `${view} of ${role}: ${kind} (${String(needle)}) should be ${want}\n${text}`).toBe(
        visible,
      );
    }
  }
}

describe('who may see what (DESIGN §5)', () => {
  let database: Database;
  let h: LoopHarness;
  const personId = async (email: string) =>
    (await h.db.select().from(people).where(eq(people.email, email)))[0]!;
  const form = async (email: string, action: string, cycleId: string) => {
    const opened = await h.click(email, action, cycleId);
    if (opened.type !== 'open_form') throw new Error(JSON.stringify(opened));
    return opened.form.privateMetadata;
  };
  const homeText = async (email: string) =>
    cardText(buildHomeCard(await loadHomeView(h.db, await personId(email), h.clock.now())));
  const digestText = async (schoolKey: string) =>
    cardText(buildRectorDigestCard(await loadRectorDigest(h.db, schoolKey, h.clock.now())));
  let links: OverviewLinks;
  let web: ReturnType<typeof overviewRoutes>;
  const webPage = async (email: string) => {
    const { url } = await links.issue((await personId(email)).id);
    const res = await web.request(new URL(url).pathname);
    return { status: res.status, ...htmlText(await res.text()) };
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    await applyOrg(h.db, parseOrgText(ORG, 'org.yaml'), { now: h.clock.now() });
    h.clock.set('2026-11-26T13:00:00Z'); // Thursday 14:00 in Oslo: every team's question opens
    await h.tick();
    await h.drain();
    const lesing = (await h.openCycleId('nl-lesing'))!;
    const fest = (await h.openCycleId('nl-fest'))!;

    // A text step: two of Lesefuglene's three members answer; Tor does not.
    for (const [email, body] of [
      [ROLES.member, MIA_ANSWER],
      [ROLES.teamLead, LENA_ANSWER],
    ] as const) {
      const saved = await h.submit(email, FORMS.answer, await form(email, ACTIONS.answer, lesing), { body });
      expect(saved.type).not.toBe('form_errors');
    }
    // A commitment with an owner and a due date.
    const mia = await personId(ROLES.member);
    const committed = await h.submit(
      ROLES.member,
      FORMS.commitment,
      await form(ROLES.member, ACTIONS.newCommitment, lesing),
      {
        owners: [mia.id],
        what: COMMITMENT,
        trigger: 'Når første time starter',
        evidence: 'Logg',
        due: '2026-12-10',
      },
    );
    expect(committed.type).not.toBe('form_errors');
    // Festlaget's single share-upward step: a reply in the thread, then the team lead's decision.
    const [prompt] = await h.conversation('nl-fest');
    await h.replyInThread(ROLES.member, 'nl-fest', prompt!.id, THREAD_REPLY);
    const shared = await h.submit(
      ROLES.teamLead,
      FORMS.shareUpward,
      await form(ROLES.teamLead, ACTIONS.shareUpward, fest),
      { decision: 'share', shared: SHARED },
    );
    expect(shared).toEqual({ type: 'notice', text: 'Lagret. Teamet ser i tråden hva som ble delt.' });
    await h.drain();
    // Friday 13:00 in Oslo: the digests go out.
    h.clock.set('2026-11-27T12:00:00Z');
    await h.tick();
    await h.drain();
    links = createOverviewLinks({ db: h.db, clock: h.clock, baseUrl: () => 'http://127.0.0.1', hours: 24 });
    web = overviewRoutes({ db: h.db, clock: h.clock, links, logger: silentLogger });
  });
  afterAll(() => database.close());

  it('has the content in place: three unshared answers, one shared text, a silent member', async () => {
    const stored = await h.db
      .select({ body: responses.body, email: people.email })
      .from(responses)
      .innerJoin(people, eq(people.id, responses.personId));
    const bodies = stored.map((r) => r.body);
    for (const text of KINDS.unshared) expect(bodies).toContain(text);
    expect(stored.map((r) => r.email)).not.toContain(ROLES.silentMember);
    const [festPrompt] = await h.conversation('nl-fest');
    expect(festPrompt!.replies.at(-1)).toContain(`Delt med ledelsen: «${SHARED}»`);
    const [lesingPrompt] = await h.conversation('nl-lesing');
    expect(lesingPrompt!.text).toContain('2 av 3 har svart');
  });

  describe.each(HOME)('the overview of the %s', (role, row) => {
    it('shows exactly what its row of the matrix allows', async () => {
      expectCells('home', await homeText(ROLES[role]), role, row);
    });
  });

  it('sends the Friday digest to the two rectors and to no one else', async () => {
    for (const [role, email] of Object.entries(ROLES) as [Role, string][]) {
      const dms = (await h.conversation(`dm:${email}`)).map((m) => m.text);
      const digests = dms.filter((text) => text.includes('ukebrev'));
      expect(digests, role).toHaveLength(DIGEST.some(([r]) => r === role) ? 1 : 0);
    }
    // The rector's read of shared text is audited: which team, never the text.
    const reads = (await h.db.select().from(auditEvents)).filter((e) => e.action === 'leader.read_shared');
    const rune = await personId(ROLES.rectorHere);
    expect(reads.map((e) => [e.actorPersonId, e.details])).toEqual([
      [rune.id, { where: 'digest', teams: ['Festlaget'] }],
    ]);
  });

  describe.each(DIGEST)('the digest of the %s', (role, row) => {
    it('shows exactly what its row of the matrix allows, in the builder and as delivered', async () => {
      const built = await digestText(role === 'rectorHere' ? 'nordli' : 'sorbo');
      expectCells('digest', built, role, row);
      const [delivered] = (await h.conversation(`dm:${ROLES[role]}`)).filter((m) =>
        m.text.includes('ukebrev'),
      );
      expectCells('delivered digest', delivered!.text, role, row);
    });
  });

  describe.each(OWNER_EXPORT)('the export of the %s', (role, row) => {
    it('shows exactly what its row of the matrix allows, as Markdown and as CSV', async () => {
      const report = await ownerReport(h.db, 'vismo', '2026H');
      expectCells('owner report', JSON.stringify(report), role, row);
      expectCells('owner Markdown', ownerReportMarkdown(report, 'nb'), role, row);
      expectCells('owner CSV', ownerReportCsv(report, 'nb'), role, row);
    });
  });

  describe.each(WEB)('the web page of the %s', (role, row) => {
    it('shows exactly what its row of the matrix allows, with nothing more in its markup', async () => {
      const page = await webPage(ROLES[role]);
      expect(page.status).toBe(200);
      expectCells('web page', page.text, role, row);
      // Hidden cells stay out of attributes too (data-team, aria labels); the figures' patterns would
      // also match chart coordinates there, so only the texts and names are looked for.
      const hidden = Object.fromEntries(
        Object.entries(row).filter(
          ([kind, visible]) => !visible && kind !== 'percent' && kind !== 'answered',
        ),
      ) as Record<Kind, boolean>;
      expectCells('web page markup', page.attributes, role, hidden);
      // A leader's read of shared text is audited, which team and where, never the text. (Set: the
      // rector's read lists Festlaget once for the digest on the page and once for the team.)
      const { id } = await personId(ROLES[role]);
      const reads = (await h.db.select().from(auditEvents).where(eq(auditEvents.actorPersonId, id)))
        .map((e) => e.details as { where?: string; teams?: string[] })
        .filter((d) => d.where === 'web');
      expect(reads.map((d) => [...new Set(d.teams)])).toEqual(row.shared ? [['Festlaget']] : []);
    });
  });

  it('gives the owner counts per own school only, with every team under the group size suppressed', async () => {
    const report = await ownerReport(h.db, 'vismo', '2026H');
    expect(report.schools).toEqual([
      {
        school: 'Nordli skole',
        teams: 3,
        roundsHeld: 3,
        roundsSkipped: 0,
        participationPercent: null,
        commitmentsMade: 1,
        commitmentsDone: 0,
        commitmentsOpen: 1,
      },
      {
        school: 'Sørbø skole',
        teams: 1,
        roundsHeld: 1,
        roundsSkipped: 0,
        participationPercent: null,
        commitmentsMade: 0,
        commitmentsDone: 0,
        commitmentsOpen: 0,
      },
    ]);
    const md = ownerReportMarkdown(report, 'nb');
    expect(md).toContain('| Nordli skole | 3 | 3 | 0 | – | 1 | 0 | 1 |');
    expect(md).not.toContain('Refleksvik skole'); // the demo owner's school is someone else's
    // No one's name at all, not even the rectors', team leads' or department heads'.
    for (const name of ['Lena', 'Rolf', 'Siri', 'Hege', 'Dag', 'Rune', 'Sara', 'Olga']) {
      expect(`${md}\n${ownerReportCsv(report, 'en')}`).not.toContain(name);
    }
  });

  it('names no person in any leader view, and gives leaders no per-person or per-answer count', async () => {
    const leaderViews = [
      ...(await Promise.all(
        (['deptHeadHere', 'deptHeadOther', 'rectorHere', 'rectorOther'] as const).map((r) =>
          homeText(ROLES[r]),
        ),
      )),
      await digestText('nordli'),
      await digestText('sorbo'),
      ...(await Promise.all(
        (['deptHeadHere', 'deptHeadOther', 'rectorHere', 'rectorOther'] as const).map(
          async (r) => (await webPage(ROLES[r])).text,
        ),
      )),
    ];
    for (const text of leaderViews) {
      for (const name of ['Tor', 'Lena', 'Rolf', 'Siri']) expect(text).not.toContain(name);
      expect(text).not.toMatch(KINDS.answered[0]!);
    }
  });
});
