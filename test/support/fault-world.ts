import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { sendJobId } from '../../jobs/catalog.ts';
import { createJobQueue, type JobQueue } from '../../jobs/queue.ts';
import { openCycleNow } from '../../src/app/cycles/open-cycle-now.ts';
import { applyOrg, loadOrgFile } from '../../src/app/org/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import type { OutboxRow } from '../../src/db/repositories/outbox.ts';
import { outbox, teams } from '../../src/db/schema/index.ts';
import { type RedisServer, startRedisServer } from '../../src/infra/redis-process.ts';
import { type CliProcess, cliEnv, spawnCli, tempDir } from './cli-process.ts';
import { createTestDatabase, type TestDatabase } from './databases.ts';
import { type FakeSlack, startFakeSlack } from './fake-slack.ts';
import { startSlowSlack } from './fault-slack-proxy.ts';

export const WORKSPACE = 'T0000REFLEKS';
export const SIGNING_SECRET = 'fault-signing-secret';
/** The shortest lease Refleks accepts: a dead sender's messages wait this long before another sends them. */
const SHORTEST_LEASE_SECONDS = 5;

const pad = (i: number) => String(i).padStart(2, '0');
const channelOf = (i: number) => `CFAULT${pad(i)}`;
const memberOf = (i: number, who: 'A' | 'B') => `U${who}${pad(i)}`;
/** Team nn posts in channel `CFAULT<nn>` and has two members, `UA<nn>` and `UB<nn>`. */
export const memberIn = (channel: string, who: 'A' | 'B') => memberOf(Number(channel.slice(-2)), who);

/**
 * One school, `count` teams each bound to its own channel of one Slack workspace. The weekly time is
 * three days ahead, so a cycle opened now stays open for days (it closes before the next one).
 */
function faultOrg(count: number): string {
  const weekday = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'Europe/Oslo' })
    .format(new Date(Date.now() + 3 * 86_400_000))
    .toLowerCase();
  const lines = [
    'owner: { key: fault, name: Feilkommune }',
    'schools:',
    '  - { key: fault, name: Feil skole, locale: nb }',
    'teams:',
  ];
  for (let i = 1; i <= count; i++) {
    lines.push(
      `  - { key: fault-${pad(i)}, school: fault, name: Team ${pad(i)}, programme: elevene-vare, ` +
        `schedule: { weekday: ${weekday}, time: "12:00" }, slack: { team_id: ${WORKSPACE}, channel_id: ${channelOf(i)} } }`,
    );
  }
  lines.push('people:');
  for (let i = 1; i <= count; i++) {
    for (const who of ['A', 'B'] as const) {
      const user = memberOf(i, who);
      lines.push(
        `  - { email: ${user.toLowerCase()}@fault.example, name: Person ${user}, ` +
          `slack: { team_id: ${WORKSPACE}, user_id: ${user} }, roles: [{ role: member, team: fault-${pad(i)} }] }`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface FaultWorld {
  teams: number;
  /** REFLEKS_OUTBOX_LEASE_SECONDS of every Refleks process. */
  leaseSeconds: number;
  /** The test's own connections, for setting up and looking: the Refleks processes have their own. */
  database: Database;
  databaseUrl: string;
  fake: FakeSlack;
  redisUrl: string;
  /** The settings every Refleks process of the test runs with, as an operator would set them. */
  env(extra?: Record<string, string>): Record<string, string>;
  /** `refleks serve --role <role>` as a child process in its own process group. */
  spawn(role: 'worker' | 'web', extra?: Record<string, string>): CliProcess;
  /** BullMQ workers connected to the queue right now (each `serve` worker has one). */
  workerCount(): Promise<number>;
  /**
   * Pending rows whose send job is active: taken from the queue by a worker that has not claimed the
   * row (yet, or ever: it died). The tick cannot hand these over again (same job id).
   */
  sendsTakenNotClaimed(): Promise<number>;
  /** Opens every team's cycle now and hands the prompts to the queue: the fan-out starts. */
  openCycles(): Promise<OutboxRow[]>;
  /** One tick, now: stands in for the minute tick where waiting for it would only make the test slow. */
  tickNow(): Promise<void>;
  /** Stops the private redis-server, runs `whileDown`, and starts a new, empty one on the same port. */
  restartRedis(whileDown: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface FaultWorldOptions {
  teams: number;
  /** How long each chat.postMessage answer takes (the message itself is posted at once). */
  postDelayMs: number;
  /** A database of the test's own (a private cluster); default: a new one on the run's PostgreSQL. */
  databaseUrl?: string;
  /** Default: the shortest Refleks accepts (5 s), so that a dead sender's messages go out soon. */
  leaseSeconds?: number;
}

/**
 * Everything a fault test needs around Refleks: its own PostgreSQL database (so children can use it),
 * a private redis-server (the children use Refleks' fixed queue prefix, and one test restarts it),
 * a fake Slack behind a slow network, and the organisation migrated and applied. The minute tick
 * never opens a cycle here (every team's next run is cleared): the test opens them, so the fan-out
 * starts when the test says so.
 */
export async function startFaultWorld(options: FaultWorldOptions): Promise<FaultWorld> {
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
  try {
    const fake = await startFakeSlack({ teamId: WORKSPACE });
    stops.push(() => fake.close());
    const slow = await startSlowSlack(fake.url, options.postDelayMs);
    stops.push(() => slow.close());
    let testDb: TestDatabase | undefined;
    if (!options.databaseUrl) {
      testDb = await createTestDatabase();
      stops.push(() => testDb!.drop());
    }
    const databaseUrl = options.databaseUrl ?? testDb!.url;
    let redis: RedisServer = await startRedisServer();
    stops.push(() => redis.stop());
    const admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    stops.push(async () => admin.disconnect());
    const queue: JobQueue = createJobQueue(admin);
    // Redis going away is what some of these tests are about: its errors are expected, not news.
    admin.on('error', () => {});
    queue.queue.on('error', () => {});
    stops.push(() => queue.close());
    const database = await openDatabase({ url: databaseUrl }, { max: 4 });
    stops.push(() => database.close());
    await migrateDatabase(database);

    const dir = tempDir('refleks-fault-org-');
    try {
      const file = join(dir.path, 'org.yaml');
      writeFileSync(file, faultOrg(options.teams));
      await applyOrg(database.db, await loadOrgFile(file), { now: systemClock.now() });
    } finally {
      dir.remove();
    }
    await database.db.update(teams).set({ nextRunAt: null });

    const leaseSeconds = options.leaseSeconds ?? SHORTEST_LEASE_SECONDS;
    const env = (extra: Record<string, string> = {}) => ({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      SLACK_BOT_TOKEN: 'xoxb-fault-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slow.url,
      REFLEKS_OUTBOX_LEASE_SECONDS: String(leaseSeconds),
      // The slow network paces the fan-out (8 sends at a time); the shared send budget stays out of the way.
      REFLEKS_SLACK_MESSAGES_PER_MINUTE: '6000',
      REFLEKS_LOCAL_CHAT: 'off',
      REFLEKS_DEMO: 'off',
      ...extra,
    });
    return {
      teams: options.teams,
      leaseSeconds,
      database,
      databaseUrl,
      fake,
      redisUrl: redis.url,
      env,
      spawn: (role, extra) => spawnCli(['serve', '--role', role], cliEnv(env(extra))),
      workerCount: async () => (await queue.queue.getWorkers()).length,
      async sendsTakenNotClaimed() {
        const pending = await database.db
          .select({ id: outbox.id, attempts: outbox.attempts })
          .from(outbox)
          .where(eq(outbox.status, 'pending'));
        const states = await Promise.all(
          pending.map((r) => queue.queue.getJobState(sendJobId(r.id, r.attempts))),
        );
        return states.filter((state) => state === 'active').length;
      },
      async openCycles() {
        const rows: OutboxRow[] = [];
        for (let i = 1; i <= options.teams; i++) {
          const opened = await openCycleNow({ db: database.db, clock: systemClock }, `fault-${pad(i)}`);
          if (opened.outbox) rows.push(opened.outbox);
        }
        await queue.enqueueSends(rows);
        return rows;
      },
      tickNow: () => queue.runTickNow(),
      async restartRedis(whileDown) {
        await redis.stop();
        try {
          await whileDown();
        } finally {
          redis = await startRedisServer({ port: redis.port });
        }
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
