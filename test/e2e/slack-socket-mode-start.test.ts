import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { createTestDatabase, redisTestPrefix } from '../support/databases.ts';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.ts';
import {
  type FakeSocketMode,
  slashCommandEnvelope,
  startFakeSocketMode,
} from '../support/fake-socket-mode.ts';
import { silentLogger } from '../support/loop-harness.ts';
import { SLACK_TEAM, until } from '../support/slack-harness.ts';
import { slackCommandBody } from '../support/slack-requests.ts';

/** `SLACK_APP_TOKEN` + `SLACK_BOT_TOKEN` and no signing secret: Refleks connects out over Socket Mode. */
describe('starting Refleks in Socket Mode', () => {
  let fake: FakeSlack;
  let socket: FakeSocketMode;
  let running: Running;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    fake = await startFakeSlack({ teamId: SLACK_TEAM });
    socket = await startFakeSocketMode({ webApiUrl: fake.url, appToken: 'xapp-1-A0000REFLEKS-1-start' });
    const db = await createTestDatabase();
    drop = db.drop;
    const config = loadConfig({
      PORT: String(await getFreePort()),
      DATABASE_URL: db.url,
      REDIS_URL: inject('redisUrl'),
      SLACK_BOT_TOKEN: 'xoxb-socket',
      SLACK_APP_TOKEN: 'xapp-1-A0000REFLEKS-1-start',
      SLACK_API_URL: socket.apiUrl,
      LOG_LEVEL: 'silent',
    });
    running = await startRefleks(config, {
      logger: silentLogger,
      scheduleTick: false,
      queuePrefix: redisTestPrefix(),
    });
  });
  afterAll(async () => {
    await running?.stop();
    await socket?.close();
    await fake?.close();
    await drop?.();
  });

  it('connects, answers a command over the socket, and has no /slack/events route', async () => {
    await until('the connection', () => socket.openConnections() === 1);
    const ack = await socket.deliver(
      slashCommandEnvelope(
        slackCommandBody({
          team_id: SLACK_TEAM,
          user_id: 'UNOBODY',
          channel_id: 'C1',
          command: '/refleks',
          text: 'help',
        }),
      ),
    );
    expect(String(ack.payload?.text)).toContain('Refleks kjenner deg ikke ennå');
    expect((await fetch(`${running.url}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('closes the socket when Refleks stops', async () => {
    await running.stop();
    await until('the connection gone', () => socket.openConnections() === 0);
  });
});
