import { and, eq, inArray, lte, notInArray } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { cycles, outbox, teams } from '../../src/db/schema/index.ts';
import { type CliProcess, StopWaiting, sleep } from './cli-process.ts';
import type { FakeSlack } from './fake-slack.ts';

/** Top-level messages (the prompts) per channel, as they stand in Slack: channel → their ts. */
export function promptPosts(fake: FakeSlack): Map<string, string[]> {
  const posts = new Map<string, string[]>();
  for (const m of fake.messages()) {
    if (m.thread_ts) continue;
    posts.set(m.channel, [...(posts.get(m.channel) ?? []), m.ts]);
  }
  return posts;
}

export const postedCount = (fake: FakeSlack) => fake.messages().filter((m) => !m.thread_ts).length;

/**
 * The channels of the prompts a sender holds right now (claimed, not yet recorded): the sends in
 * flight. Only these may reach Slack twice after a fault. `leaseEndsBy` keeps only claims whose lease
 * ends by then, i.e. claims made before a moment (the later the claim, the later its lease ends).
 */
export async function promptsInFlight(db: Db, leaseEndsBy?: Date): Promise<string[]> {
  const rows = await db
    .select({ channel: teams.channelId })
    .from(outbox)
    .innerJoin(teams, eq(teams.id, outbox.teamId))
    .where(
      and(
        eq(outbox.kind, 'prompt'),
        eq(outbox.status, 'sending'),
        leaseEndsBy ? lte(outbox.lockedUntil, leaseEndsBy) : undefined,
      ),
    );
  return rows.map((r) => r.channel).sort();
}

/** Outbox rows by status, e.g. `{ sent: 40, sending: 8 }`. */
export async function outboxStatuses(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const { status } of await db.select({ status: outbox.status }).from(outbox)) {
    counts[status] = (counts[status] ?? 0) + 1;
  }
  return counts;
}

/**
 * Waits until every outbox row is sent (or skipped: nothing left to send). `nudge`, when given, runs
 * every `nudgeEveryMs`; queries that fail (the database is still coming back) are simply tried again.
 * A nudge that throws StopWaiting ends the wait at once. `allowOpen` rows may still be unsent.
 */
export async function waitForDelivery(
  db: Db,
  options: { timeoutMs: number; nudge?: () => Promise<void>; nudgeEveryMs?: number; allowOpen?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let nextNudge = 0;
  let last: Record<string, number> | string = 'nothing read yet';
  while (Date.now() < deadline) {
    if (options.nudge && Date.now() >= nextNudge) {
      nextNudge = Date.now() + (options.nudgeEveryMs ?? 2_000);
      // A nudge that says stop (a process died) ends the wait; other failures are tried again.
      await options.nudge().catch((error: unknown) => {
        if (error instanceof StopWaiting) throw error;
      });
    }
    try {
      last = await outboxStatuses(db);
      const open = Object.entries(last)
        .filter(([status]) => status !== 'sent' && status !== 'skipped')
        .reduce((sum, [, count]) => sum + count, 0);
      if (Object.keys(last).length && open <= (options.allowOpen ?? 0)) return;
    } catch (error) {
      last = String(error);
    }
    await sleep(200);
  }
  const open = await db
    .select({
      key: outbox.key,
      status: outbox.status,
      attempts: outbox.attempts,
      notBefore: outbox.notBefore,
      lockedUntil: outbox.lockedUntil,
      lastError: outbox.lastError,
    })
    .from(outbox)
    .where(notInArray(outbox.status, ['sent', 'skipped']))
    .catch((error: unknown) => String(error));
  throw new Error(
    `outbox not delivered within ${options.timeoutMs} ms: ${JSON.stringify(last)}\n${JSON.stringify(open, null, 1)}`,
  );
}

export interface DeliveryReport {
  /** Channels with no prompt at all. */
  missing: string[];
  /** Prompts posted more than once: one per extra post. */
  duplicates: number;
  duplicatedChannels: string[];
  /** Cycles whose stored prompt is not one of the messages posted in their channel. */
  wrongRef: string[];
  /** Outbox rows that ended anywhere but sent (a count or an echo may be skipped: superseded). */
  notSent: string[];
}

/** What reached Slack, against what Refleks recorded. */
export async function deliveryReport(db: Db, fake: FakeSlack): Promise<DeliveryReport> {
  const posts = promptPosts(fake);
  const teamRows = await db.select({ id: teams.id, channel: teams.channelId }).from(teams);
  const channelOf = new Map(teamRows.map((t) => [t.id, t.channel]));
  const cycleRows = await db.select({ teamId: cycles.teamId, ref: cycles.promptMessageId }).from(cycles);
  const rows = await db.select({ key: outbox.key, kind: outbox.kind, status: outbox.status }).from(outbox);
  const duplicatedChannels = [...posts].filter(([, ts]) => ts.length > 1).map(([channel]) => channel);
  return {
    missing: teamRows.filter((t) => !posts.has(t.channel)).map((t) => t.channel),
    duplicates: [...posts.values()].reduce((sum, ts) => sum + ts.length - 1, 0),
    duplicatedChannels: duplicatedChannels.sort(),
    wrongRef: cycleRows
      .filter((c) => !(posts.get(channelOf.get(c.teamId) ?? '') ?? []).includes(c.ref ?? ''))
      .map((c) => channelOf.get(c.teamId) ?? c.teamId),
    notSent: rows
      .filter((r) => r.status !== 'sent' && !(r.status === 'skipped' && r.kind !== 'prompt'))
      .map((r) => `${r.key}: ${r.status}`),
  };
}

/** For a wait's probe: stops it at once, with the process's last words, when one has exited. */
export function assertRunning(procs: CliProcess[]): void {
  for (const p of procs) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      const how = p.child.exitCode ?? p.child.signalCode;
      throw new StopWaiting(`a Refleks process exited (${how}):\n${p.stderr().slice(-2_000)}`);
    }
  }
}

/**
 * Prompts posted more than once although they were not in flight at the fault, each with its outbox
 * row and what `log` (a Refleks process's output) says about it: the evidence for a failure.
 */
export async function duplicatesNotInFlight(
  db: Db,
  report: DeliveryReport,
  inFlight: string[],
  log = '',
): Promise<string[]> {
  const extra = report.duplicatedChannels.filter((channel) => !inFlight.includes(channel));
  if (!extra.length) return [];
  const rows = await db
    .select({ channel: teams.channelId, id: outbox.id, key: outbox.key, attempts: outbox.attempts })
    .from(outbox)
    .innerJoin(teams, eq(teams.id, outbox.teamId))
    .where(and(eq(outbox.kind, 'prompt'), inArray(teams.channelId, extra)));
  return rows.map((r) => {
    // Log lines name the row by its key (delivery) or by its id (the queue's job id).
    const said = log.split('\n').filter((line) => line.includes(r.key) || line.includes(r.id));
    return `${r.channel} (${r.key}, ${r.attempts} attempts) ${said.join(' ').slice(0, 600)}`;
  });
}
