import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTeams } from '../../adapters/teams/index.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { teamsConversations } from '../../src/db/schema/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { postActivity, teamsConversationUpdateBotAdded } from '../support/teams-activities.ts';

const APP_ID = 'test-app-id';
const BOT_ID = `28:${APP_ID}`;
const TENANT = '11111111-2222-3333-4444-555555555555';
const KID = 'refleks-test-key';
/** What botbuilder expects in `iss` of a token from the Bot Framework channel (public cloud). */
const ISSUER = 'https://api.botframework.com';

const rsaKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });

/** An RS256 JWT, signed here as the Bot Framework channel signs what it POSTs to the bot. */
function signJwt(privateKey: KeyObject, claims: Record<string, unknown>, kid = KID): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'RS256', typ: 'JWT', kid })}.${part(claims)}`;
  return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
}

/**
 * Authentication on, end to end: the Bot Framework's OpenID metadata and signing keys are served from
 * 127.0.0.1, tokens are signed by the test, and a bot-added conversationUpdate (it only stores the
 * conversation reference, so no outbound call and no Azure token) is POSTed to /api/messages.
 */
describe('Teams /api/messages with authentication on (local OpenID metadata and JWKS)', () => {
  const channelKey = rsaKey();
  const otherKey = rsaKey();
  const requests: string[] = [];
  let openId: Server;
  let base: string;
  let serviceUrl: string;
  let database: Database;
  let drop: () => Promise<void>;
  let server: ServerType;
  let botUrl: string;

  beforeAll(async () => {
    // botbuilder logs every rejected request (and the key) with console.error.
    vi.spyOn(console, 'error').mockImplementation(() => {});
    openId = createServer((req, res) => {
      requests.push(req.url ?? '');
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/v1/.well-known/openidconfiguration')
        return json({
          issuer: ISSUER,
          authorization_endpoint: `${base}/v1/oauth/authorize`,
          jwks_uri: `${base}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        });
      if (req.url === '/v1/.well-known/keys')
        return json({
          keys: [
            {
              ...channelKey.publicKey.export({ format: 'jwk' }),
              kty: 'RSA',
              use: 'sig',
              kid: KID,
              endorsements: ['msteams'],
            },
          ],
        });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => openId.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(openId.address() as AddressInfo).port}`;
    // Nothing may be sent to the activity's serviceUrl: a request to it would show up in `requests`.
    serviceUrl = `${base}/connector/`;

    const db = await createTestDatabase();
    drop = db.drop;
    database = await openDatabase({ url: db.url }, { max: 2 });
    await migrateDatabase(database);

    const teams = createTeams(
      {
        appId: APP_ID,
        appPassword: 'test-app-password',
        openIdMetadataUrl: `${base}/v1/.well-known/openidconfiguration`,
      },
      { db: database.db, logger: silentLogger },
    );
    const deps: AppDeps = {
      db: database.db,
      clock: new ManualClock('2026-11-23T08:00:00Z'),
      adapters: { teams: teams.adapter },
      queue: { enqueueSends: async () => {} },
      logger: silentLogger,
    };
    const app = teams.routes(createInboundHandler(deps));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await database?.close();
    await drop?.();
    await new Promise<void>((resolve) => (openId ? openId.close(() => resolve()) : resolve()));
    vi.restoreAllMocks();
  });

  const botAdded = (channel: string) =>
    teamsConversationUpdateBotAdded({
      serviceUrl,
      tenantId: TENANT,
      teamId: channel,
      channelId: channel,
      botId: BOT_ID,
      fromAadObjectId: 'aad-kari',
    });
  /** The claims the Bot Framework channel puts in its tokens, valid for ten minutes from `issuedAt`. */
  const claims = (issuedAt = Math.floor(Date.now() / 1000)) => ({
    iss: ISSUER,
    aud: APP_ID,
    serviceurl: serviceUrl,
    nbf: issuedAt,
    iat: issuedAt,
    exp: issuedAt + 600,
  });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const stored = async (conversationId: string) =>
    (
      await database.db
        .select()
        .from(teamsConversations)
        .where(eq(teamsConversations.conversationId, conversationId))
    ).length;

  it('accepts an activity with a valid RS256 token and remembers the conversation', async () => {
    const channel = '19:valid@thread.tacv2';
    const res = await postActivity(
      botUrl,
      botAdded(channel),
      bearer(signJwt(channelKey.privateKey, claims())),
    );
    expect(res.status, await res.text()).toBe(200);
    expect(await stored(channel)).toBe(1);
    // The keys really came from the local endpoint, and the turn made no call to the serviceUrl.
    expect(requests).toEqual(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']);
  });

  it('refuses an expired token with 401 and stores nothing', async () => {
    const channel = '19:expired@thread.tacv2';
    // botbuilder allows five minutes of clock skew: this one expired ten minutes ago.
    const twentyMinutesAgo = Math.floor(Date.now() / 1000) - 20 * 60;
    const res = await postActivity(
      botUrl,
      botAdded(channel),
      bearer(signJwt(channelKey.privateKey, claims(twentyMinutesAgo))),
    );
    expect(res.status).toBe(401);
    expect(await stored(channel)).toBe(0);
  });

  it('refuses a token signed with another key under the same kid with 401 and stores nothing', async () => {
    const channel = '19:forged@thread.tacv2';
    const res = await postActivity(botUrl, botAdded(channel), bearer(signJwt(otherKey.privateKey, claims())));
    expect(res.status).toBe(401);
    expect(await stored(channel)).toBe(0);
  });

  it('refuses an activity without an Authorization header with 401 and stores nothing', async () => {
    const channel = '19:anonymous@thread.tacv2';
    const res = await postActivity(botUrl, botAdded(channel));
    expect(res.status).toBe(401);
    expect(await stored(channel)).toBe(0);
  });
});
