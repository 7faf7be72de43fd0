import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import {
  cycles,
  inboundEvents,
  localMessages,
  people,
  responses,
  teams,
  teamsConversations,
} from '../../src/db/schema/index.ts';
import {
  formPost,
  hiddenField,
  postRaw,
  startWebRefleks,
  type WebRefleks,
} from '../support/security-harness.ts';
import { SLACK_CHANNEL, SLACK_SECRET, SLACK_TEAM, until } from '../support/slack-harness.ts';
import { signSlackRequest, slackEventBody } from '../support/slack-requests.ts';
import { teamsConversationUpdateBotAdded } from '../support/teams-activities.ts';

const KARI = 'kari@refleksvik.example';
const ONE_MB = 1024 * 1024;
const EVIL = 'https://evil.example';
const slackHeaders = (body: string) => ({
  'content-type': 'application/json',
  ...signSlackRequest(SLACK_SECRET, body),
});
const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;

/** Security headers, CSRF on the /dev forms and body limits, against Refleks as it runs (all surfaces). */
describe('web security: headers, cross-site form posts, body limits', () => {
  let w: WebRefleks;
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${w.base}${path}`, { redirect: 'manual', ...init });
  const sameOrigin = () => ({ origin: w.base, 'sec-fetch-site': 'same-origin' });
  const openCycle = async (teamKey: string) => {
    const [team] = await w.db.select().from(teams).where(eq(teams.key, teamKey));
    const [cycle] = await w.db
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team!.id), eq(cycles.status, 'open')));
    return cycle!.id;
  };
  const pageHeaders = (res: Response) => ({
    frame: res.headers.get('x-frame-options'),
    referrer: res.headers.get('referrer-policy'),
    sniff: res.headers.get('x-content-type-options'),
    cache: res.headers.get('cache-control'),
  });
  const STRICT = { frame: 'DENY', referrer: 'no-referrer', sniff: 'nosniff', cache: 'no-store' };

  /** The CSP allows every inline style sheet of the page by hash, and the page needs nothing else. */
  const expectCspFits = (csp: string | null, html: string) => {
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const sheets = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(sheets.length).toBeGreaterThan(0);
    for (const css of sheets) expect(csp).toContain(styleHash(css));
    expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=|<img|<link/i);
  };

  beforeAll(async () => {
    w = await startWebRefleks();
  });
  afterAll(() => w?.stop());

  it('gives the /dev pages a CSP that fits them, no framing, no referrer and no caching', async () => {
    const res = await get(`/dev?as=${encodeURIComponent(KARI)}&c=demo-5trinn`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy');
    expect(csp).toContain("form-action 'self'");
    expectCspFits(csp, await res.text());
    expect(pageHeaders(res)).toEqual(STRICT);

    // The answer form is a page of its own: the same policy fits it.
    const form = await get(
      '/dev/action',
      formPost({ as: KARI, actionId: ACTIONS.answer, value: await openCycle('demo-5trinn') }, sameOrigin()),
    );
    expect(form.status).toBe(200);
    expectCspFits(form.headers.get('content-security-policy'), await form.text());
  });

  it('gives the overview page and its error page the same protection, without a Referer', async () => {
    const [rita] = await w.db.select().from(people).where(eq(people.email, 'rita@refleksvik.example'));
    const { url } = await w.running.deps.links!.issue(rita!.id);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy');
    expect(csp).toContain("form-action 'none'");
    expectCspFits(csp, await page.text());
    expect(pageHeaders(page)).toEqual(STRICT);

    const refused = await get('/overview/not-a-valid-token');
    expect(refused.status).toBe(403);
    expectCspFits(refused.headers.get('content-security-policy'), await refused.text());
    expect(pageHeaders(refused)).toEqual(STRICT);
  });

  it('refuses a cross-site post to /dev/form with 403 and stores nothing; a same-origin post is stored', async () => {
    const cycleId = await openCycle('demo-5trinn');
    const opened = await get(
      '/dev/action',
      formPost({ as: KARI, actionId: ACTIONS.answer, value: cycleId }, sameOrigin()),
    );
    const html = await opened.text();
    const fields = {
      as: KARI,
      formId: hiddenField(html, 'formId'),
      privateMetadata: hiddenField(html, 'privateMetadata'),
      returnTo: '/dev',
      'field.body': 'Et svar et annet nettsted sendte i Karis navn',
    };
    expect(fields.formId).not.toBe('');
    for (const headers of <Record<string, string>[]>[
      { origin: EVIL, 'sec-fetch-site': 'cross-site' },
      { origin: EVIL },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'null' },
      // Another port of the same host is another origin (the browser says same-site, not same-origin).
      { origin: 'http://127.0.0.1:9', 'sec-fetch-site': 'same-site' },
    ]) {
      const res = await get('/dev/form', formPost(fields, headers));
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    const messagesBefore = (await w.db.select().from(localMessages)).length;
    const message = await get(
      '/dev/message',
      formPost({ as: KARI, conversationId: 'demo-5trinn', text: 'Fra et annet nettsted' }, { origin: EVIL }),
    );
    expect(message.status).toBe(403);
    expect(await w.db.select().from(localMessages)).toHaveLength(messagesBefore);
    expect(await w.db.select().from(responses).where(eq(responses.cycleId, cycleId))).toEqual([]);

    const ok = await get(
      '/dev/form',
      formPost({ ...fields, 'field.body': 'Kari svarer selv' }, sameOrigin()),
    );
    expect(ok.status).toBe(303);
    const stored = await w.db.select().from(responses).where(eq(responses.cycleId, cycleId));
    expect(stored.map((r) => r.body)).toEqual(['Kari svarer selv']);
  });

  it('refuses a body over 1 MB to /slack/events with 413 before verifying it, storing nothing', async () => {
    const prompt = await w.openSlackPrompt();
    const reply = (eventId: string, text: string, ts: string) =>
      slackEventBody({
        teamId: SLACK_TEAM,
        eventId,
        event: { type: 'message', user: 'UOLA', channel: SLACK_CHANNEL, text, ts, thread_ts: prompt.ts },
      });
    const big = reply('Ev-too-big', `Et altfor langt svar ${'x'.repeat(ONE_MB)}`, '1700000998.000100');
    const refused = await postRaw(`${w.base}/slack/events`, slackHeaders(big), big);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.text)).toEqual({ error: 'payload_too_large', maxBytes: ONE_MB });
    // Forged and oversized: still 413, so the body is refused before its signature is checked.
    const forged = { ...slackHeaders(big), 'x-slack-signature': 'v0=00' };
    expect((await postRaw(`${w.base}/slack/events`, forged, big)).status).toBe(413);

    expect((await w.slack(reply('Ev-small', 'Et kort svar', '1700000999.000100'))).status).toBe(200);
    await until('the small reply stored', async () =>
      (await w.db.select().from(responses)).some((r) => r.body === 'Et kort svar'),
    );
    const seen = (await w.db.select().from(inboundEvents)).map((e) => e.eventId);
    expect(seen.some((id) => id.includes('Ev-small'))).toBe(true);
    expect(seen.some((id) => id.includes('Ev-too-big'))).toBe(false);
    const bodies = (await w.db.select().from(responses)).map((r) => r.body ?? '');
    expect(bodies.some((b) => b.includes('altfor langt'))).toBe(false);
  });

  it('refuses a body over 1 MB to /api/messages with 413, storing nothing', async () => {
    const added = (channelId: string, teamName: string) =>
      teamsConversationUpdateBotAdded({
        serviceUrl: w.connector.serviceUrl,
        tenantId: 'tenant-big',
        teamId: channelId,
        teamName,
        channelId,
        botId: '28:bot',
        fromAadObjectId: 'aad-someone',
      });
    const big = JSON.stringify(added('19:big@thread.tacv2', 'x'.repeat(ONE_MB + 10)));
    const refused = await postRaw(`${w.base}/api/messages`, { 'content-type': 'application/json' }, big);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.text).error).toBe('payload_too_large');
    expect((await w.teams(added('19:small@thread.tacv2', 'Lærerne'))).status).toBe(200);
    const stored = (await w.db.select().from(teamsConversations)).map((c) => c.conversationId);
    expect(stored).toContain('19:small@thread.tacv2');
    expect(stored).not.toContain('19:big@thread.tacv2');
  });

  it('refuses a body over 1 MB to /dev with 413', async () => {
    const body = new URLSearchParams({ as: KARI, conversationId: 'demo-5trinn', text: 'y'.repeat(ONE_MB) });
    const before = (await w.db.select().from(localMessages)).length;
    const res = await postRaw(
      `${w.base}/dev/message`,
      { 'content-type': 'application/x-www-form-urlencoded', ...sameOrigin() },
      body.toString(),
    );
    expect(res.status).toBe(413);
    expect(await w.db.select().from(localMessages)).toHaveLength(before);
  });

  it('leaves /slack/events and /api/messages to their own verification (no CSRF check)', async () => {
    // A Slack request is form-encoded and carries no Origin; the signature decides, not the origin.
    const forged = await w.slack('payload=%7B%7D', { forgeSignature: true });
    expect(forged.status).toBe(401);
    const res = await fetch(`${w.base}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: EVIL },
      body: 'ssl_check=1&token=x',
    });
    expect(res.status).toBe(200);
  });
});
