import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Installation, webApi } from '@slack/bolt';
import { type Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { html } from 'hono/html';
import { type Clock, systemClock } from '../../src/core/clock.ts';
import { RefleksError } from '../../src/core/errors.ts';
import { t } from '../../src/core/i18n/index.ts';
import type { Locale } from '../../src/core/locale.ts';
import type { Db } from '../../src/db/client.ts';
import type { SecretBox } from '../../src/infra/secret-box.ts';
import type { Logger } from '../../src/logger.ts';
import { SlackInstallationStore } from './installation-store.ts';

export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** SLACK_STATE_SECRET: signs the OAuth `state`. */
  stateSecret: string;
  /** PUBLIC_URL: the redirect URL is `<publicUrl>/slack/oauth_redirect` (register it in the Slack app). */
  publicUrl: string;
  /** SLACK_API_URL: the Web API base URL for `oauth.v2.access` (tests point it at a fake on 127.0.0.1). */
  apiUrl?: string;
  db: Db;
  secretBox: SecretBox;
  /** Bot scopes to ask for (e.g. the manifest's). */
  scopes: string[];
  /** Slack's authorize page; defaults to https://slack.com/oauth/v2/authorize. */
  authorizeUrl?: string;
  logger?: Logger;
  clock?: Clock;
}

export const SLACK_AUTHORIZE_URL = 'https://slack.com/oauth/v2/authorize';
/** A state older than this is refused: the person starts again at /slack/install. */
export const STATE_TTL_MS = 10 * 60 * 1000;
/** Binds the state to the browser that started the install (as @slack/oauth's InstallProvider does). */
export const STATE_COOKIE = 'refleks_slack_oauth_state';
const CLOCK_SKEW_MS = 60 * 1000;

/**
 * The OAuth state: `<issued at, ms>.<nonce>.<HMAC-SHA256 of both with SLACK_STATE_SECRET>`, base64url.
 * Stateless (nothing stored); the nonce also goes into a short-lived cookie, so a link with someone
 * else's state does not complete in another browser.
 */
export function signInstallState(secret: string, issuedAtMs: number, nonce: string): string {
  const body = `${issuedAtMs}.${nonce}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

type StateCheck = { ok: true } | { ok: false; reason: string };

function verifyInstallState(
  secret: string,
  state: string | undefined,
  cookieNonce: string | undefined,
  nowMs: number,
): StateCheck {
  const parts = (state ?? '').split('.');
  if (parts.length !== 3) return { ok: false, reason: 'the install link has no valid state' };
  const [issued, nonce, signature] = parts as [string, string, string];
  const expected = Buffer.from(signInstallState(secret, Number(issued), nonce).split('.')[2]!);
  const given = Buffer.from(signature);
  if (!/^\d+$/.test(issued) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'the install state is not signed by this Refleks (forged or mistyped link)' };
  }
  const age = nowMs - Number(issued);
  if (age > STATE_TTL_MS || age < -CLOCK_SKEW_MS) {
    return { ok: false, reason: 'the install link has expired (after 10 minutes): start again' };
  }
  if (!cookieNonce || cookieNonce !== nonce) {
    return { ok: false, reason: 'the install was started in another browser: start again in this one' };
  }
  return { ok: true };
}

/** nn or en when the browser prefers it; bokmål otherwise. */
function pageLocale(acceptLanguage: string | undefined): Locale {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    if (tag.startsWith('nn')) return 'nn';
    if (tag.startsWith('nb') || tag.startsWith('no')) return 'nb';
    if (tag.startsWith('en')) return 'en';
  }
  return 'nb';
}

function page(locale: Locale, message: string, detail?: { reason: string; retryUrl: string }) {
  return html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Refleks</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1d1c1d}
code{background:#f6f6f6;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><main>
<h1>Refleks</h1>
<p>${message}</p>
${detail ? html`<p><code>${detail.reason}</code></p><p><a href="${detail.retryUrl}">${detail.retryUrl}</a></p>` : ''}
</main></body>
</html>`;
}

/**
 * Slack OAuth for many workspaces, on Refleks' own HTTP server:
 *
 * - `GET /slack/install` redirects (302) to Slack's authorize page with the client id, the bot scopes,
 *   the redirect URL and a signed state, and sets the state cookie (10 minutes, HttpOnly, SameSite=Lax).
 * - `GET /slack/oauth_redirect` checks the state and cookie, exchanges the code with `oauth.v2.access`,
 *   stores the installation (token sealed) and answers a small page: 200 "Refleks er installert", or
 *   400 with the reason (bad or expired state, `access_denied`, a Slack error, an org-wide install);
 *   nothing is stored on a 400.
 */
export function createSlackOAuthRoutes(settings: SlackOAuthSettings): Hono {
  const clock = settings.clock ?? systemClock;
  const base = settings.publicUrl.replace(/\/+$/, '');
  const redirectUri = `${base}/slack/oauth_redirect`;
  const installUrl = `${base}/slack/install`;
  const secureCookie = base.startsWith('https:');
  const store = new SlackInstallationStore(settings.db, settings.secretBox);
  const client = new webApi.WebClient(undefined, {
    ...(settings.apiUrl ? { slackApiUrl: settings.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  });
  const routes = new Hono();

  const fail = (c: Context, locale: Locale, reason: string, log: Record<string, unknown> = {}) => {
    settings.logger?.warn({ ...log, reason }, 'slack install refused');
    deleteCookie(c, STATE_COOKIE, { path: '/slack', secure: secureCookie });
    c.header('cache-control', 'no-store');
    return c.html(page(locale, t(locale, 'slack.installFailed'), { reason, retryUrl: installUrl }), 400);
  };

  routes.get('/slack/install', (c) => {
    const nonce = randomBytes(16).toString('base64url');
    const state = signInstallState(settings.stateSecret, clock.now().getTime(), nonce);
    setCookie(c, STATE_COOKIE, nonce, {
      path: '/slack',
      httpOnly: true,
      secure: secureCookie,
      sameSite: 'Lax',
      maxAge: STATE_TTL_MS / 1000,
    });
    const url = new URL(settings.authorizeUrl ?? SLACK_AUTHORIZE_URL);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('scope', settings.scopes.join(','));
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    c.header('cache-control', 'no-store');
    return c.redirect(url.toString(), 302);
  });

  routes.get('/slack/oauth_redirect', async (c) => {
    const locale = pageLocale(c.req.header('accept-language'));
    const error = c.req.query('error');
    if (error) {
      const reason =
        error === 'access_denied'
          ? 'the install was cancelled in Slack (access_denied)'
          : `Slack said: ${error}`;
      return fail(c, locale, reason, { slackError: error });
    }
    const check = verifyInstallState(
      settings.stateSecret,
      c.req.query('state'),
      getCookie(c, STATE_COOKIE),
      clock.now().getTime(),
    );
    if (!check.ok) return fail(c, locale, check.reason);
    const code = c.req.query('code');
    if (!code) return fail(c, locale, 'Slack sent no code');

    let result: webApi.OauthV2AccessResponse;
    try {
      result = await client.oauth.v2.access({
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        code,
        redirect_uri: redirectUri,
      });
    } catch (err) {
      const slackError = (err as { data?: { error?: string } }).data?.error;
      return fail(c, locale, `Slack refused the code (oauth.v2.access: ${slackError ?? 'no answer'})`, {
        slackError: slackError ?? (err instanceof Error ? err.message : String(err)),
      });
    }
    const teamId = result.team?.id;
    if (!result.access_token || result.token_type !== 'bot') {
      return fail(c, locale, 'Slack returned no bot token', { teamId });
    }
    const installation: Installation<'v2', boolean> = {
      team: teamId ? { id: teamId, ...(result.team?.name ? { name: result.team.name } : {}) } : undefined,
      enterprise: result.enterprise?.id
        ? { id: result.enterprise.id, ...(result.enterprise.name ? { name: result.enterprise.name } : {}) }
        : undefined,
      isEnterpriseInstall: result.is_enterprise_install === true,
      user: { id: result.authed_user?.id ?? '', token: undefined, scopes: undefined },
      bot: {
        token: result.access_token,
        scopes: (result.scope ?? '').split(',').filter(Boolean),
        id: '',
        userId: result.bot_user_id ?? '',
        ...(result.refresh_token ? { refreshToken: result.refresh_token } : {}),
        ...(result.expires_in
          ? { expiresAt: Math.floor(clock.now().getTime() / 1000) + result.expires_in }
          : {}),
      },
      ...(result.app_id ? { appId: result.app_id } : {}),
      tokenType: 'bot',
      authVersion: 'v2',
    } as Installation<'v2', boolean>;
    try {
      await store.storeInstallation(installation);
    } catch (err) {
      if (err instanceof RefleksError && err.code === 'validation_failed') {
        return fail(c, locale, err.message, { teamId });
      }
      throw err;
    }
    settings.logger?.info({ teamId, installedBy: installation.user.id }, 'slack workspace installed');
    deleteCookie(c, STATE_COOKIE, { path: '/slack', secure: secureCookie });
    c.header('cache-control', 'no-store');
    const workspace = result.team?.name ?? teamId ?? '';
    return c.html(page(locale, t(locale, 'slack.installed', { workspace })), 200);
  });

  return routes;
}
