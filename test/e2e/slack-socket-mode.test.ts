import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlack } from '../../adapters/slack/index.ts';
import { createSlackSocketMode, type SlackSocketMode } from '../../adapters/slack/socket-mode.ts';
import { runTick } from '../../src/app/cycles/tick.ts';
import { deliverOutbox } from '../../src/app/delivery/deliver.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { createInboundHandler } from '../../src/app/inbound/handle-inbound.ts';
import { applyOrg, parseOrgText } from '../../src/app/org/index.ts';
import type { InboundHandler } from '../../src/core/chat/port.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { sendableOutbox } from '../../src/db/repositories/outbox.ts';
import { responses } from '../../src/db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import {
  eventsApiEnvelope,
  type FakeSocketMode,
  slashCommandEnvelope,
  startFakeSocketMode,
} from '../support/fake-socket-mode.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { SLACK_CHANNEL as CHANNEL, SLACK_ORG, SLACK_TEAM as TEAM, until } from '../support/slack-harness.ts';
import { slackCommandBody, slackEventBody } from '../support/slack-requests.ts';

const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-1-A0000REFLEKS-1-test';

/**
 * Slack without a public URL: Refleks opens the WebSocket itself (apps.connections.open with the app
 * token), and the same Bolt listeners as `POST /slack/events` answer the envelopes Slack pushes.
 * The fake Socket Mode endpoint answers apps.connections.open and relays every other Web API call to
 * the fake Web API; PostgreSQL is real.
 */
describe('Slack over Socket Mode (fake WebSocket endpoint, fake Web API, real PostgreSQL)', () => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let testDb: TestDatabase;
  let database: Database;
  let deps: AppDeps;
  let slack: SlackSocketMode;
  const clock = new ManualClock('2026-11-23T08:00:00Z');
  /** Event ids the core has finished with, in order: a delivery is acked before it is processed. */
  const handled: string[] = [];

  /** Sends what is due, in-process, as the worker would. */
  const drain = async () => {
    for (let round = 0; round < 10; round++) {
      const rows = await sendableOutbox(deps.db, clock.now());
      if (!rows.length) return;
      for (const row of rows) await deliverOutbox(deps, row.id).catch(() => undefined);
    }
  };
  const prompt = () => fake.messages(CHANNEL).find((m) => !m.thread_ts);

  beforeAll(async () => {
    fake = await startFakeSlack({ teamId: TEAM });
    socket = await startFakeSocketMode({ webApiUrl: fake.url, appToken: APP_TOKEN });
    testDb = await createTestDatabase();
    database = await openDatabase({ url: testDb.url });
    await migrateDatabase(database);
    // Outbound goes as in production: outbox → SlackAdapter → Web API (the fake). The signing secret is
    // part of SlackSettings but only the HTTP routes use it; Socket Mode has no requests to verify.
    const { adapter } = await createSlack(
      { mode: 'token', botToken: BOT_TOKEN, signingSecret: 'unused', apiUrl: fake.url },
      { db: database.db, logger: silentLogger },
    );
    deps = {
      db: database.db,
      clock,
      adapters: { slack: adapter },
      queue: { enqueueSends: async () => {} },
      logger: silentLogger,
    };
    await applyOrg(database.db, parseOrgText(SLACK_ORG, 'slack-org.yaml'), { now: clock.now() });
    const core = createInboundHandler(deps);
    const inbound: InboundHandler = {
      async handle(event) {
        try {
          return await core.handle(event);
        } finally {
          handled.push(event.eventId);
        }
      },
    };
    slack = await createSlackSocketMode(
      { botToken: BOT_TOKEN, appToken: APP_TOKEN, apiUrl: socket.apiUrl },
      inbound,
      silentLogger,
    );
    await slack.start();

    clock.set('2026-11-26T13:00:00Z'); // Thursday 14:00 in Oslo: the prompt is due
    await runTick(deps);
    await drain();
  });

  afterAll(async () => {
    await slack?.stop();
    await socket?.close();
    await fake?.close();
    await database?.close();
    await testDb?.drop();
  });

  it('connects with the app token and proves the bot token through the same API URL', () => {
    // Once to prove the token at creation, once for the URL the client connected to.
    expect(socket.opens.map((o) => o.token)).toEqual([APP_TOKEN, APP_TOKEN]);
    expect(socket.openConnections()).toBe(1);
    // Bolt's auth.test at init went through the Socket Mode fake's relay with the bot token.
    expect(fake.callsTo('auth.test').every((c) => c.token === BOT_TOKEN)).toBe(true);
    expect(prompt()?.text).toBeDefined();
  });

  it('answers /refleks help in the ack, privately', async () => {
    const envelope = slashCommandEnvelope(
      slackCommandBody({
        team_id: TEAM,
        user_id: 'UOLA',
        channel_id: CHANNEL,
        command: '/refleks',
        text: 'help',
      }),
    );
    const ack = await socket.deliver(envelope);
    expect(ack.envelope_id).toBe(envelope.envelope_id);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload?.text)).toContain('/refleks status');
  });

  it('opens the commitment modal with the bot token after acking /refleks commit', async () => {
    const ack = await socket.deliver(
      slashCommandEnvelope(
        slackCommandBody({
          team_id: TEAM,
          user_id: 'UKARI',
          channel_id: CHANNEL,
          command: '/refleks',
          text: 'commit Høytlesing hver dag',
          trigger_id: 'trig-socket-commit',
        }),
      ),
    );
    expect(ack.payload).toEqual({});
    const opened = await until('views.open', () =>
      fake.callsTo('views.open').find((c) => c.args.trigger_id === 'trig-socket-commit'),
    );
    expect(opened.token).toBe(BOT_TOKEN);
    expect((opened.args.view as { callback_id: string }).callback_id).toBe('refleks.commitment');
  });

  it('stores a reply in the prompt’s thread once, even when Slack delivers the event twice', async () => {
    const thread = prompt()!.ts;
    const body = slackEventBody({
      teamId: TEAM,
      eventId: 'Ev-socket-thread-1',
      event: {
        type: 'message',
        user: 'UOLA',
        channel: CHANNEL,
        text: 'Gruppen leser bedre.',
        ts: '1700000999.000100',
        thread_ts: thread,
      },
    });
    const stored = () =>
      deps.db
        .select()
        .from(responses)
        .then((rows) => rows.filter((r) => r.body?.includes('Gruppen leser bedre.')));

    const first = eventsApiEnvelope(body);
    // Events are acked at once, with an empty payload; the work happens after the ack.
    expect(await socket.deliver(first)).toEqual({ envelope_id: first.envelope_id, payload: {} });
    await until('the stored answer', async () => (await stored()).length === 1);

    // Slack's redelivery: a new envelope around the same event (same event_id), marked as a retry.
    const again = eventsApiEnvelope(body, { retryAttempt: 1, retryReason: 'timeout' });
    expect((await socket.deliver(again)).envelope_id).toBe(again.envelope_id);
    await until('the redelivery handled', () =>
      handled.filter((id) => id === 'event:Ev-socket-thread-1').length === 2 ? true : undefined,
    );
    // A second reply would be added to the first answer, so the text must be there exactly once.
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.body).toBe('Gruppen leser bedre.');

    await drain();
    expect(JSON.stringify(prompt()!.blocks)).toContain('1 av 3 har svart');
  });

  it('refuses an app token Slack refuses, at creation, saying which token and why', async () => {
    const opens = socket.opens.length;
    const refused = createSlackSocketMode(
      { botToken: BOT_TOKEN, appToken: 'xapp-1-revoked', apiUrl: socket.apiUrl },
      { handle: async () => ({ type: 'ack' }) },
      silentLogger,
    );
    await expect(refused).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringMatching(/SLACK_APP_TOKEN .*invalid_auth/),
    });
    expect(socket.opens).toHaveLength(opens + 1);
    expect(socket.openConnections()).toBe(1);
  });

  it('stop() closes the WebSocket with a clean close handshake and does not reconnect', async () => {
    const opens = socket.opens.length;
    await slack.stop();
    expect(socket.clientCloses).toEqual([1000]);
    await until('the connection gone', () => socket.openConnections() === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.opens).toHaveLength(opens);
    await slack.stop(); // a second stop is harmless
  });
});
