import { accessSync, constants } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localMessages, responses } from '../../src/db/schema/index.ts';
import { startWebRefleks, type WebRefleks } from '../support/security-harness.ts';
import { until } from '../support/slack-harness.ts';

const KARI = 'kari@refleksvik.example';
const TIMEOUT = 60_000;

/** REFLEKS_CHROMIUM, else the first chromium on PATH, else Debian's /usr/bin/chromium. */
function findChromium(): string {
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome'];
  const candidates = process.env.REFLEKS_CHROMIUM
    ? [process.env.REFLEKS_CHROMIUM]
    : [
        ...(process.env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .flatMap((dir) => names.map((name) => join(dir, name))),
        '/usr/bin/chromium',
      ];
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  throw new Error(`no Chromium found (tried ${candidates.join(', ')}); set REFLEKS_CHROMIUM`);
}

/** The little of the browser's globals the page callbacks use (tsconfig has no DOM lib). */
interface InPage {
  getComputedStyle(el: unknown): { backgroundColor: string; display: string };
}

/**
 * The /dev local chat in a real Chromium under its Content-Security-Policy: styled, its forms work
 * (the browser's own Origin and Sec-Fetch-Site pass the CSRF check), and a form on another origin
 * that posts to it is refused. Everything on 127.0.0.1.
 */
describe('the /dev pages in a real browser, with CSP and CSRF protection', () => {
  let w: WebRefleks;
  let browser: Browser;
  let evil: Server;
  let evilUrl = '';
  const consoleErrors: string[] = [];
  const elsewhere: string[] = [];

  const newPage = async (): Promise<Page> => {
    const context = await browser.newContext({ locale: 'nb-NO' });
    await context.route('**/*', (route) => {
      if (new URL(route.request().url()).hostname === '127.0.0.1') return route.continue();
      elsewhere.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    return page;
  };
  const storedBodies = async () => (await w.db.select().from(responses)).map((r) => r.body);

  beforeAll(async () => {
    w = await startWebRefleks();
    // Another origin (another port) serving a page whose form posts into the local chat.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><form method="post" action="${w.base}/dev/message">
<input type="hidden" name="as" value="${KARI}"><input type="hidden" name="conversationId" value="demo-5trinn">
<input type="hidden" name="text" value="Skrevet av et annet nettsted"><button type="submit">Send</button></form>`);
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (evil) await new Promise<void>((resolve) => evil.close(() => resolve()));
    await w?.stop();
  }, TIMEOUT);

  it(
    'styles the chat under the CSP and takes an answer through its own forms',
    async () => {
      const page = await newPage();
      const res = await page.goto(`${w.base}/dev?as=${encodeURIComponent(KARI)}&c=demo-5trinn`);
      expect(res?.status()).toBe(200);
      expect(res?.headers()['content-security-policy']).toContain("default-src 'none'");
      // The inline style sheet applied: the sidebar's colour and the grid come from it.
      const style = (el: unknown) => {
        const s = (globalThis as unknown as InPage).getComputedStyle(el);
        return { background: s.backgroundColor, display: s.display };
      };
      expect(await page.locator('.side').evaluate(style)).toEqual({
        background: 'rgb(63, 14, 64)',
        display: 'block',
      });
      expect(await page.locator('.app').evaluate(style)).toMatchObject({ display: 'grid' });

      await page.locator('form:has(input[name="actionId"][value="refleks.answer"]) button').first().click();
      await page.waitForURL(`${w.base}/dev/action`);
      await page.locator('textarea[name="field.body"]').fill('Svart i nettleseren');
      await page.locator('form[action="/dev/form"] button[type="submit"]').click();
      await page.waitForURL((url) => url.pathname === '/dev' && url.search !== '');
      expect(await storedBodies()).toContain('Svart i nettleseren');
      expect(consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
      await page.context().close();
    },
    TIMEOUT,
  );

  it(
    'refuses a form on another origin that posts into the chat, and stores nothing',
    async () => {
      const page = await newPage();
      await page.goto(evilUrl);
      const [posted] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${w.base}/dev/message`),
        page.locator('button').click(),
      ]);
      expect(posted.status()).toBe(403);
      const request = posted.request();
      expect(await request.headerValue('origin')).toBe(evilUrl.replace(/\/$/, ''));
      // The chat's history has the first test's answer (shown in the thread), and not the forged post.
      const history = async () => JSON.stringify(await w.db.select().from(localMessages));
      await until('the answer in the thread', async () => (await history()).includes('Svart i nettleseren'));
      expect(await history()).not.toContain('Skrevet av et annet nettsted');
      await page.context().close();
    },
    TIMEOUT,
  );

  it('asked for nothing outside 127.0.0.1', () => {
    expect(elsewhere).toEqual([]);
  });
});
