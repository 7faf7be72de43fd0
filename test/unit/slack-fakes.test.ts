import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySlackRequest, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import {
  blockActionPayload,
  sendToSlackEndpoint,
  signSlackRequest,
  slackEventBody,
  slackInteractionBody,
  viewSubmissionPayload,
} from '../support/slack-requests.ts';

const TOKEN = 'xoxb-test-token';
const SECRET = 'signing-secret';

describe('fake Slack Web API, driven by the real WebClient', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({
      teamId: 'T1',
      botUserId: 'UBOT',
      users: { U1: { name: 'kari', real_name: 'Kari Nordmann', email: 'kari@skole.no', locale: 'nb-NO' } },
    });
    client = new webApi.WebClient(TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: webApi.LogLevel.ERROR,
    });
  });
  afterAll(() => fake.close());

  it('answers auth.test and records the bearer token', async () => {
    const auth = await client.auth.test();
    expect(auth).toMatchObject({ ok: true, team_id: 'T1', user_id: 'UBOT' });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(fake.callsTo('auth.test')[0]).toMatchObject({ method: 'auth.test', token: TOKEN });
  });

  it('posts and updates messages, decoding JSON form fields', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: '*Hei*' } }];
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'Hei', blocks });
    expect(posted).toMatchObject({ ok: true, channel: 'C1', message: { text: 'Hei', blocks } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.callsTo('chat.postMessage').at(-1)?.args).toEqual({ channel: 'C1', text: 'Hei', blocks });

    const second = await client.chat.postMessage({ channel: 'C1', text: 'reply', thread_ts: posted.ts! });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    await client.chat.update({ channel: 'C1', ts: posted.ts!, text: 'Endret', blocks: [] });
    expect(fake.messages('C1')).toEqual([
      { channel: 'C1', ts: posted.ts, text: 'Endret', blocks: [] },
      { channel: 'C1', ts: second.ts, thread_ts: posted.ts, text: 'reply', blocks: [] },
    ]);
    await expect(client.chat.update({ channel: 'C1', ts: '1.000000', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.PlatformError,
      data: { error: 'message_not_found' },
    });
  });

  it('opens DMs stably and looks users up', async () => {
    const a = await client.conversations.open({ users: 'U1' });
    const b = await client.conversations.open({ users: 'U1' });
    expect(a.channel?.id).toMatch(/^D/);
    expect(b.channel?.id).toBe(a.channel?.id);
    const dm = await client.chat.postMessage({ channel: 'U1', text: 'direkte' });
    expect(dm.channel).toBe(a.channel?.id);

    const info = await client.users.info({ user: 'U1', include_locale: true });
    expect(info.user).toMatchObject({
      id: 'U1',
      name: 'kari',
      real_name: 'Kari Nordmann',
      profile: { real_name: 'Kari Nordmann', email: 'kari@skole.no' },
      locale: 'nb-NO',
    });
    expect(fake.callsTo('users.info')[0]?.args).toEqual({ user: 'U1', include_locale: 'true' });
    await expect(client.users.info({ user: 'U404' })).rejects.toMatchObject({
      data: { error: 'user_not_found' },
    });
    const byEmail = await client.users.lookupByEmail({ email: 'kari@skole.no' });
    expect(byEmail.user?.id).toBe('U1');
  });

  it('opens, updates and publishes views', async () => {
    const view = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Svar' }, blocks: [] };
    await expect(client.views.open({ trigger_id: '', view })).rejects.toMatchObject({
      data: { error: 'invalid_arguments' },
    });
    const opened = await client.views.open({ trigger_id: '123.abc', view });
    const id = opened.view?.id ?? '';
    expect(id).toMatch(/^V/);
    await client.views.update({ view_id: id, hash: opened.view?.hash, view: { ...view, callback_id: 'cb' } });
    expect(fake.view(id)).toMatchObject({ id, callback_id: 'cb' });
    const home = await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    expect(fake.views().map((v) => v.id)).toEqual([id, home.view?.id]);
  });

  it('fails on demand: 429 with Retry-After, ok:false errors, bad tokens, unknown methods', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 2 });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 2,
    });
    fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      data: { error: 'channel_not_found' },
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({ ok: true });

    const badToken = new webApi.WebClient('xoxp-user', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
    });
    await expect(badToken.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
    const noToken = new webApi.WebClient(undefined, { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
    await expect(noToken.auth.test()).rejects.toMatchObject({ data: { error: 'not_authed' } });
    await expect(client.apiCall('nope.nothing')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });
});

describe('signed requests as Slack sends them', () => {
  const verify = (body: string, headers: Record<string, string>) =>
    verifySlackRequest({
      signingSecret: SECRET,
      body,
      headers: {
        'x-slack-signature': headers['x-slack-signature']!,
        'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
      },
    });

  it('signs so that Bolt accepts it, and Bolt rejects forgeries and stale requests', () => {
    const body = slackEventBody({ teamId: 'T1', event: { type: 'app_mention', user: 'U1', text: 'hei' } });
    expect(JSON.parse(body)).toMatchObject({
      type: 'event_callback',
      team_id: 'T1',
      event_id: expect.any(String),
    });
    expect(() => verify(body, signSlackRequest(SECRET, body))).not.toThrow();
    expect(() => verify(body, signSlackRequest('wrong', body))).toThrow(/signature mismatch/);
    expect(() => verify(`${body} `, signSlackRequest(SECRET, body))).toThrow(/signature mismatch/);
    const stale = Math.floor(Date.now() / 1000) - 600;
    expect(() => verify(body, signSlackRequest(SECRET, body, stale))).toThrow(/stale/);
  });

  it('builds interaction payloads and POSTs them with Slack headers', async () => {
    const seen: { headers: IncomingHttpHeaders; body: string; url: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({ headers: req.headers, body, url: req.url });
        res.end('');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const action = blockActionPayload({
        teamId: 'T1',
        userId: 'U1',
        channelId: 'C1',
        messageTs: '1700000000.000100',
        actionId: 'answer',
        value: '42',
        triggerId: '1.2.3',
      });
      const submit = viewSubmissionPayload({
        teamId: 'T1',
        userId: 'U1',
        view: { id: 'V1', callback_id: 'cb', private_metadata: '{}', state: { values: { b: { a: {} } } } },
      });
      const body = slackInteractionBody(action);
      await sendToSlackEndpoint(base, { body, secret: SECRET, retryNum: 1 });
      await sendToSlackEndpoint(base, {
        body: slackInteractionBody(submit),
        secret: SECRET,
        forgeSignature: true,
      });
      const [first, second] = seen;
      expect(first?.url).toBe('/slack/events');
      expect(first?.headers).toMatchObject({
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-retry-num': '1',
        'x-slack-retry-reason': 'http_timeout',
      });
      expect(JSON.parse(new URLSearchParams(first!.body).get('payload')!)).toMatchObject({
        type: 'block_actions',
        actions: [{ action_id: 'answer', value: '42' }],
        container: { message_ts: '1700000000.000100', channel_id: 'C1' },
      });
      const asSent = (h: IncomingHttpHeaders) => ({
        'x-slack-signature': String(h['x-slack-signature']),
        'x-slack-request-timestamp': String(h['x-slack-request-timestamp']),
      });
      expect(() => verify(first!.body, asSent(first!.headers))).not.toThrow();
      expect(() => verify(second!.body, asSent(second!.headers))).toThrow(/signature mismatch/);
      expect(JSON.parse(new URLSearchParams(second!.body).get('payload')!)).toMatchObject({
        type: 'view_submission',
        view: { id: 'V1', callback_id: 'cb', private_metadata: '{}' },
      });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
