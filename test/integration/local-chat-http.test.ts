import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAdapter } from '../../adapters/local/adapter.ts';
import { localChatRoutes } from '../../adapters/local/routes.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { deleteOwnAnswers } from '../../src/app/privacy/erase-person.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { responseOf } from '../../src/db/repositories/cycles.ts';
import { personByIdentity } from '../../src/db/repositories/organisation.ts';
import { localMessages, piiEvents } from '../../src/db/schema/index.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

/** The /dev pages driven over HTTP in-process, the way a browser would use them. */
describe('local chat at /dev', () => {
  let database: Database;
  let h: LoopHarness;
  let app: ReturnType<typeof localChatRoutes>;
  let cycleId: string;
  const kari = 'kari@refleksvik.example';

  const form = (fields: Record<string, string>) => {
    const body = new URLSearchParams(fields);
    return { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  };
  const hidden = (html: string, name: string) => {
    const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
    return (match?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'");
  };

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    h.clock.set('2026-11-26T13:00:00Z');
    await h.tick();
    await h.drain();
    cycleId = (await h.openCycleId('demo-5trinn'))!;
    app = localChatRoutes({
      db: database.db,
      adapter: new LocalAdapter(database.db),
      inbound: createInboundHandler(h.deps),
    });
  });
  afterAll(() => database.close());

  it('shows the team channel with the open prompt and a "you are" switch', async () => {
    const res = await app.request(`/dev?as=${encodeURIComponent(kari)}&c=demo-5trinn`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Ukens spørsmål – uke 48');
    expect(html).toContain('0 av 3 har svart');
    expect(html).toMatch(/<option[^>]*value="kari@refleksvik.example"[^>]*selected/);
    expect(html).toMatch(/Kari Nordmann \((medlem, teamleder|teamleder, medlem)\)/);
  });

  it('answers through the form and the thread shows "1 of 3" in the chosen language', async () => {
    const opened = await app.request(
      '/dev/action',
      form({ as: kari, actionId: ACTIONS.answer, value: cycleId, conversationId: 'demo-5trinn' }),
    );
    const formHtml = await opened.text();
    expect(formHtml).toContain('Ditt svar');
    const submitted = await app.request(
      '/dev/form',
      form({
        as: kari,
        formId: hidden(formHtml, 'formId'),
        privateMetadata: hidden(formHtml, 'privateMetadata'),
        returnTo: '/dev?c=demo-5trinn',
        'field.body': 'Vi har ansvar for leselyst i 5A.',
      }),
    );
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get('set-cookie')).toContain('refleks_notice=');
    await h.drain();
    const page = await (
      await app.request(`/dev?as=${encodeURIComponent(kari)}&c=demo-5trinn&lang=en`)
    ).text();
    expect(page).toContain('1 av 3 har svart'); // the team's language is bokmål
    expect(page).toContain('Direct messages'); // the page's own labels follow the chosen language
    expect(page).toContain('Replies: 1');
  });

  it('keeps what was typed and shows the error when an identity number is refused', async () => {
    const opened = await (
      await app.request(
        '/dev/action',
        form({ as: 'ola@refleksvik.example', actionId: ACTIONS.answer, value: cycleId }),
      )
    ).text();
    const typed = 'Eleven med nummer 01819010001 trenger mer';
    const res = await app.request(
      '/dev/form',
      form({
        as: 'ola@refleksvik.example',
        formId: hidden(opened, 'formId'),
        privateMetadata: hidden(opened, 'privateMetadata'),
        formSpec: hidden(opened, 'formSpec'),
        returnTo: '/dev',
        'field.body': typed,
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('fødselsnummer');
    expect(html).toContain(typed);
  });

  it('counts a reply in the prompt’s thread as an answer, and drops a reply with an identity number', async () => {
    const page = await (await app.request(`/dev?as=${encodeURIComponent(kari)}&c=demo-5trinn`)).text();
    const threadId = page.match(/thread=([0-9a-f-]{36})/)?.[1] ?? '';
    const reply = (text: string) =>
      app.request(
        '/dev/message',
        form({ as: 'ola@refleksvik.example', conversationId: 'demo-5trinn', threadId, text }),
      );

    const refused = await reply('Se eleven 01819010001');
    expect(decodeURIComponent(refused.headers.get('set-cookie') ?? '')).toContain('fødselsnummer');
    expect((await reply('Vi ser fremgang i lesing.')).status).toBe(303);
    await h.drain();
    const thread = await (
      await app.request(`/dev?as=${encodeURIComponent(kari)}&c=demo-5trinn&thread=${threadId}`)
    ).text();
    expect(thread).toContain('2 av 3 har svart');
    expect(thread).toContain('Vi ser fremgang i lesing.');
    expect(thread).not.toContain('01819010001');
  });

  it('keeps no identity number typed anywhere in the local chat, by anyone: it is Refleks’s own storage', async () => {
    const say = (as: string, text: string) =>
      app.request('/dev/message', form({ as, conversationId: 'demo-5trinn', text }));
    const topLevel = await say('ola@refleksvik.example', 'Husk eleven 018190 10001 i morgen');
    expect(decodeURIComponent(topLevel.headers.get('set-cookie') ?? '')).toContain('fødselsnummer');
    await say('nobody@refleksvik.example', 'Ukjent skriver 41819010186');
    const kept = await h.db.select({ card: localMessages.card }).from(localMessages);
    expect(JSON.stringify(kept)).not.toMatch(/018190 ?10001|41819010186/);
    const blocks = await h.db.select().from(piiEvents).where(eq(piiEvents.place, 'local_message'));
    expect(blocks).toHaveLength(1);
  });

  it('treats a double click as one submission, but an edit back to an earlier text as a new one', async () => {
    const nora = 'nora@refleksvik.example';
    const submit = async (text: string, times: number) => {
      const html = await (
        await app.request('/dev/action', form({ as: nora, actionId: ACTIONS.answer, value: cycleId }))
      ).text();
      const fields = {
        as: nora,
        formId: hidden(html, 'formId'),
        privateMetadata: hidden(html, 'privateMetadata'),
        submissionId: hidden(html, 'submissionId'),
        returnTo: '/dev',
        'field.body': text,
      };
      for (let i = 0; i < times; i++) await app.request('/dev/form', form(fields));
    };
    await submit('X', 2);
    await submit('Y', 1);
    await submit('X', 1);
    const person = await personByIdentity(h.db, { platform: 'local', tenantId: 'local', userId: nora });
    expect((await responseOf(h.db, cycleId, person!.id))?.body).toBe('X');
    const echoes = (await h.outboxStatuses()).filter((r) => r.key.startsWith('echo'));
    expect(echoes).toHaveLength(3); // the first answer and two edits; the double click added nothing
  });

  it('tells an unknown person so, instead of failing', async () => {
    const res = await app.request(
      '/dev/action',
      form({ as: 'stranger@x.example', actionId: ACTIONS.answer, value: cycleId }),
    );
    expect(res.status).toBe(303);
    expect(decodeURIComponent(res.headers.get('set-cookie') ?? '')).toContain(
      'Refleks kjenner deg ikke ennå',
    );
  });

  it('has a Home page and a /refleks command box, so a department head finds their overview here too', async () => {
    const per = 'per@refleksvik.example';
    const page = await (await app.request(`/dev?as=${encodeURIComponent(per)}&c=demo-5trinn`)).text();
    expect(page).toContain(`href="/dev/home?as=${encodeURIComponent(per)}"`);
    expect(page).toContain('action="/dev/command"');
    const home = await (await app.request(`/dev/home?as=${encodeURIComponent(per)}`)).text();
    expect(home).toContain('Teamene du følger');
    expect(home).toContain(`value="${ACTIONS.leaderTeamDetail}"`);
    const command = await app.request(
      '/dev/command',
      form({ as: per, conversationId: 'demo-5trinn', text: '/refleks oversikt' }),
    );
    expect(command.status).toBe(200);
    expect(await command.text()).toContain('Teamene du følger');
    // A form opens as a page; a notice comes back on the channel, like Slack's ephemeral answer.
    const support = await app.request(
      '/dev/command',
      form({ as: kari, text: '/refleks support Vikar på fredager' }),
    );
    expect(await support.text()).toContain('Be ledelsen om støtte');
    const help = await app.request(
      '/dev/command',
      form({ as: kari, conversationId: 'demo-5trinn', text: '/refleks help' }),
    );
    expect(help.status).toBe(303);
    expect(decodeURIComponent(help.headers.get('set-cookie') ?? '')).toContain('/refleks status');
  });

  it('never redirects outside /dev, whatever returnTo says', async () => {
    const res = await app.request(
      '/dev/form',
      form({ as: kari, formId: 'x', privateMetadata: '{}', returnTo: 'https://evil.example/' }),
    );
    expect(res.headers.get('location')).toBe('/dev');
  });

  it('takes a person’s own thread replies out of the local chat when they delete their answers', async () => {
    const ola = await personByIdentity(h.db, {
      platform: 'local',
      tenantId: 'local',
      userId: 'ola@refleksvik.example',
    });
    const before = JSON.stringify(await h.db.select({ card: localMessages.card }).from(localMessages));
    expect(before).toContain('Vi ser fremgang i lesing.');
    await deleteOwnAnswers(h.db, ola!.id);
    const after = JSON.stringify(await h.db.select({ card: localMessages.card }).from(localMessages));
    expect(after).not.toContain('Vi ser fremgang i lesing.');
  });
});
