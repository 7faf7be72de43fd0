import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/app/privacy/audit-log.ts';
import { createOverviewLinks, MY_DATA } from '../../src/app/web/overview-links.ts';
import { ACTIONS, FORMS } from '../../src/core/loop/ids.ts';
import type { Button, Card, Form } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { myDataRoutes } from '../../src/http/my-data/routes.ts';
import { cardText, createLoopHarness, type LoopHarness, silentLogger } from '../support/loop-harness.ts';

const OLA = 'ola@refleksvik.example';
const ANSWER = 'Gruppen ved vinduet strever med brøk';

/**
 * `/refleks my-data` in the chat (local adapter, PGlite) and the download behind its signed link,
 * over HTTP in-process: the person's own data, privately, and deleting their own answers.
 */
describe('my data: see it, download it, delete my answers', () => {
  let database: Database;
  let h: LoopHarness;
  let routes: ReturnType<typeof myDataRoutes>;
  let card: Card;

  const form = (result: unknown) => (result as { form: Form }).form;
  const buttons = (c: Card): Button[] => c.blocks.flatMap((b) => (b.type === 'buttons' ? b.buttons : []));
  const download = () => buttons(card).find((b) => b.url)!.url!;
  const get = (url: string) => routes.request(new URL(url).pathname);

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    const links = createOverviewLinks({
      db: h.db,
      clock: h.clock,
      baseUrl: () => 'http://127.0.0.1:3000',
      hours: 1,
      kind: MY_DATA,
    });
    h.deps.dataLinks = links;
    routes = myDataRoutes({ db: h.db, clock: h.clock, links, logger: silentLogger });
    await h.answer(OLA, await h.openWeek48(), { body: ANSWER });
    const result = await h.command(OLA, 'my-data');
    expect(result.type).toBe('show_home');
    card = (result as { card: Card }).card;
  });
  afterAll(() => database.close());

  it('tells the person what Refleks holds about them, in their language, with a personal link', () => {
    const text = cardText(card);
    expect(text).toContain('Dine data i Refleks');
    expect(text).toContain('Refleks har lagret 1 svar fra deg');
    expect(text).toContain('virker til');
    expect(download()).toMatch(/^http:\/\/127\.0\.0\.1:3000\/my-data\/[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(buttons(card).map((b) => b.actionId)).toContain(ACTIONS.deleteMyAnswers);
  });

  it('downloads their own data as a JSON attachment, and the download is audited', async () => {
    const res = await get(download());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="refleks-my-data.json"');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const data = (await res.json()) as { person: { email: string }; responses: { body: string }[] };
    expect(data.person.email).toBe(OLA);
    expect(data.responses.map((r) => r.body)).toEqual([ANSWER]);
    const log = await readAuditLog(h.db);
    expect(log.filter((a) => a.action === 'person.exported')).toMatchObject([{ actor: 'person' }]);
  });

  it('refuses a link that was tampered with, and one an hour old', async () => {
    const url = download();
    const tampered = await get(`${url.slice(0, -3)}abc`);
    expect(tampered.status).toBe(410);
    expect(await tampered.text()).toContain('Denne lenken virker ikke lenger');
    h.clock.advance(61 * 60_000);
    expect((await get(url)).status).toBe(410);
  });

  it('deletes their answers only after they confirm on the form', async () => {
    const opened = form(await h.click(OLA, ACTIONS.deleteMyAnswers, ''));
    expect(opened.formId).toBe(FORMS.deleteMyAnswers);
    expect(JSON.stringify(opened)).toContain('Ja, slett ordene i alle 1 svarene mine');
    expect(await h.submit(OLA, opened.formId, opened.privateMetadata, {})).toEqual({
      type: 'form_errors',
      errors: { confirm: 'Dette feltet må fylles ut.' },
    });
    expect(await h.submit(OLA, opened.formId, opened.privateMetadata, { confirm: ['yes'] })).toEqual({
      type: 'notice',
      text: 'Ordene i 1 svar er slettet.',
      private: true,
    });
    const again = cardText(((await h.command(OLA, 'mine-data')) as { card: Card }).card);
    expect(again).toContain('Refleks har lagret 0 svar fra deg');
    expect(await h.click(OLA, ACTIONS.deleteMyAnswers, '')).toEqual({
      type: 'notice',
      text: 'Du har ingen svar lagret i Refleks.',
    });
  });
});
