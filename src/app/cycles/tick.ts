import { sendableRefs } from '../../db/repositories/outbox.ts';
import type { AppDeps } from '../deps.ts';
import { writeDueDigests } from '../digest/write-digests.ts';
import { writeDueOwnerDigests } from '../digest/write-owner-digests.ts';
import { runDueRetention } from '../privacy/run-due-retention.ts';
import { closeDueCycles } from './close-due-cycles.ts';
import { openDueCycles } from './open-due-cycles.ts';
import { writeDueFollowUps } from './write-due-follow-ups.ts';
import { writeDueNudges } from './write-due-nudges.ts';

export interface TickReport {
  opened: number;
  nudges: number;
  followUps: number;
  digests: number;
  closed: number;
  enqueued: number;
}

/**
 * One minute's work. Postgres says what is due; the queue only executes. The last step hands every
 * sendable outbox row to the queue again, which is how a Redis that lost its data catches up.
 */
export async function runTick(deps: AppDeps): Promise<TickReport> {
  // Close first: last week's summary belongs before this week's prompt.
  const closed = await closeDueCycles(deps);
  const opened = await openDueCycles(deps);
  const nudges = await writeDueNudges(deps);
  const followUps = await writeDueFollowUps(deps);
  const digests = [...(await writeDueDigests(deps)), ...(await writeDueOwnerDigests(deps))];
  const sendable = await sendableRefs(deps.db, deps.clock.now());
  await deps.queue.enqueueSends(sendable);
  // Last, after the sends are handed over: a long night's deletion never holds up a message.
  await runDueRetention(deps);
  return {
    opened: opened.length,
    nudges: nudges.length,
    followUps: followUps.length,
    digests: digests.length,
    closed: closed.filter((r) => r.kind === 'summary').length,
    enqueued: sendable.length,
  };
}
