import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  deepJsonText,
  edgeString,
  hostileJson,
  hostileString,
  mutationsOf,
} from '../support/fuzz-arbitraries.ts';
import { changedTables, databaseFingerprinter, type Fingerprint } from '../support/fuzz-db.ts';
import { LIFTED, postRaw, postSignedToSlack } from '../support/fuzz-http.ts';
import {
  SLACK_CHANNEL,
  SLACK_SECRET,
  SLACK_TEAM,
  type SlackRefleks,
  startSlackRefleks,
} from '../support/slack-harness.ts';
import {
  blockActionPayload,
  signSlackRequest,
  slackCommandBody,
  slackEventBody,
  slackInteractionBody,
  slackUrlVerificationBody,
} from '../support/slack-requests.ts';

/**
 * Hostile input at POST /slack/events (issue "Hostile input"): forged and stale requests are refused
 * with nothing stored; correctly signed garbage (any JSON, event envelopes with wrong types in their
 * fields, deep nesting, odd content types) is answered below 500 with nothing stored; and the server
 * keeps answering. Interactivity and slash commands are in slack-interactivity.test.ts.
 */

const nowSeconds = () => Math.floor(Date.now() / 1000);
const parsedJson = (text: string): unknown => JSON.parse(text);

/** Well-formed envelopes the mutations start from: a thread reply, an edit, App Home, a mention. */
const EVENT_BASES: unknown[] = [
  parsedJson(
    slackEventBody({
      teamId: SLACK_TEAM,
      eventId: 'EvFUZZ1',
      event: {
        type: 'message',
        channel: SLACK_CHANNEL,
        user: 'UKARI',
        text: 'hei',
        ts: '1764000000.000200',
        thread_ts: '1764000000.000100',
      },
    }),
  ),
  parsedJson(
    slackEventBody({
      teamId: SLACK_TEAM,
      eventId: 'EvFUZZ2',
      event: {
        type: 'message',
        subtype: 'message_changed',
        channel: SLACK_CHANNEL,
        message: { user: 'UOLA', ts: '1764000000.000300', thread_ts: '1764000000.000100', text: 'ny' },
        previous_message: { text: 'gammel' },
      },
    }),
  ),
  parsedJson(
    slackEventBody({
      teamId: SLACK_TEAM,
      eventId: 'EvFUZZ3',
      event: { type: 'app_home_opened', user: 'UKARI', tab: 'home', channel: 'D0KARI' },
    }),
  ),
  parsedJson(
    slackEventBody({
      teamId: SLACK_TEAM,
      eventId: 'EvFUZZ4',
      event: { type: 'app_mention', user: 'UNORA', text: '<@U0000BOT> status', channel: SLACK_CHANNEL },
    }),
  ),
  parsedJson(slackUrlVerificationBody('challenge-token')),
];

/** An uninstall of the configured workspace is a legitimate write (its teams become unreachable). */
const mayWrite = (raw: string) => /app_uninstalled|tokens_revoked/.test(raw) && raw.includes(SLACK_TEAM);

const eventEnvelope = fc.constantFrom(...EVENT_BASES).chain((base) => mutationsOf(base));

/** Signed or not, every kind of body Slack could send, and garbage. */
const anyBody: fc.Arbitrary<string> = fc.oneof(
  eventEnvelope.map((e) => JSON.stringify(e)),
  hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
  edgeString(30).map((text) =>
    slackCommandBody({
      team_id: SLACK_TEAM,
      user_id: 'UKARI',
      channel_id: SLACK_CHANNEL,
      command: '/refleks',
      text,
    }),
  ),
  edgeString(30).map((value) =>
    slackInteractionBody(
      blockActionPayload({ teamId: SLACK_TEAM, userId: 'UKARI', actionId: 'refleks.answer', value }),
    ),
  ),
  hostileString,
);

let s: SlackRefleks;
let fingerprint: () => Promise<Fingerprint>;
let events: string;

const post = (body: string, headers: Record<string, string>) => postRaw(events, headers, body);
const signed = (body: string, contentType?: string) =>
  postSignedToSlack(events, SLACK_SECRET, body, contentType);

async function expectUnchanged(before: Fingerprint) {
  expect(changedTables(before, await fingerprint())).toEqual([]);
}

beforeAll(async () => {
  // Bolt warns on the console for every request it cannot type ("Could not determine the type…").
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  s = await startSlackRefleks(undefined, { env: LIFTED });
  // What Refleks creates once, on first use, is created before the fingerprint is taken: the web
  // overview's link key (app_secrets), made by a leader's first overview.
  expect((await s.command('UPER', 'overview')).status).toBe(200);
  fingerprint = await databaseFingerprinter(s.db);
  events = `${s.running.url}/slack/events`;
});

afterAll(async () => {
  vi.restoreAllMocks();
  await s?.stop();
});

describe('POST /slack/events with hostile input', () => {
  it('refuses unsigned, forged, stale and tampered requests, and stores nothing', async () => {
    const forgery = fc.oneof(
      fc.constant({ kind: 'unsigned' as const }),
      fc.record({ kind: fc.constant('wrong secret' as const), secret: fc.string({ minLength: 1 }) }),
      // Only the past: a timestamp in the future is accepted (Bolt checks one side of the window).
      fc.record({ kind: fc.constant('stale' as const), skew: fc.integer({ min: -(10 ** 8), max: -301 }) }),
      fc.constant({ kind: 'tampered' as const }),
      fc.record({
        kind: fc.constant('garbage headers' as const),
        signature: fc.oneof(fc.string({ unit: 'grapheme-ascii' }), fc.stringMatching(/^v0=[0-9a-f]{64}$/)),
        timestamp: fc.oneof(fc.string({ unit: 'grapheme-ascii' }), fc.constant(String(nowSeconds()))),
      }),
    );
    await fc.assert(
      fc.asyncProperty(anyBody, forgery, async (body, f) => {
        const before = await fingerprint();
        const contentType = body.startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded';
        let headers: Record<string, string> = {};
        if (f.kind === 'wrong secret') headers = signSlackRequest(`${SLACK_SECRET}${f.secret}`, body);
        if (f.kind === 'stale') headers = signSlackRequest(SLACK_SECRET, body, nowSeconds() + f.skew);
        if (f.kind === 'tampered') headers = signSlackRequest(SLACK_SECRET, `${body} `);
        if (f.kind === 'garbage headers')
          headers = { 'x-slack-signature': f.signature, 'x-slack-request-timestamp': f.timestamp };
        const answer = await post(body, { 'content-type': contentType, ...headers });
        // 400 when the body does not even parse; Slack's unsigned ssl_check is answered with an empty 200.
        if (answer.status === 200) expect([body.includes('ssl_check'), answer.text]).toEqual([true, '']);
        else expect([400, 401]).toContain(answer.status);
        await expectUnchanged(before);
      }),
      { numRuns: 250 },
    );
  });

  it('answers correctly signed garbage, event envelopes with wrong types and deep nesting below 500', async () => {
    const body = fc.oneof(
      { arbitrary: eventEnvelope.map((e) => JSON.stringify(e)), weight: 4 },
      { arbitrary: hostileJson.map((v) => JSON.stringify(v) ?? 'null'), weight: 3 },
      { arbitrary: deepJsonText, weight: 1 },
      { arbitrary: hostileString, weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const before = await fingerprint();
        const answer = await signed(raw, 'application/json');
        expect(answer.status).toBeLessThan(500);
        if (!mayWrite(raw)) await expectUnchanged(before);
      }),
      { numRuns: 300 },
    );
  });

  it('answers any body under a wrong or odd content type below 500', async () => {
    const contentType = fc.constantFrom(
      'text/plain',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/json; charset=utf-16',
      'application/x-www-form-urlencoded; charset=latin1',
      'application/json',
      'application/x-www-form-urlencoded',
      'application/octet-stream',
      '*/*',
      'application/jsonx-www-form-urlencoded',
    );
    await fc.assert(
      fc.asyncProperty(anyBody, contentType, async (raw, type) => {
        const before = await fingerprint();
        const answer = await signed(raw, type);
        expect(answer.status).toBeLessThan(500);
        if (!mayWrite(raw)) await expectUnchanged(before);
      }),
      { numRuns: 200 },
    );
  });

  it('still answers afterwards: /healthz and a well-formed slash command', async () => {
    const health = await fetch(`${s.running.url}/healthz`);
    expect(health.status).toBe(200);
    const help = await s.command('UKARI', 'help');
    expect(help.status).toBe(200);
    expect(JSON.parse(help.text)).toMatchObject({ response_type: 'ephemeral', text: expect.any(String) });
  });
});
