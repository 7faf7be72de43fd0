/**
 * The weekly fan-out at Oslo scale against fakes that enforce Slack's and Teams' published limits
 * (test/support/fake-limits.ts), scaled up by BENCH_LIMIT_FACTOR so a run takes minutes, not an hour.
 * Phase 1 posts every team's prompt in its channel; phase 2 sends the reminders two school days
 * later, by DM to everyone who has not answered (the default `reminders: { via: dm }`).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { Redis } from 'ioredis';
import pino from 'pino';
import { createJobQueue } from '../jobs/queue.ts';
import { runTick } from '../src/app/cycles/tick.ts';
import type { AppDeps } from '../src/app/deps.ts';
import { applyOrg } from '../src/app/org/index.ts';
import { ManualClock } from '../src/core/clock.ts';
import { type Db, openDatabase } from '../src/db/client.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { outbox, platformIdentities, teams as teamsTable } from '../src/db/schema/index.ts';
import { startFakeConnector } from '../test/support/fake-connector.ts';
import { startFakeSlack } from '../test/support/fake-slack.ts';
import {
  BENCH_ENCRYPTION_KEY,
  type BenchPlatform,
  fanoutOrg,
  installSlackWorkspaces,
  installTeamsChannels,
} from './fanout-org.ts';
import { compare, drained, startWorker, stopWorker } from './fanout-run.ts';
import { type BenchServices, peakRssMiB } from './services.ts';

/** Published: Slack's workspace cap as the reference plans it (300/min), Teams' per tenant (50/s). */
export const PUBLISHED = { slackPerMinute: 300, teamsPerSecond: 50 };

export interface Scenario {
  platform: BenchPlatform;
  perSchool: boolean;
  /** Phase 2 as well: the DM reminders. */
  reminders: boolean;
}

export interface PhaseResult {
  messages: number;
  /** Requests the platform had to accept: a Teams DM to someone never written to is two. */
  requests: number;
  wallSeconds: number;
  /** Of the wall time: the tick writing the messages (sending starts with its first batch). */
  tickSeconds: number;
  floorSeconds: number;
  throttled: number;
  calls: number;
  duplicates: number;
  lost: number;
}

export interface ScenarioResult {
  name: string;
  phases: Record<string, PhaseResult>;
  workerPeakMiB: number | null;
  tenants: number;
}

/** The share of the fake's limit that Refleks is configured to use (BENCH_SENDER_SHARE). */
export const SENDER_SHARE = Number(process.env.BENCH_SENDER_SHARE ?? 0.98);

/** A fixed school week (Oslo calendar 2026–27, week 47): the prompts are due Tuesday to Thursday. */
const APPLIED_AT = '2026-11-16T06:00:00Z';
const PROMPTS_AT = '2026-11-19T13:45:00Z';
const REMINDERS_AT = '2026-11-23T08:00:00Z';

export const scenarioName = (s: Scenario) =>
  `${s.platform === 'slack' ? 'Slack' : 'Teams'}, ${s.perSchool ? 'one per school' : 'one for all'}`;

export async function runScenario(
  services: BenchServices,
  scenario: Scenario,
  factor: number,
  /** A share of Oslo's schools, for trying the bench out (BENCH_SCALE). */
  scale = 1,
): Promise<ScenarioResult> {
  const { platform, perSchool } = scenario;
  const tag = `${platform}_${perSchool ? 'school' : 'one'}`;
  const url = await services.createDatabase(`bench_fanout_${tag}`);
  const database = await openDatabase({ url });
  const redis = new Redis(services.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `{bench-${tag}-${Date.now()}}`;
  const queue = createJobQueue(redis, { prefix });
  const bound = fanoutOrg(platform, perSchool, scale);
  const slackPerMinute = PUBLISHED.slackPerMinute * factor;
  const teamsPerSecond = PUBLISHED.teamsPerSecond * factor;
  const slack =
    platform === 'slack'
      ? await startFakeSlack({
          teamId: bound.tenants[0],
          limits: { messagesPerMinute: slackPerMinute },
          workspaces: Object.fromEntries(bound.tenants.map((t) => [`xoxb-${t}`, t])),
        })
      : null;
  const teams =
    platform === 'teams' ? await startFakeConnector({ limits: { tenantPerSecond: teamsPerSecond } }) : null;
  let worker: Awaited<ReturnType<typeof startWorker>> | null = null;
  try {
    await migrateDatabase(database);
    const clock = new ManualClock(APPLIED_AT);
    await applyOrg(database.db, bound.org, { now: clock.now() });
    if (teams) await installTeamsChannels(database.db, bound, teams.serviceUrl);
    if (slack && perSchool) await installSlackWorkspaces(database.db, bound);
    worker = await startWorker({
      ...process.env,
      DATABASE_URL: url,
      REDIS_URL: services.redisUrl,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
      REFLEKS_LOCAL_CHAT: 'off',
      REFLEKS_DEMO: 'off',
      BENCH_QUEUE_PREFIX: prefix,
      // The sender is told a little less than the platform's limit (SENDER_SHARE): right at it,
      // the jitter of loopback requests alone gets some refused at the edge of a window.
      REFLEKS_SLACK_MESSAGES_PER_MINUTE: String(Math.floor(slackPerMinute * SENDER_SHARE)),
      REFLEKS_TEAMS_REQUESTS_PER_SECOND: String(Math.floor(teamsPerSecond * SENDER_SHARE)),
      ...(slack ? { SLACK_SIGNING_SECRET: 'bench', SLACK_API_URL: slack.url } : { MICROSOFT_APP_ID: '' }),
      ...(slack && !perSchool ? { SLACK_BOT_TOKEN: `xoxb-${bound.tenants[0]}` } : {}),
      // Many workspaces: Slack OAuth, tokens from the installation store.
      ...(slack && perSchool
        ? {
            SLACK_CLIENT_ID: 'bench',
            SLACK_CLIENT_SECRET: 'bench',
            SLACK_STATE_SECRET: 'bench',
            REFLEKS_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY,
            PUBLIC_URL: 'http://127.0.0.1:9/',
          }
        : {}),
    });
    const deps: AppDeps = {
      db: database.db,
      clock,
      adapters: {},
      queue,
      logger: pino({ level: 'silent' }),
    };
    const callCount = () => (slack ? slack.calls.length : (teams?.calls.length ?? 0));
    const throttled = () => (slack ? slack.throttled() : (teams?.throttled() ?? 0));
    const phases: Record<string, PhaseResult> = {};

    const phase = async (name: string, at: string, kinds: string[]) => {
      const [calls0, throttled0] = [callCount(), throttled()];
      clock.set(at);
      const started = Date.now();
      await runTick(deps);
      const tickSeconds = (Date.now() - started) / 1000;
      const expected = await expectedOf(database.db, kinds);
      const tally = await drained(database.db, kinds, started + 15 * 60_000);
      const wallSeconds = (Date.now() - started) / 1000;
      // A message is known by where it landed: a channel, a thread in it, a person's DM.
      const seen = slack
        ? slack.messages().map((m) => (m.thread_ts ? `thread:${m.channel}` : m.channel))
        : (teams?.activities() ?? []).map((a) => {
            const [base, thread] = a.conversationId.split(';');
            // A prompt answers the install's activity (replyToId) but is not in a thread.
            return thread ? `thread:${base}` : (base as string);
          });
      const keys = expected.map((e) => e.key(slack, teams));
      const { duplicates, lost } = compare(keys, seen);
      const perTenant = new Map<string, number>();
      let requests = 0;
      for (const e of expected) {
        // A Teams DM to someone never written to is two requests: create the 1:1 chat, then send.
        const n = platform === 'teams' && e.direct ? 2 : 1;
        requests += n;
        perTenant.set(e.tenant, (perTenant.get(e.tenant) ?? 0) + n);
      }
      const perSecond = platform === 'slack' ? slackPerMinute / 60 : teamsPerSecond;
      phases[name] = {
        messages: expected.length,
        requests,
        wallSeconds,
        tickSeconds,
        floorSeconds: Math.max(...perTenant.values()) / perSecond,
        throttled: throttled() - throttled0,
        calls: callCount() - calls0,
        duplicates,
        lost: Math.max(lost, tally.failed + tally.unsent),
      };
    };

    await phase('prompts', PROMPTS_AT, ['prompt']);
    if (scenario.reminders) await phase('reminders', REMINDERS_AT, ['nudge']);
    const workerPeakMiB = worker.pid ? peakRssMiB(worker.pid) : null;
    return { name: scenarioName(scenario), phases, workerPeakMiB, tenants: bound.tenants.length };
  } finally {
    if (worker) await stopWorker(worker);
    await queue.close();
    await redis.quit();
    await database.close();
    await slack?.close();
    await teams?.close();
  }
}

interface Expected {
  kind: string;
  tenant: string;
  direct: boolean;
  key(
    slack: { dmChannel(user: string): string } | null,
    teams: { personalConversationId(id: string): string } | null,
  ): string;
}

/** What the outbox says must arrive: one prompt per channel, one DM per person reminded. */
async function expectedOf(db: Db, kinds: string[]): Promise<Expected[]> {
  const rows = await db
    .select({
      kind: outbox.kind,
      tenant: teamsTable.tenantId,
      channel: teamsTable.channelId,
      userId: platformIdentities.userId,
    })
    .from(outbox)
    .innerJoin(teamsTable, eq(teamsTable.id, outbox.teamId))
    .leftJoin(
      platformIdentities,
      and(
        eq(platformIdentities.personId, outbox.personId),
        eq(platformIdentities.platform, teamsTable.platform),
      ),
    )
    .where(inArray(outbox.kind, kinds));
  return rows.map((r) => ({
    kind: r.kind,
    tenant: r.tenant,
    direct: r.userId !== null,
    key: (slack, teams) =>
      r.userId === null
        ? r.kind === 'prompt'
          ? r.channel
          : `thread:${r.channel}`
        : slack
          ? slack.dmChannel(r.userId)
          : (teams?.personalConversationId(r.userId) ?? r.userId),
  }));
}
