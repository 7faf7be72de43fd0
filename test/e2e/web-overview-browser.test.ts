import { accessSync, constants, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverviewLinks, type OverviewLinks } from '../../src/app/web/overview-links.ts';
import { ACTIONS } from '../../src/core/loop/ids.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { commitments, cycles, people } from '../../src/db/schema/index.ts';
import { overviewRoutes } from '../../src/http/overview/routes.ts';
import { createLoopHarness, type LoopHarness } from '../support/loop-harness.ts';

const KARI = 'kari@refleksvik.example';
const OLA = 'ola@refleksvik.example';
const NORA = 'nora@refleksvik.example';
const PER = 'per@refleksvik.example';
const RITA = 'rita@refleksvik.example';
const ANSWERS = ['Lesegruppa trenger mer tid', 'Vi prøver stasjoner', 'Stasjonene virket', 'Alle var med'];
const COMMITMENT = 'Exit ticket hver fredag';
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
const TIMEOUT = 60_000;

/** The little of the browser's globals the page callbacks use (tsconfig has no DOM lib). */
interface InPage {
  getComputedStyle(el: unknown): { maxWidth: string };
  innerWidth: number;
  document: { documentElement: { scrollWidth: number }; body: { scrollWidth: number } };
}

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

/** The names Chromium's accessibility tree gives the page's images. */
async function chromiumImageNames(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: unknown }; name?: { value?: unknown } }[];
    };
    return nodes
      .filter((node) => !node.ignored && node.role?.value === 'image')
      .map((node) => String(node.name?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}

/**
 * The web overview in a real headless Chromium: the charts are drawn (not just present in the HTML),
 * named for a screen reader, styled despite the strict Content-Security-Policy, and fit on a phone.
 * Everything runs on 127.0.0.1; the browser is told it cannot resolve any other host.
 */
describe('web overview in a real browser', () => {
  let database: Database;
  let h: LoopHarness;
  let links: OverviewLinks;
  let server: ServerType | undefined;
  let browser: Browser | undefined;
  let base = '';
  let heldRounds = 0;
  let ritaUrl = '';
  let perUrl = '';
  const elsewhere: string[] = [];
  const consoleErrors: string[] = [];
  const serverErrors: string[] = [];
  /** Loads a page and checks its status, with whatever the server logged on the way. */
  const load = async (page: Page, url: string, status = 200) => {
    const res = await page.goto(url);
    expect(res?.status(), serverErrors.join('\n')).toBe(status);
    return res!;
  };

  const answer = async (email: string, cycleId: string, body: string) => {
    const opened = await h.click(email, ACTIONS.answer, cycleId);
    if (opened.type !== 'open_form') throw new Error(`expected a form, got ${opened.type}`);
    await h.submit(email, opened.form.formId, opened.form.privateMetadata, { body });
  };
  const thursday = async (at: string) => {
    h.clock.set(at);
    await h.tick();
    await h.drain();
    return (await h.openCycleId('demo-5trinn'))!;
  };
  const personId = async (email: string) =>
    (await database.db.select().from(people).where(eq(people.email, email)))[0]!.id;

  /** A context that lets the page reach this test's server only, and records what it tried elsewhere. */
  const open = async (
    options: Parameters<Browser['newContext']>[0] = {},
  ): Promise<[BrowserContext, Page]> => {
    const context = await browser!.newContext({ ...options, locale: 'nb-NO' });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      elsewhere.push(url.href);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    return [context, page];
  };
  const participation = (page: Page) =>
    page.locator('section[data-team="5. trinn"] svg[data-chart="participation"]');

  beforeAll(async () => {
    database = await openDatabase({ memory: true });
    h = await createLoopHarness(database, '2026-11-23T08:00:00Z');
    // Weeks 48–50: 2, 1, then 3 of 5. trinn's three members answer; week 51 opens and closes week 50.
    const w48 = await thursday('2026-11-26T13:00:00Z');
    await answer(KARI, w48, ANSWERS[0]!);
    await answer(OLA, w48, ANSWERS[1]!);
    const committed = await h.click(KARI, ACTIONS.newCommitment, w48);
    if (committed.type !== 'open_form') throw new Error(`expected a form, got ${committed.type}`);
    const saved = await h.submit(KARI, committed.form.formId, committed.form.privateMetadata, {
      owners: [await personId(KARI)],
      what: COMMITMENT,
      trigger: 'Hver fredag',
      evidence: 'Lappene',
      due: '2026-12-18',
    });
    expect(saved.type).not.toBe('form_errors');
    await answer(KARI, await thursday('2026-12-03T13:00:00Z'), ANSWERS[2]!);
    const w50 = await thursday('2026-12-10T13:00:00Z');
    for (const email of [KARI, OLA, NORA]) await answer(email, w50, ANSWERS[3]!);
    await thursday('2026-12-17T13:00:00Z');
    const rounds = await database.db
      .select()
      .from(cycles)
      .where(eq(cycles.teamId, await h.teamId('demo-5trinn')));
    heldRounds = rounds.filter((c) => c.status !== 'open' && c.status !== 'skipped').length;

    links = createOverviewLinks({ db: database.db, clock: h.clock, baseUrl: () => base, hours: 24 });
    // The server's own errors, so a 503 says why in the failing assertion.
    const logger = pino({ level: 'error' }, { write: (line: string) => void serverErrors.push(line) });
    const app = overviewRoutes({ db: database.db, clock: h.clock, links, logger });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ritaUrl = (await links.issue(await personId(RITA))).url;
    perUrl = (await links.issue(await personId(PER))).url;
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await database?.close();
  }, TIMEOUT);

  it('has three held rounds and one commitment behind the page', async () => {
    expect(heldRounds).toBe(3);
    expect(await database.db.select().from(commitments)).toHaveLength(1);
    expect(ritaUrl.startsWith(`${base}/overview/`)).toBe(true);
    expect(perUrl.startsWith(`${base}/overview/`)).toBe(true);
  });

  it(
    'draws the rector’s charts, names them for a screen reader, and applies the style sheet',
    async () => {
      const [context, page] = await open({ viewport: { width: 1280, height: 900 } });
      const res = await load(page, ritaUrl);
      expect(res.headers()['content-security-policy']).toContain("default-src 'none'");
      expect(await page.locator('h1').textContent()).toBe('Oversikt for Rita Rektor');
      expect(await page.locator('section.digest').count()).toBe(1);

      const line = participation(page).locator('path[data-series="participation"]');
      const box = await line.boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box?.height).toBeGreaterThan(0);
      const points = participation(page).locator('circle[data-point="held"]');
      expect(await points.count()).toBe(heldRounds);
      for (const point of await points.all()) expect(await point.isVisible()).toBe(true);

      const bars = page.locator('svg[data-chart="commitments"] rect');
      expect(await bars.count()).toBeGreaterThanOrEqual(1);
      expect(await bars.first().isVisible()).toBe(true);
      const bar = await bars.first().boundingBox();
      expect(bar?.width).toBeGreaterThan(0);
      expect(bar?.height).toBeGreaterThan(0);

      // The accessible names come from each chart's <title> and <desc> via aria-labelledby.
      const trend = page.getByRole('img', { name: /Deltakelse dette skoleåret – 5\. trinn/ });
      expect(await trend.count()).toBe(1);
      expect(await trend.isVisible()).toBe(true);
      expect(await trend.evaluate((el) => el.getAttribute('data-chart'))).toBe('participation');
      expect(await page.getByRole('img', { name: /Forpliktelser etter måned/ }).isVisible()).toBe(true);
      // Chromium's own accessibility tree agrees (not only Playwright's reading of the markup).
      expect((await chromiumImageNames(page)).sort()).toEqual([
        'Deltakelse dette skoleåret – 5. trinn Deltakelse i 5. trinn per samling fra uke 48 til uke 50. Siste: 100 %.',
        expect.stringMatching(/^Forpliktelser etter måned Forpliktelser .*Til sammen 1: 1 åpne/),
      ]);
      // The table next to each chart carries the same figures.
      await participation(page).locator('xpath=following-sibling::details[1]/summary').click();
      expect(await page.getByRole('row', { name: '50 100 %' }).isVisible()).toBe(true);

      // The inline <style> is allowed by its hash in the CSP: 60rem, and the chart is capped at 40rem.
      const maxWidth = (el: unknown) => (globalThis as unknown as InPage).getComputedStyle(el).maxWidth;
      expect(await page.locator('main').evaluate(maxWidth)).toBe('960px');
      expect(await participation(page).evaluate(maxWidth)).toBe('640px');
      expect(consoleErrors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);

      // Answers and the names of members who own nothing stay out; Kari is named as the owner.
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain(`«${COMMITMENT}» – Kari Nordmann`);
      for (const secret of [...ANSWERS, 'Ola Hansen', 'Nora Berg']) expect(text).not.toContain(secret);
      await page.screenshot({ path: join(ARTIFACTS, 'web-overview-desktop.png'), fullPage: true });
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'draws the department head’s charts without the rector’s digest',
    async () => {
      const [context, page] = await open({ viewport: { width: 1280, height: 900 } });
      await load(page, perUrl);
      expect(await page.locator('h1').textContent()).toBe('Oversikt for Per Avdeling');
      expect(await page.locator('section.digest').count()).toBe(0);
      const box = await participation(page).locator('path[data-series="participation"]').boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box?.height).toBeGreaterThan(0);
      expect(await participation(page).locator('circle[data-point="held"]').count()).toBe(heldRounds);
      expect(await page.locator('svg[data-chart="commitments"] rect').first().isVisible()).toBe(true);
      // 6. trinn has two members: no percentage, so no chart.
      expect(await page.locator('section[data-team="6. trinn"] svg').count()).toBe(0);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'fits a phone: nothing wider than the screen, even with the tables open',
    async () => {
      const [context, page] = await open({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
      });
      await load(page, ritaUrl);
      const widths = () =>
        page.evaluate(() => {
          const { innerWidth, document } = globalThis as unknown as InPage;
          return {
            inner: innerWidth,
            doc: document.documentElement.scrollWidth,
            body: document.body.scrollWidth,
          };
        });
      const closed = await widths();
      expect(closed.inner).toBe(390);
      expect(closed.doc).toBeLessThanOrEqual(closed.inner);
      expect(closed.body).toBeLessThanOrEqual(closed.inner);
      const box = await participation(page).locator('path[data-series="participation"]').boundingBox();
      expect(box?.width).toBeGreaterThan(0);
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(ARTIFACTS, 'web-overview-phone.png'), fullPage: true });

      for (const summary of await page.locator('details > summary').all()) await summary.click();
      const opened = await widths();
      expect(opened.inner).toBe(390);
      expect(opened.doc).toBeLessThanOrEqual(opened.inner);
      await page.screenshot({ path: join(ARTIFACTS, 'web-overview-phone-tables.png'), fullPage: true });
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'shows the page in English with ?lang=en',
    async () => {
      const [context, page] = await open();
      await load(page, `${ritaUrl}?lang=en`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Overview for Rita Rektor');
      expect(
        await page.getByRole('img', { name: /Participation this school year – 5\. trinn/ }).isVisible(),
      ).toBe(true);
      expect(await page.getByRole('img', { name: /Commitments by month/ }).isVisible()).toBe(true);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain('weekly digest, week 51');
      expect(text).not.toContain('Deltakelse');
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'shows the expired page once the link is more than 24 hours old',
    async () => {
      const now = h.clock.now();
      h.clock.advance(24 * 3600_000 + 1000);
      try {
        const [context, page] = await open();
        await load(page, ritaUrl, 410);
        expect(await page.locator('h1').textContent()).toBe('Lenken er utløpt');
        const text = (await page.locator('body').textContent()) ?? '';
        expect(text).toContain('/refleks oversikt');
        expect(text).not.toContain('5. trinn');
        expect(await page.locator('svg').count()).toBe(0);
        await context.close();
      } finally {
        h.clock.set(now);
      }
    },
    TIMEOUT,
  );

  it('never asked for anything but 127.0.0.1, and broke no Content-Security-Policy rule', () => {
    expect(elsewhere).toEqual([]);
    expect(serverErrors).toEqual([]);
    // The expired page's 410 is logged as a failed load; anything else (a refused style) is a failure.
    expect(consoleErrors.filter((e) => !/status of 410/.test(e))).toEqual([]);
  });
});
