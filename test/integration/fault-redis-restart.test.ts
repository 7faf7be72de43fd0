import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { getFreePort } from '../../src/infra/child-process.ts';
import { type Running, startRefleks } from '../../src/runtime/start.ts';
import { sleep, waitFor } from '../support/cli-process.ts';
import {
  type AnswerAttempt,
  lostAnswers,
  openCycleByChannel,
  sendAgainUntilSaved,
  storedAnswer,
  submitAnswer,
} from '../support/fault-answers.ts';
import {
  deliveryReport,
  duplicatesNotInFlight,
  postedCount,
  promptPosts,
  promptsInFlight,
  waitForDelivery,
} from '../support/fault-checks.ts';
import { type FaultWorld, memberIn, startFaultWorld } from '../support/fault-world.ts';
import { silentLogger } from '../support/loop-harness.ts';

const TEAMS = 48;
const POST_DELAY_MS = 500;
/** How long Redis stays away: longer than the 2.5 s a Slack request may take before we answer it. */
const REDIS_DOWN_MS = 4_000;
const ANSWERS = 6;

/**
 * Redis is only the queue: PostgreSQL holds what is due. A redis-server stopped in the middle of a
 * fan-out and replaced by an empty one on the same port loses every queued send and the tick's
 * scheduler; the worker reconnects and puts the scheduler back (checked every 500 ms here instead of
 * every minute), the scheduler's first tick hands the outbox over again, and every prompt goes out.
 * People answering in Slack while Redis is away lose nothing they were told was saved.
 *
 * The worker and the web process run in this process (startRefleks, as `serve --role worker|web`
 * does): in a child, the scheduler check would take a minute, and it is the check that is tested here.
 */
describe('Redis restarted empty in the middle of a fan-out', { timeout: 90_000 }, () => {
  let world: FaultWorld | undefined;
  const running: Running[] = [];
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop().catch(() => {});
    await world?.stop();
    world = undefined;
  });

  const start = async (w: FaultWorld, role: 'worker' | 'web') => {
    const config = loadConfig({ ...w.env(), PORT: String(await getFreePort()), LOG_LEVEL: 'silent' });
    const r = await startRefleks(config, { role, logger: silentLogger, schedulerCheckMs: 500 });
    running.push(r);
    // BullMQ prints a queue's connection errors when nobody listens; here they are the point.
    r.queue.queue.on('error', () => {});
    return r;
  };

  it('sends every prompt, none twice beyond those in flight, and keeps every answer given meanwhile', async ({
    annotate,
  }) => {
    world = await startFaultWorld({ teams: TEAMS, postDelayMs: POST_DELAY_MS });
    const w = world;
    await start(w, 'worker');
    const web = await start(w, 'web');
    await waitFor('the worker to connect', async () => (await w.workerCount()) === 1, 30_000);
    await w.openCycles();
    await waitFor(
      'a quarter of the prompts posted',
      async () => postedCount(w.fake) >= TEAMS / 4,
      20_000,
      20,
    );

    // People of teams whose prompt is there answer it while Redis is away.
    const cycleOf = await openCycleByChannel(w.database.db);
    const answerers = [...promptPosts(w.fake).keys()].slice(0, ANSWERS).map((channel) => ({
      channel,
      user: memberIn(channel, 'A'),
      cycleId: cycleOf.get(channel)!,
      text: `Svar fra ${memberIn(channel, 'A')} mens Redis var borte`,
    }));
    const attempts: AnswerAttempt[] = [];
    let inFlight: string[] = [];
    let postedAtStop = 0;
    let downAt = 0;
    await w.restartRedis(async () => {
      downAt = Date.now();
      postedAtStop = postedCount(w.fake);
      // Sends already claimed carry on (only PostgreSQL and Slack are needed); nothing new is taken.
      await sleep(300);
      inFlight = await promptsInFlight(w.database.db);
      attempts.push(...(await Promise.all(answerers.map((a) => submitAnswer(web.url!, a)))));
      await sleep(Math.max(0, downAt + REDIS_DOWN_MS - Date.now()));
    });
    const backAt = Date.now();
    expect(postedAtStop).toBeLessThan(TEAMS);

    await waitForDelivery(w.database.db, { timeoutMs: 30_000 });
    const recoveredMs = Date.now() - backAt;
    const report = await deliveryReport(w.database.db, w.fake);
    expect(report.missing).toEqual([]);
    expect(report.notSent).toEqual([]);
    expect(report.wrongRef).toEqual([]);
    expect(report.duplicates).toBeLessThanOrEqual(inFlight.length);
    expect(await duplicatesNotInFlight(w.database.db, report, inFlight)).toEqual([]);

    // Redis being away is no reason to lose an answer: PostgreSQL took each one, during the outage.
    for (const a of answerers) expect(await storedAnswer(w.database.db, a.user, a.cycleId)).toBe(a.text);
    // Where Slack showed an error (no answer within its 3 s), the person sends the form again.
    const duringOutage = [...attempts];
    const again = duringOutage.filter((x) => x.outcome !== 'saved');
    for (const tries of await Promise.all(
      again.map((a) => sendAgainUntilSaved(web.url!, a, { tries: 3, pauseMs: 2_000 })),
    )) {
      attempts.push(...tries);
    }
    expect(duringOutage.filter((a) => a.outcome === 'other')).toEqual([]);
    expect(await lostAnswers(w.database.db, attempts)).toEqual([]);
    // …and the team sees each answer in the prompt's thread once the queue is back.
    await waitForDelivery(w.database.db, { timeoutMs: 30_000 });
    for (const a of answerers) {
      expect(w.fake.messages(a.channel).some((m) => m.thread_ts && m.text.includes(a.text))).toBe(true);
    }
    await annotate(
      `[fault] Redis restarted empty: posted at stop ${postedAtStop}/${TEAMS}, in flight ${inFlight.length}, ` +
        `duplicates ${report.duplicates}, all delivered ${recoveredMs} ms after Redis was back; ` +
        `answers while down: ${duringOutage.map((a) => `${a.outcome} in ${a.ms} ms`).join(', ')}; ` +
        `sent again: ${
          attempts
            .slice(duringOutage.length)
            .map((a) => a.outcome)
            .join(', ') || 'none'
        }`,
    );
  });
});
