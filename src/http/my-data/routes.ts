import { Hono } from 'hono';
import type { Logger } from 'pino';
import { exportPersonById } from '../../app/privacy/export-person.ts';
import { LinkRejectedError, type OverviewLinks } from '../../app/web/overview-links.ts';
import type { Clock } from '../../core/clock.ts';
import { NotFoundError } from '../../core/errors.ts';
import { t } from '../../core/i18n/index.ts';
import { isLocale } from '../../core/locale.ts';
import type { Db } from '../../db/client.ts';
import { personById } from '../../db/repositories/organisation.ts';
import { h } from '../html.ts';
import { document } from '../overview/page.ts';

/** A person's own data: not cached anywhere, not passed on in a Referer, not shown in a frame. */
const HEADERS = {
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-robots-tag': 'noindex',
};

/**
 * GET /my-data/:token — the JSON of `refleks export --person`, for the person the signed link was
 * made for in their private chat (`/refleks my-data`). Each download is in the audit log.
 */
export function myDataRoutes(deps: { db: Db; clock: Clock; links: OverviewLinks; logger: Logger }) {
  const app = new Hono();
  app.get('/my-data/:token', async (c) => {
    let personId: string | undefined;
    try {
      ({ personId } = await deps.links.verify(c.req.param('token')));
      const data = await exportPersonById(deps.db, personId, { now: deps.clock.now(), by: 'person' });
      return c.body(JSON.stringify(data, null, 2), 200, {
        ...HEADERS,
        'content-type': 'application/json; charset=utf-8',
        'content-disposition': 'attachment; filename="refleks-my-data.json"',
      });
    } catch (error) {
      if (!(error instanceof LinkRejectedError) && !(error instanceof NotFoundError)) throw error;
      const who = error instanceof LinkRejectedError ? error.personId : personId;
      const person = who ? await personById(deps.db, who).catch(() => null) : null;
      const locale = isLocale(person?.locale) ? person.locale : 'nb';
      const title = t(locale, 'mydata.title');
      const page = document(locale, title, h`<h1>${title}</h1><p>${t(locale, 'mydata.linkInvalid')}</p>`);
      return c.html(page.toString(), 410, HEADERS);
    }
  });
  return app;
}
