import { type Context, Hono } from 'hono';
import { accepts } from 'hono/accepts';
import type { Logger } from 'pino';
import { loadOverviewPage } from '../../app/web/load-overview-page.ts';
import { LinkRejectedError, type OverviewLinks } from '../../app/web/overview-links.ts';
import type { Clock } from '../../core/clock.ts';
import { t } from '../../core/i18n/index.ts';
import { isLocale, type Locale } from '../../core/locale.ts';
import type { Db } from '../../db/client.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { h } from '../html.ts';
import { document, renderOverviewPage } from './page.ts';
import { OVERVIEW_CSS_HASH } from './styles.ts';

/** Nothing on these pages loads from anywhere, runs script, or may be framed or passed on. */
const HEADERS = {
  'content-security-policy': `default-src 'none'; style-src '${OVERVIEW_CSS_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
};

/**
 * GET /overview/:token — the web overview behind a signed, expiring link (src/app/web/overview-links.ts).
 * A bad link gets a page that says why and how to get a new one, in the person's language when the
 * link says who they are, otherwise in the browser's.
 */
export function overviewRoutes(deps: { db: Db; clock: Clock; links: OverviewLinks; logger: Logger }) {
  const app = new Hono();
  const browserLocale = (c: Context): Locale => {
    const wanted = accepts(c, {
      header: 'Accept-Language',
      supports: ['nb', 'nn', 'en', 'no'],
      default: 'nb',
    });
    return wanted === 'no' ? 'nb' : isLocale(wanted) ? wanted : 'nb';
  };
  const errorPage = (locale: Locale, title: string, lines: string[]) =>
    document(locale, title, h`<h1>${title}</h1>${lines.map((line) => h`<p>${line}</p>`)}`).toString();

  app.get('/overview/:token', async (c) => {
    const chosen = c.req.query('lang');
    const token = c.req.param('token');
    try {
      const link = await deps.links.verify(token);
      const page = await loadOverviewPage(
        deps.db,
        link.personId,
        deps.clock.now(),
        isLocale(chosen) ? chosen : undefined,
      );
      const html = renderOverviewPage(page, {
        locale: page.view.locale,
        expiresAt: link.expiresAt,
        selfPath: `/overview/${token}`,
      });
      return c.html(html.toString(), 200, HEADERS);
    } catch (error) {
      if (!(error instanceof LinkRejectedError)) {
        deps.logger.error(
          { err: error instanceof Error ? error.message : String(error) },
          'overview page failed',
        );
        const locale = isLocale(chosen) ? chosen : browserLocale(c);
        return c.html(
          errorPage(locale, t(locale, 'web.title'), [t(locale, 'web.unavailable')]),
          503,
          HEADERS,
        );
      }
      const person = error.personId ? await personById(deps.db, error.personId).catch(() => null) : null;
      const locale = isLocale(chosen) ? chosen : isLocale(person?.locale) ? person.locale : browserLocale(c);
      const expired = error.reason === 'expired';
      const title = t(locale, expired ? 'web.link.expired.title' : 'web.link.invalid.title');
      const why = t(
        locale,
        expired
          ? 'web.link.expired'
          : error.reason === 'scope_changed'
            ? 'web.link.scope_changed'
            : 'web.link.invalid',
      );
      return c.html(
        errorPage(locale, title, [why, t(locale, 'web.link.getNew')]),
        expired ? 410 : 403,
        HEADERS,
      );
    }
  });
  return app;
}
