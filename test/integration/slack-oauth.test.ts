import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activeWorkspaces,
  markWorkspace,
  SlackInstallationStore,
} from '../../adapters/slack/installation-store.ts';
import {
  createSlackOAuthRoutes,
  STATE_COOKIE,
  STATE_TTL_MS,
  signInstallState,
} from '../../adapters/slack/oauth.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { NotFoundError } from '../../src/core/errors.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { auditEvents, slackInstallations } from '../../src/db/schema/index.ts';
import { createSecretBox } from '../../src/infra/secret-box.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const CLIENT_ID = '1111.2222';
const CLIENT_SECRET = 'test-client-secret';
const STATE_SECRET = 'test-state-secret';
const PUBLIC_URL = 'https://refleks.example';
const KEY = 'test-encryption-key-0123456789abcdef';
const SCOPES = ['chat:write', 'commands', 'im:write', 'users:read'];

interface Grant {
  token: string;
  team: { id: string; name: string };
  enterprise?: { id: string; name: string } | null;
  isEnterpriseInstall?: boolean;
  user: string;
}

interface FakeOAuth {
  url: string;
  calls: Record<string, string>[];
  grants: Map<string, Grant>;
  close(): Promise<void>;
}

/** Slack's `oauth.v2.access` on 127.0.0.1: form-encoded client_id, client_secret, code → the documented answer. */
async function startFakeOAuth(): Promise<FakeOAuth> {
  const calls: Record<string, string>[] = [];
  const grants = new Map<string, Grant>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const args = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/api/oauth.v2.access')
      return send({ ok: false, error: 'unknown_method' });
    calls.push(args);
    if (args.client_id !== CLIENT_ID || args.client_secret !== CLIENT_SECRET) {
      return send({ ok: false, error: 'invalid_client_id' });
    }
    const grant = args.code ? grants.get(args.code) : undefined;
    if (!grant) return send({ ok: false, error: 'invalid_code' });
    grants.delete(args.code!); // a code is good once
    send({
      ok: true,
      access_token: grant.token,
      token_type: 'bot',
      scope: SCOPES.join(','),
      bot_user_id: `UBOT${grant.team.id}`,
      app_id: 'A0REFLEKS',
      team: grant.isEnterpriseInstall ? null : grant.team,
      enterprise: grant.enterprise ?? null,
      is_enterprise_install: grant.isEnterpriseInstall ?? false,
      authed_user: { id: grant.user },
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/`,
    calls,
    grants,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('Slack OAuth: install in many workspaces (real PostgreSQL, fake oauth.v2.access)', () => {
  let target: TestDatabase;
  let database: Database;
  let fake: FakeOAuth;
  let app: Hono;
  const box = createSecretBox(KEY);
  const clock = new ManualClock('2026-11-23T08:00:00Z');

  const rowsOf = (teamId: string) =>
    database.db.select().from(slackInstallations).where(eq(slackInstallations.teamId, teamId));

  /** GET /slack/install as a browser: the state from Slack's URL and the cookie to send back. */
  const startInstall = async () => {
    const res = await app.request('/slack/install');
    const location = new URL(res.headers.get('location') ?? '');
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return { res, location, state: location.searchParams.get('state')!, cookie };
  };

  const redirect = (query: Record<string, string>, cookie?: string, headers: Record<string, string> = {}) =>
    app.request(`/slack/oauth_redirect?${new URLSearchParams(query)}`, {
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });

  /** The whole browser round trip for a code Slack will accept. */
  const install = async (code: string, grant: Grant) => {
    fake.grants.set(code, grant);
    const { state, cookie } = await startInstall();
    return redirect({ code, state }, cookie);
  };

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ url: target.url });
    await migrateDatabase(database);
    fake = await startFakeOAuth();
    app = createSlackOAuthRoutes({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      stateSecret: STATE_SECRET,
      publicUrl: `${PUBLIC_URL}/`,
      apiUrl: fake.url,
      db: database.db,
      secretBox: box,
      scopes: SCOPES,
      clock,
    });
  });
  afterAll(async () => {
    await fake?.close();
    await database?.close();
    await target?.drop();
  });

  it('GET /slack/install redirects to Slack with the client id, scopes, redirect URL and a signed state', async () => {
    const { res, location, state } = await startInstall();
    expect(res.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('scope')).toBe('chat:write,commands,im:write,users:read');
    expect(location.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}/slack/oauth_redirect`);
    expect(state).toMatch(/^\d+\.[\w-]+\.[\w-]+$/);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain(`${STATE_COOKIE}=${state.split('.')[1]}`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/Max-Age=600/i);
  });

  it('installs a workspace end to end, storing the bot token only sealed', async () => {
    const token = 'xoxb-sinsen-0001-secret';
    const res = await install('code-sinsen-1', {
      token,
      team: { id: 'TSINSEN', name: 'Sinsen skole' },
      user: 'UINSTALLER',
    });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('Refleks er installert i Sinsen skole');
    expect(page).not.toContain(token);
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`${STATE_COOKIE}=;`));

    const call = fake.calls.at(-1)!;
    expect(call).toMatchObject({
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      code: 'code-sinsen-1',
      redirect_uri: `${PUBLIC_URL}/slack/oauth_redirect`,
    });

    const rows = await rowsOf('TSINSEN');
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      teamId: 'TSINSEN',
      teamName: 'Sinsen skole',
      enterpriseId: null,
      botUserId: 'UBOTTSINSEN',
      installedBy: 'UINSTALLER',
      scopes: SCOPES.join(','),
      status: 'active',
    });
    expect(row.botTokenSealed).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain('xoxb');
    expect(box.open(row.botTokenSealed)).toBe(token);

    const audited = await database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'slack.installed'));
    expect(audited.map((a) => a.details)).toContainEqual(expect.objectContaining({ teamId: 'TSINSEN' }));
    expect(JSON.stringify(audited)).not.toContain(token);
  });

  it('fetchInstallation and authorize give the opened token of an active workspace', async () => {
    const store = new SlackInstallationStore(database.db, box);
    const installation = await store.fetchInstallation({
      teamId: 'TSINSEN',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(installation.team).toEqual({ id: 'TSINSEN', name: 'Sinsen skole' });
    expect(installation.bot).toMatchObject({
      token: 'xoxb-sinsen-0001-secret',
      userId: 'UBOTTSINSEN',
      scopes: SCOPES,
    });
    expect(installation.user.id).toBe('UINSTALLER');
    expect(
      await store.authorize({ teamId: 'TSINSEN', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).toEqual({
      botToken: 'xoxb-sinsen-0001-secret',
      botUserId: 'UBOTTSINSEN',
      teamId: 'TSINSEN',
      enterpriseId: undefined,
    });
    await expect(
      store.fetchInstallation({ teamId: 'TNOWHERE', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a second install of the same workspace updates its row', async () => {
    const [before] = await rowsOf('TSINSEN');
    const res = await install('code-sinsen-2', {
      token: 'xoxb-sinsen-0002-new',
      team: { id: 'TSINSEN', name: 'Sinsen skole (ny)' },
      user: 'UOTHERADMIN',
    });
    expect(res.status).toBe(200);
    const rows = await rowsOf('TSINSEN');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(before!.id);
    expect(rows[0]).toMatchObject({
      teamName: 'Sinsen skole (ny)',
      installedBy: 'UOTHERADMIN',
      status: 'active',
    });
    expect(rows[0]!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());
    const store = new SlackInstallationStore(database.db, box);
    const installation = await store.fetchInstallation({
      teamId: 'TSINSEN',
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    expect(installation.bot?.token).toBe('xoxb-sinsen-0002-new');
  });

  it('refuses a forged, expired, cookieless or unsigned state with 400, asking Slack nothing and storing nothing', async () => {
    const grant: Grant = { token: 'xoxb-forged', team: { id: 'TFORGED', name: 'Forged' }, user: 'UX' };
    fake.grants.set('code-forged', grant);
    const callsBefore = fake.calls.length;
    const { state, cookie } = await startInstall();
    const [issued, nonce] = state.split('.') as [string, string];

    const attempts = [
      // signed with another secret
      { state: signInstallState('not-our-secret', Number(issued), nonce), cookie, why: /not signed/ },
      // our signature, but the issue time altered
      { state: `${Number(issued) - 1}.${nonce}.${state.split('.')[2]}`, cookie, why: /not signed/ },
      // properly signed but 10 minutes and one second old
      {
        state: signInstallState(STATE_SECRET, clock.now().getTime() - STATE_TTL_MS - 1000, nonce),
        cookie,
        why: /expired/,
      },
      // valid state, but not from this browser
      { state, cookie: undefined, why: /another browser/ },
      { state, cookie: `${STATE_COOKIE}=someone-else`, why: /another browser/ },
      { state: 'garbage', cookie, why: /no valid state/ },
      { state: '', cookie, why: /no valid state/ },
    ];
    for (const attempt of attempts) {
      const res = await redirect({ code: 'code-forged', state: attempt.state }, attempt.cookie);
      expect(res.status, attempt.state).toBe(400);
      const page = await res.text();
      expect(page).toContain('Refleks ble ikke installert');
      expect(page).toMatch(attempt.why);
      expect(page).toContain(`${PUBLIC_URL}/slack/install`);
    }
    expect(fake.calls.length).toBe(callsBefore);
    expect(await rowsOf('TFORGED')).toHaveLength(0);

    // The same state expires with time, too.
    clock.advance(STATE_TTL_MS + 1000);
    const late = await redirect({ code: 'code-forged', state }, cookie);
    expect(late.status).toBe(400);
    expect(await late.text()).toMatch(/expired/);
    clock.advance(-(STATE_TTL_MS + 1000));
    expect(await rowsOf('TFORGED')).toHaveLength(0);
  });

  it('answers 400 with a clear page when the person cancels, Slack refuses the code or it is an org-wide install', async () => {
    const { state, cookie } = await startInstall();
    const denied = await redirect({ error: 'access_denied', state }, cookie, {
      'accept-language': 'nn-NO,nn;q=0.9',
    });
    expect(denied.status).toBe(400);
    const deniedPage = await denied.text();
    expect(deniedPage).toContain('Refleks vart ikkje installert');
    expect(deniedPage).toContain('access_denied');

    const refused = await redirect({ code: 'code-nobody-issued', state }, cookie, {
      'accept-language': 'en-GB',
    });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain('Refleks was not installed');
    expect(refusedPage).toContain('invalid_code');

    const grid = await install('code-grid', {
      token: 'xoxb-grid',
      team: { id: 'TGRID', name: 'Grid' },
      enterprise: { id: 'EGRID', name: 'Grid org' },
      isEnterpriseInstall: true,
      user: 'UGRIDADMIN',
    });
    expect(grid.status).toBe(400);
    expect(await grid.text()).toMatch(/Enterprise Grid/);
    const all = await database.db.select().from(slackInstallations);
    expect(all.map((r) => r.teamId)).toEqual(['TSINSEN']);
  });

  it('keeps a workspace install inside an Enterprise Grid, with its enterprise id', async () => {
    const res = await install('code-inside-grid', {
      token: 'xoxb-inside-grid',
      team: { id: 'TOSLO', name: 'Oslo skole' },
      enterprise: { id: 'EOSLO', name: 'Oslo kommune' },
      user: 'UOSLOADMIN',
    });
    expect(res.status).toBe(200);
    expect((await rowsOf('TOSLO'))[0]).toMatchObject({ enterpriseId: 'EOSLO', status: 'active' });
  });

  it('markWorkspace takes a workspace out of activeWorkspaces; a reinstall brings it back', async () => {
    expect((await activeWorkspaces(database.db)).map((w) => w.teamId)).toEqual(['TOSLO', 'TSINSEN']);
    expect(await markWorkspace(database.db, 'TSINSEN', 'uninstalled')).toBe(true);
    expect(await markWorkspace(database.db, 'TNOWHERE', 'revoked')).toBe(false);

    const active = await activeWorkspaces(database.db);
    expect(active).toEqual([
      {
        teamId: 'TOSLO',
        teamName: 'Oslo skole',
        enterpriseId: 'EOSLO',
        botUserId: 'UBOTTOSLO',
        scopes: SCOPES,
        installedBy: 'UOSLOADMIN',
        status: 'active',
      },
    ]);
    expect((await rowsOf('TSINSEN'))[0]!.status).toBe('uninstalled');
    const store = new SlackInstallationStore(database.db, box);
    await expect(
      store.fetchInstallation({ teamId: 'TSINSEN', enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/uninstalled/);

    const again = await install('code-sinsen-3', {
      token: 'xoxb-sinsen-0003',
      team: { id: 'TSINSEN', name: 'Sinsen skole' },
      user: 'UINSTALLER',
    });
    expect(again.status).toBe(200);
    expect((await activeWorkspaces(database.db)).map((w) => w.teamId)).toEqual(['TOSLO', 'TSINSEN']);
  });

  it('deleteInstallation forgets the workspace and its sealed token', async () => {
    const store = new SlackInstallationStore(database.db, box);
    await store.deleteInstallation({ teamId: 'TOSLO', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(await rowsOf('TOSLO')).toHaveLength(0);
    expect((await activeWorkspaces(database.db)).map((w) => w.teamId)).toEqual(['TSINSEN']);
  });
});
