import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { OVERVIEW_CSS_HASH } from './overview/styles.ts';

/**
 * The `'sha256-…'` CSP sources of every inline `<style>` in a page, for a `style-src` that allows
 * exactly the style sheets the code writes and nothing injected. Computed once, from a page rendered at
 * start, never from a response: hashing what a response contains would allow whatever got into it.
 */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '')
        .digest('base64')}'`,
  );
}

/** What every response gets: no sniffing, no framing, no Referer (an overview link is a credential). */
const BASE = {
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  xContentTypeOptions: true,
  crossOriginResourcePolicy: 'same-origin',
} as const;

/** A page that loads nothing, runs no script and may not be framed: only its own inline style sheets. */
function pagePolicy(styles: string[], formAction: string) {
  return {
    defaultSrc: ["'none'"],
    styleSrc: styles.length ? styles : ["'none'"],
    formAction: [formAction],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  };
}

/**
 * Security headers for every response, with a Content-Security-Policy on the web pages:
 *
 * - `/dev…` (the local chat): its one inline style sheet by hash (no nonces: the page shell is static,
 *   so a hash needs no per-request plumbing into the views), forms posting to itself (`'self'`).
 * - `/overview/…`: the overview's own strict policy (style by hash, `form-action 'none'`). The route
 *   sets it too; the route's headers win (`overwrite: false`), these fill in what it leaves out.
 *
 * Neither page has a `<script>`, an inline `style=` attribute, an image or a font, so
 * `default-src 'none'` costs nothing and `'unsafe-inline'` is never needed. Both pages are
 * `Cache-Control: no-store`: they show what teachers wrote and leaders' figures.
 */
export function securityHeaders(options: { devStyleHashes: string[] }): MiddlewareHandler {
  const dev = secureHeaders({
    ...BASE,
    contentSecurityPolicy: pagePolicy(options.devStyleHashes, "'self'"),
  });
  const overview = secureHeaders({
    ...BASE,
    contentSecurityPolicy: pagePolicy([`'${OVERVIEW_CSS_HASH}'`], "'none'"),
    overwrite: false,
  });
  const plain = secureHeaders(BASE);
  return async (c, next) => {
    const path = c.req.path;
    const isDev = path === '/dev' || path.startsWith('/dev/');
    // A person's data download (and its error page) is held to the overview's strict policy.
    const isOverview = path.startsWith('/overview/') || path.startsWith('/my-data/');
    await (isDev ? dev : isOverview ? overview : plain)(c, next);
    if (isDev || isOverview) c.header('Cache-Control', 'no-store');
  };
}

/**
 * Cross-site request forgery: a state-changing request to the web forms must come from a page of this
 * server. hono's `csrf` accepts it when `Sec-Fetch-Site: same-origin` or the `Origin` is this server's
 * (the request's own origin, or PUBLIC_URL's behind a proxy); a cross-site form post gets 403.
 *
 * A request with neither header is let through, as Go's `http.CrossOriginProtection` does: every
 * browser of the last years sends `Origin` on a POST (and `Sec-Fetch-Site`), so such a request comes
 * from a script or a test client, which can post whatever it likes anyway and carries no victim's
 * browser state. `Origin: null` (a sandboxed or privacy-stripped page) is refused.
 */
export function crossSiteGuard(options: { publicUrl?: string | undefined }): MiddlewareHandler {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;
  const guard = csrf({
    origin: (origin, c) => origin === new URL(c.req.url).origin || origin === publicOrigin,
    secFetchSite: 'same-origin',
  });
  return async (c, next) => {
    if (c.req.header('origin') === undefined && c.req.header('sec-fetch-site') === undefined) {
      return next();
    }
    return guard(c, next);
  };
}
