import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, killAllCli, sleep, waitFor } from '../support/cli-process.ts';
import {
  assertRunning,
  deliveryReport,
  duplicatesNotInFlight,
  postedCount,
  promptsInFlight,
  waitForDelivery,
} from '../support/fault-checks.ts';
import { type FaultWorld, startFaultWorld } from '../support/fault-world.ts';

const TEAMS = 48;
/** 48 prompts, 8 at a time, half a second each: a fan-out of about 3 s per worker. */
const POST_DELAY_MS = 500;

/**
 * `refleks serve --role worker` processes send the week's prompts of 48 teams; one is killed with
 * SIGKILL half-way. Every team still gets its prompt, and a prompt reaches Slack twice only if it was
 * in flight at the kill (posted, not yet recorded: the sender died before it could say so).
 */
describe('a worker killed with SIGKILL in the middle of a fan-out', { timeout: 150_000 }, () => {
  let world: FaultWorld | undefined;
  afterEach(async () => {
    await killAllCli();
    await world?.stop();
    world = undefined;
  });

  /** Starts the fan-out once `workers` are all listening, and kills `victim` when a quarter is posted. */
  async function killMidFanOut(w: FaultWorld, workers: CliProcess[], victim: CliProcess) {
    await waitFor(
      'the workers to connect',
      async () => {
        assertRunning(workers);
        return (await w.workerCount()) === workers.length;
      },
      30_000,
    );
    await w.openCycles();
    await waitFor(
      'a quarter of the prompts posted',
      async () => {
        assertRunning(workers);
        return postedCount(w.fake) >= TEAMS / 4;
      },
      20_000,
      20,
    );
    victim.killGroup();
    await victim.exited;
    // A statement the dead worker had sent may still be finishing inside PostgreSQL.
    await sleep(300);
    const inFlight = await promptsInFlight(w.database.db);
    const postedAtKill = postedCount(w.fake);
    const takenNotClaimed = await w.sendsTakenNotClaimed();
    return { inFlight, postedAtKill, takenNotClaimed, killedAt: Date.now() };
  }

  /**
   * Once the dead sender's lease has run out, the tick hands its rows to the queue again. The tick
   * runs every minute, at any moment, also while live workers are sending; tickNow() every second from
   * the kill on stands in for it (waiting for the minute would only make the test slow).
   *
   * A job the dead worker had taken from the queue but not yet claimed in PostgreSQL is another case:
   * its row is still pending, the tick's new job for it has the same id and is dropped, and only
   * BullMQ hands the job on, once it finds it stalled: the dead worker's lock runs out within 30 s, and
   * the queue is checked every 30 s, a job moved on the second check that finds it. Up to ~90 s: such
   * rows get the long deadline, everything else the short one (it happens in about one run in eight).
   */
  async function recover(w: FaultWorld, killedAt: number, takenNotClaimed: number) {
    const nudge = { nudge: w.tickNow, nudgeEveryMs: 1_000 };
    await waitForDelivery(w.database.db, { timeoutMs: 30_000, allowOpen: takenNotClaimed, ...nudge });
    await waitForDelivery(w.database.db, { timeoutMs: 100_000, ...nudge });
    return Date.now() - killedAt;
  }

  async function expectDeliveredOnce(w: FaultWorld, inFlight: string[]) {
    const report = await deliveryReport(w.database.db, w.fake);
    expect(report.missing).toEqual([]);
    expect(report.notSent).toEqual([]);
    expect(report.wrongRef).toEqual([]);
    expect(report.duplicates).toBeLessThanOrEqual(inFlight.length);
    // Not only as many: the very prompts that were in flight, no others.
    expect(await duplicatesNotInFlight(w.database.db, report, inFlight)).toEqual([]);
    return report;
  }

  it('the only worker: a fresh one sends the rest, and what was in flight at most once more', async ({
    annotate,
  }) => {
    world = await startFaultWorld({ teams: TEAMS, postDelayMs: POST_DELAY_MS });
    const first = world.spawn('worker');
    const { inFlight, postedAtKill, takenNotClaimed, killedAt } = await killMidFanOut(world, [first], first);
    expect(postedAtKill).toBeGreaterThan(0);
    expect(postedAtKill).toBeLessThan(TEAMS);
    expect(inFlight.length).toBeGreaterThan(0); // the kill did hit sends in flight
    expect(inFlight.length).toBeLessThanOrEqual(8); // the worker's concurrency

    const second = world.spawn('worker');
    const recoveredMs = await recover(world, killedAt, takenNotClaimed);
    assertRunning([second]);
    const report = await expectDeliveredOnce(world, inFlight);
    await annotate(
      `[fault] SIGKILL, one worker: posted at kill ${postedAtKill}/${TEAMS}, in flight ${inFlight.length}, ` +
        `duplicates ${report.duplicates}, taken but not claimed ${takenNotClaimed}, ` +
        `all delivered ${recoveredMs} ms after the kill`,
    );
  });

  it('one of two workers: the other carries on and sends what the dead one held once its lease is out', async ({
    annotate,
  }) => {
    world = await startFaultWorld({ teams: TEAMS, postDelayMs: POST_DELAY_MS });
    const victim = world.spawn('worker');
    const survivor = world.spawn('worker');
    const { inFlight, postedAtKill, takenNotClaimed, killedAt } = await killMidFanOut(
      world,
      [victim, survivor],
      victim,
    );
    expect(postedAtKill).toBeLessThan(TEAMS);
    expect(inFlight.length).toBeGreaterThan(0);
    expect(inFlight.length).toBeLessThanOrEqual(16); // both workers' concurrency

    // The killed one comes back, as its supervisor (restart: unless-stopped) would bring it.
    const replacement = world.spawn('worker');
    const recoveredMs = await recover(world, killedAt, takenNotClaimed);
    assertRunning([survivor, replacement]);
    const report = await expectDeliveredOnce(world, inFlight);
    await annotate(
      `[fault] SIGKILL, one of two workers: posted at kill ${postedAtKill}/${TEAMS}, in flight ${inFlight.length}, ` +
        `duplicates ${report.duplicates}, taken but not claimed ${takenNotClaimed}, ` +
        `all delivered ${recoveredMs} ms after the kill`,
    );
  });
});
