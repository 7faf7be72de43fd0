/**
 * Refleks started in-process with every HTTP surface at once, for the security tests: Slack (a bot
 * token, signed requests, a fake Web API), Teams (authentication off, a fake connector), the /dev local
 * chat with the demo school, and the web overview. Real PostgreSQL and Redis; 127.0.0.1 only.
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { handOver } from '../../src/app/deps.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import type { Logger } from '../../src/logger.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { createTestDatabase, redisTestPrefix } from './databases.ts';
import { startFakeConnector } from './fake-connector.ts';
import { startFakeSlack } from './fake-slack.ts';
import { silentLogger } from './loop-harness.ts';
import { SLACK_CHANNEL, SLACK_ORG, SLACK_SECRET, SLACK_TEAM, until } from './slack-harness.ts';
import { sendToSlackEndpoint } from './slack-requests.ts';
import { postActivity } from './teams-activities.ts';

export const SLACK_BOT_TOKEN = 'xoxb-security-test-token-4711';

export async function startWebRefleks(options: { env?: Record<string, string>; logger?: Logger } = {}) {
  const fake = await startFakeSlack({ teamId: SLACK_TEAM });
  const connector = await startFakeConnector();
  const database = await createTestDatabase();
  // Thursday 13:00Z: 14:00 in Oslo, when the Slack team's prompt is due; the demo opens its own.
  const clock = new ManualClock('2026-11-26T13:00:00Z');
  let running: Running | undefined;
  try {
    const config = loadConfig({
      PORT: String(await getFreePort()),
      DATABASE_URL: database.url,
      REDIS_URL: inject('redisUrl'),
      SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_API_URL: fake.url,
      MICROSOFT_APP_ID: '',
      REFLEKS_LOCAL_CHAT: 'on',
      REFLEKS_DEMO: 'on',
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    running = await startRefleks(config, {
      clock,
      logger: options.logger ?? silentLogger,
      scheduleTick: false,
      queuePrefix: redisTestPrefix(),
    });
    const file = join(tmpdir(), `security-org-${process.pid}-${Date.now()}-${Math.random()}.yaml`);
    writeFileSync(file, SLACK_ORG);
    await applyOrg(running.deps.db, await loadOrgFile(file), { now: clock.now() });
  } catch (error) {
    await running?.stop();
    await Promise.allSettled([fake.close(), connector.close(), database.drop()]);
    throw error;
  }
  const started = running;
  const base = started.url!;
  return {
    fake,
    connector,
    running: started,
    db: started.deps.db,
    base,
    clock,
    /** A signed (or forged) request to /slack/events. */
    slack: (body: string, extra: { forgeSignature?: boolean } = {}) =>
      sendToSlackEndpoint(base, { body, secret: SLACK_SECRET, ...extra }),
    teams: (activity: unknown) => postActivity(base, activity),
    /** The Slack team's weekly prompt, posted now; its ts is the thread replies go to. */
    async openSlackPrompt() {
      const { outbox } = await openCycleNow(started.deps, 'sinsen-5trinn', 'system');
      if (outbox) await handOver(started.deps, [outbox]);
      return until('the Slack prompt', () => fake.messages(SLACK_CHANNEL).find((m) => !m.thread_ts));
    },
    async stop() {
      await started.stop();
      await Promise.allSettled([fake.close(), connector.close()]);
      await database.drop();
    },
  };
}

export type WebRefleks = Awaited<ReturnType<typeof startWebRefleks>>;

/** A form post as the /dev pages send it, with whatever headers the test wants the browser to send. */
export function formPost(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return {
    method: 'POST',
    redirect: 'manual' as const,
    body: new URLSearchParams(fields),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  };
}

/** The value of a hidden input in a /dev page, entities decoded. */
export function hiddenField(html: string, name: string): string {
  const match = html.match(new RegExp(`name="${name}" value="([^"]*)"`));
  return (match?.[1] ?? '').replaceAll('&quot;', '"').replaceAll('&amp;', '&').replaceAll('&#39;', "'");
}

/**
 * A POST on a connection of its own that reads the answer even when the server answers before the body
 * is sent and then closes (as it may after a 413): fetch would report only "other side closed".
 */
export function postRaw(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(body);
  });
}
