import { Hono } from 'hono';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboundLimiter, INBOUND_WINDOW_SECONDS, tenantOf } from '../../src/http/inbound-limits.ts';
import { postRaw, startWebRefleks, type WebRefleks } from '../support/security-harness.ts';
import { slackEventBody, slackInteractionBody } from '../support/slack-requests.ts';
import { teamsMessage } from '../support/teams-activities.ts';

const FORM = 'application/x-www-form-urlencoded';

describe('which tenant a request is counted against', () => {
  it('reads Slack events, slash commands and interactivity, and Teams activities', () => {
    expect(
      tenantOf('slack', JSON.stringify({ type: 'event_callback', team_id: 'T1' }), 'application/json'),
    ).toBe('T1');
    expect(tenantOf('slack', 'team_id=T2&command=%2Frefleks&text=hjelp', FORM)).toBe('T2');
    expect(
      tenantOf('slack', slackInteractionBody({ type: 'view_submission', team: { id: 'T3' } }), FORM),
    ).toBe('T3');
    expect(tenantOf('slack', slackInteractionBody({ user: { id: 'U1', team_id: 'T4' } }), FORM)).toBe('T4');
    expect(tenantOf('teams', JSON.stringify({ conversation: { tenantId: 'A1' } }), 'application/json')).toBe(
      'A1',
    );
    expect(tenantOf('teams', JSON.stringify({ channelData: { tenant: { id: 'A2' } } }), undefined)).toBe(
      'A2',
    );
    // Names none, or is no JSON at all: the caller counts it against the remote address.
    expect(tenantOf('slack', JSON.stringify({ type: 'url_verification' }), 'application/json')).toBeNull();
    expect(tenantOf('teams', 'not json', 'application/json')).toBeNull();
  });
});

describe('when Redis cannot be reached', () => {
  it('lets requests through and warns once, instead of dropping people’s answers', async () => {
    // Never connected: ioredis reports "wait", and the limiter refuses to queue a command on it.
    const redis = new Redis('redis://127.0.0.1:9', { lazyConnect: true, enableOfflineQueue: false });
    const warnings: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) });
    const limit = createInboundLimiter(redis, { perTenantPerSecond: 1, keyPrefix: 't:rl:in', logger });
    let handled = 0;
    const app = new Hono().post('/api/messages', limit('teams'), async (c) => {
      handled++;
      return c.json(await c.req.json());
    });
    const activity = JSON.stringify({ conversation: { tenantId: 'A1' }, text: 'hei' });
    for (let i = 0; i < INBOUND_WINDOW_SECONDS + 5; i++) {
      const res = await app.request('/api/messages', { method: 'POST', body: activity });
      expect(res.status).toBe(200);
      // The handler still reads the body the limiter read before it.
      expect(await res.json()).toEqual(JSON.parse(activity));
    }
    expect(handled).toBe(INBOUND_WINDOW_SECONDS + 5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('Redis unreachable');
    redis.disconnect();
  });
});

/**
 * REFLEKS_INBOUND_PER_TENANT_PER_SECOND=1: 10 requests per tenant in the 10-second window. Every
 * request here is sent at once, far inside one window (the window starts at a key's first request).
 */
describe('inbound rate limit per tenant (Redis, as Refleks runs)', () => {
  let w: WebRefleks;
  const allowed = 1 * INBOUND_WINDOW_SECONDS;
  const slackEvent = (teamId: string) =>
    slackEventBody({ teamId, event: { type: 'reaction_added', user: 'UOLA', reaction: 'tada' } });
  const teamsActivity = (tenantId: string) =>
    teamsMessage({
      serviceUrl: w.connector.serviceUrl,
      tenantId,
      conversationId: `a:1${tenantId}`,
      fromAadObjectId: `aad-${tenantId}`,
      text: 'hei',
    });

  beforeAll(async () => {
    w = await startWebRefleks({
      env: { REFLEKS_INBOUND_PER_TENANT_PER_SECOND: '1', REFLEKS_MAX_BODY_BYTES: String(64 * 1024) },
    });
  });
  afterAll(() => w?.stop());

  it('answers a Slack workspace over its budget 429 with Retry-After, and still serves another', async () => {
    for (let i = 0; i < allowed; i++) expect((await w.slack(slackEvent('TBUSY'))).status).toBe(200);
    const refused = await w.slack(slackEvent('TBUSY'));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(INBOUND_WINDOW_SECONDS);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
    expect((await w.slack(slackEvent('TQUIET'))).status).toBe(200);
  });

  it('counts forged Slack requests against their address, not the workspace they name', async () => {
    // The forger's 127.0.0.1 runs out; TVICTIM's own budget is untouched.
    for (let i = 0; i < allowed; i++) {
      expect((await w.slack(slackEvent('TVICTIM'), { forgeSignature: true })).status).toBe(401);
    }
    expect((await w.slack(slackEvent('TVICTIM'), { forgeSignature: true })).status).toBe(429);
    expect((await w.slack(slackEvent('TVICTIM'))).status).toBe(200);
  });

  it('answers a Teams tenant over its budget 429, and still serves another tenant', async () => {
    for (let i = 0; i < allowed; i++) expect((await w.teams(teamsActivity('tenant-busy'))).status).toBe(200);
    const refused = await w.teams(teamsActivity('tenant-busy'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await w.teams(teamsActivity('tenant-quiet'))).status).toBe(200);
  });

  it('takes the body limit from REFLEKS_MAX_BODY_BYTES, and checks it before counting', async () => {
    const big = JSON.stringify({ ...teamsActivity('tenant-big'), text: 'x'.repeat(64 * 1024) });
    for (let i = 0; i < allowed + 2; i++) {
      const res = await postRaw(`${w.base}/api/messages`, { 'content-type': 'application/json' }, big);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.text)).toEqual({ error: 'payload_too_large', maxBytes: 64 * 1024 });
    }
    // None of the refused bodies used up the tenant's budget.
    expect((await w.teams(teamsActivity('tenant-big'))).status).toBe(200);
  });
});
