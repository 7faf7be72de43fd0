import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverviewLinks, type OverviewLinks } from '../../src/app/web/overview-links.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import type { Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { people, roleAssignments, teams } from '../../src/db/schema/index.ts';
import { overviewRoutes } from '../../src/http/overview/routes.ts';
import { createLoopHarness, type LoopHarness, silentLogger } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';
const PER = 'per@refleksvik.example';
const RITA = 'rita@refleksvik.example';
const KARI_ANSWER = 'Lesegruppa med de svakeste leserne trenger mer tid';
const BASE = 'http://127.0.0.1:3999';

/** The web overview behind a signed link: what it shows a leader, and every way a link is refused. */
describe('web overview at /overview/:token', () => {
  let database: Database;
  let h: LoopHarness;
  let links: OverviewLinks;
  let app: ReturnType<typeof overviewRoutes>;

  const overviewCard = async (email: string): Promise<Card> => {
    const result = await h.command(email, 'oversikt');
    if (result.type !== 'show_home') throw new Error(`expected the home view, got ${result.type}`);
    return result.card;
  };
  const linkOf = (card: Card) =>
    card.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : [])).find((b) => b.url)?.url;
  const pathOf = (url: string) => new URL(url).pathname;
  const answer = async (email: string, cycleId: string, body: string) => {
    const opened = await h.click(email, ACTIONS.answer, cycleId);
    const form = (opened as { form: Form }).form;
    await h.submit(email, form.formId, form.privateMetadata, { body });
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    links = createOverviewLinks({ db: database.db, clock: h.clock, baseUrl: () => BASE, hours: 24 });
    h.deps.links = links;
    app = overviewRoutes({ db: database.db, clock: h.clock, links, logger: silentLogger });
    // Week 48: two of the three in 5. trinn answer; week 49: one does.
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    const w48 = (await h.openCycleId('demo-5trinn'))!;
    await answer(KARI, w48, KARI_ANSWER);
    await answer(OLA, w48, 'Vi prøver stasjoner');
    h.clock.set('2026-12-03T13:00:00Z');
    await h.tick();
    await h.drain();
    await answer(KARI, (await h.openCycleId('demo-5trinn'))!, 'Stasjonene virket');
    h.clock.set('2026-12-10T13:00:00Z');
    await h.tick();
    await h.drain();
  });
  afterAll(() => database.close());

  it('gives a leader a personal link in the overview, and a member none', async () => {
    const url = linkOf(await overviewCard(PER));
    expect(url).toMatch(new RegExp(`^${BASE}/overview/[\\w-]+\\.[\\w-]+\\.[\\w-]+$`));
    expect(cardTextOf(await overviewCard(PER))).toContain('lenken er personlig og gjelder til');
    expect(linkOf(await overviewCard(KARI))).toBeUndefined();
  });

  it('draws each team’s participation this school year as an accessible SVG with a table, and no answers', async () => {
    const res = await app.request(pathOf(linkOf(await overviewCard(PER))!));
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="nb">');
    expect(html).toContain('Oversikt for Per Avdeling');
    // 5. trinn: two closed rounds, 67 % then 33 %, drawn as a line with a point per round.
    const team5 = html.slice(html.indexOf('data-team="5. trinn"'), html.indexOf('data-team="6. trinn"'));
    expect(team5).toMatch(/<svg class="chart"[^>]*role="img"[^>]*aria-labelledby="trend-0-t trend-0-d"/);
    expect(team5).toContain('Deltakelse i 5. trinn per samling fra uke 48 til uke 49. Siste: 33 %.');
    expect(team5).toMatch(/<path d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+"/);
    expect(team5.match(/data-point="held"/g)).toHaveLength(2);
    expect(team5).toContain('<th scope="row">48</th><td>67 %</td>');
    expect(team5).toContain('<th scope="row">49</th><td>33 %</td>');
    // 6. trinn has two members: a percentage would tell who answered.
    const team6 = html.slice(html.indexOf('data-team="6. trinn"'));
    expect(team6).toContain('Teamet er for lite til at deltakelse vises i prosent.');
    expect(team6).not.toContain('data-chart="participation"');
    expect(html).toContain('data-chart="commitments"');
    for (const secret of [KARI_ANSWER, 'Vi prøver stasjoner', 'Stasjonene virket', 'Kari Nordmann'])
      expect(html).not.toContain(secret);
  });

  it('opens a team’s Details with every round as a share, and a small team’s rounds without one', async () => {
    const detail = async (teamKey: string) => {
      const result = await h.click(PER, ACTIONS.leaderTeamDetail, await h.teamId(teamKey));
      if (result.type !== 'show_detail') throw new Error(`expected the detail view, got ${result.type}`);
      return result.card.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
    };
    expect(await detail('demo-5trinn')).toContain('Runder dette skoleåret: uke 48: 67 % · uke 49: 33 %');
    const small = await detail('demo-6trinn');
    expect(small).toContain('Runder dette skoleåret: uke 48: holdt · uke 49: holdt');
    expect(small).not.toContain('%');
    expect((await h.click(KARI, ACTIONS.leaderTeamDetail, await h.teamId('demo-5trinn'))).type).toBe(
      'notice',
    );
  });

  it('shows a rector this week’s digest above the teams, and switches language on request', async () => {
    const path = pathOf(linkOf(await overviewCard(RITA))!);
    const nb = await (await app.request(path)).text();
    expect(nb).toContain('Refleksvik skole – ukebrev, uke 50');
    const nn = await (await app.request(`${path}?lang=nn`)).text();
    expect(nn).toContain('<html lang="nn">');
    expect(nn).toContain('Deltaking dette skuleåret');
    const en = await (await app.request(`${path}?lang=en`)).text();
    expect(en).toContain('Participation this school year');
    expect(en).toContain('Refleksvik skole – weekly digest, week 50');
  });

  it('tells a non-leader holding a link where their own view is, and shows no team', async () => {
    const [kari] = await database.db.select().from(people).where(eq(people.email, KARI));
    const { url } = await links.issue(kari!.id);
    const html = await (await app.request(pathOf(url))).text();
    expect(html).toContain('Denne oversikten er for avdelingsledere og rektorer.');
    expect(html).not.toContain('data-team=');
    expect(html).not.toContain(KARI_ANSWER);
  });

  it('refuses an expired link with 410 and says how to get a new one, in the person’s language', async () => {
    const path = pathOf(linkOf(await overviewCard(PER))!);
    h.clock.advance(24 * 3600_000 + 1000);
    const res = await app.request(path);
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain('Lenken er utløpt');
    expect(html).toContain('/refleks oversikt');
    expect(html).not.toContain('5. trinn');
  });

  it('refuses a tampered link with 403, in the browser’s language when the link says nothing', async () => {
    const path = pathOf(linkOf(await overviewCard(PER))!);
    const [header, payload, signature] = path.replace('/overview/', '').split('.') as [
      string,
      string,
      string,
    ];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    // Another person's id in the payload, signature kept: a forged link.
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const [rita] = await database.db.select().from(people).where(eq(people.email, RITA));
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: rita!.id })).toString('base64url');
    for (const bad of [
      `${header}.${payload}.${flipped}`,
      `${header}.${forged}.${signature}`,
      'not-a-token',
    ]) {
      const res = await app.request(`/overview/${bad}`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('This link does not work');
      expect(html).not.toContain('Refleksvik');
    }
  });

  it('stops a link when the person’s roles change after it was made', async () => {
    const path = pathOf(linkOf(await overviewCard(PER))!);
    expect((await app.request(path)).status).toBe(200);
    const [per] = await database.db.select().from(people).where(eq(people.email, PER));
    const [team6] = await database.db.select().from(teams).where(eq(teams.key, 'demo-6trinn'));
    await database.db
      .delete(roleAssignments)
      .where(and(eq(roleAssignments.personId, per!.id), eq(roleAssignments.scopeId, team6!.id)));
    const res = await app.request(path);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Rollene dine har endret seg siden lenken ble laget.');
  });
});

function cardTextOf(card: Card): string {
  return card.blocks.map((b) => (b.type === 'text' ? b.text : '')).join('\n');
}
