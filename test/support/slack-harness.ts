import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { runTick } from '../../src/app/cycles/tick.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { createTestDatabase, redisTestPrefix } from './databases.ts';
import { startFakeSlack } from './fake-slack.ts';
import { silentLogger } from './loop-harness.ts';
import { sendToSlackEndpoint, slackCommandBody, slackInteractionBody } from './slack-requests.ts';

export const SLACK_SECRET = 'test-signing-secret';
export const SLACK_TEAM = 'T0000REFLEKS';
export const SLACK_CHANNEL = 'C5TRINN';

/** The demo team "5. trinn" bound to Slack: Kari (lead), Ola and Nora. */
export const SLACK_ORG = `
owner: { key: oslo, name: Oslo kommune }
schools:
  - { key: sinsen, name: Sinsen skole, locale: nb }
teams:
  - key: sinsen-5trinn
    school: sinsen
    name: 5. trinn
    programme: elevene-vare
    schedule: { weekday: thursday, time: "14:00" }
    slack: { team_id: ${SLACK_TEAM}, channel_id: ${SLACK_CHANNEL} }
people:
  - { email: kari@sinsen.example, name: Kari Nordmann, slack: { team_id: ${SLACK_TEAM}, user_id: UKARI }, roles: [{ role: member, team: sinsen-5trinn }, { role: team_lead, team: sinsen-5trinn }] }
  - { email: ola@sinsen.example, name: Ola Hansen, slack: { team_id: ${SLACK_TEAM}, user_id: UOLA }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: nora@sinsen.example, name: Nora Berg, slack: { team_id: ${SLACK_TEAM}, user_id: UNORA }, roles: [{ role: member, team: sinsen-5trinn }] }
  - { email: per@sinsen.example, name: Per Avdeling, slack: { team_id: ${SLACK_TEAM}, user_id: UPER }, roles: [{ role: department_head, teams: [sinsen-5trinn] }] }
`;

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
) {
  for (let i = 0; i < timeoutMs / 50; i++) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Refleks started in-process as an operator would run it with Slack: SLACK_API_URL points at a fake
 * Web API on 127.0.0.1, PostgreSQL and Redis are real, and requests to /slack/events are signed.
 */
export async function startSlackRefleks(
  start = '2026-11-23T08:00:00Z',
  /** `env`: more settings, as an operator would put them in the environment. */
  options: { oauth?: boolean; env?: Record<string, string> } = {},
) {
  const fake = await startFakeSlack({ teamId: SLACK_TEAM });
  const db = await createTestDatabase();
  const clock = new ManualClock(start);
  const port = await getFreePort();
  // One workspace with a bot token, or OAuth: no token until a workspace installs the app.
  const slackEnv = options.oauth
    ? {
        SLACK_CLIENT_ID: '1111.2222',
        SLACK_CLIENT_SECRET: 'client-secret',
        SLACK_STATE_SECRET: 'state-secret-for-tests',
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        REFLEKS_ENCRYPTION_KEY: 'a-test-encryption-key-of-32-chars-or-more',
      }
    : { SLACK_BOT_TOKEN: 'xoxb-test-token' };
  const config = loadConfig({
    PORT: String(port),
    DATABASE_URL: db.url,
    REDIS_URL: inject('redisUrl'),
    ...slackEnv,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_API_URL: fake.url,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const running: Running = await startRefleks(config, {
    clock,
    logger: silentLogger,
    scheduleTick: false,
    queuePrefix: redisTestPrefix(),
  });
  const file = join(tmpdir(), `org-${process.pid}-${Date.now()}.yaml`);
  writeFileSync(file, SLACK_ORG);
  await applyOrg(running.deps.db, await loadOrgFile(file), { now: clock.now() });
  const base = running.url!;
  const send = (
    body: string,
    extra: { retryNum?: number; forgeSignature?: boolean; timestamp?: number } = {},
  ) => sendToSlackEndpoint(base, { body, secret: SLACK_SECRET, ...extra });
  const asResult = async (r: Response) => ({ status: r.status, text: await r.text() });
  return {
    fake,
    running,
    clock,
    db: running.deps.db,
    send,
    interaction: (payload: Record<string, unknown>) => send(slackInteractionBody(payload)).then(asResult),
    command: (userId: string, text: string, channelId = SLACK_CHANNEL, triggerId = `trig-${Date.now()}`) =>
      send(
        slackCommandBody({
          team_id: SLACK_TEAM,
          user_id: userId,
          channel_id: channelId,
          command: '/refleks',
          text,
          trigger_id: triggerId,
        }),
      ).then(asResult),
    promptMessage: () => fake.messages(SLACK_CHANNEL).find((m) => !m.thread_ts),
    async stop() {
      await running.stop();
      await fake.close();
      await db.drop();
    },
  };
}

export type SlackRefleks = Awaited<ReturnType<typeof startSlackRefleks>>;

/** Thursday 14:00 of week 48: the tick posts the week's prompt, and we wait until Slack has it. */
export async function openWeek48(s: SlackRefleks) {
  s.clock.set('2026-11-26T13:00:00Z');
  await runTick(s.running.deps);
  return until('the prompt', s.promptMessage);
}
