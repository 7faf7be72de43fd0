import type { Logger } from 'pino';
import type { ChatAdapter, Platform } from '../core/chat/port.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/client.ts';
import type { OverviewLinks } from './web/overview-links.ts';

/** Hands outbox rows to the job queue; the tick re-hands anything that got lost. */
export interface SendQueue {
  enqueueSends(rows: { id: string; attempts: number }[]): Promise<void>;
}

export interface AppDeps {
  db: Db;
  clock: Clock;
  adapters: Partial<Record<Platform, ChatAdapter>>;
  queue: SendQueue;
  logger: Logger;
  /** Signed links to the web overview; absent where no web server answers them. */
  links?: OverviewLinks;
  /** Signed, short-lived links to download one's own data (`/refleks my-data`). */
  dataLinks?: OverviewLinks;
  /** How long a sender holds a claimed outbox row (REFLEKS_OUTBOX_LEASE_SECONDS); default 2 minutes. */
  outboxLeaseMs?: number;
}

/**
 * Hands freshly written outbox rows to the queue right away, for speed. If Redis is unreachable the
 * rows are safe in PostgreSQL and the next tick hands them over, so the person is never told that
 * their stored answer failed.
 */
export async function handOver(
  deps: Pick<AppDeps, 'queue' | 'logger'>,
  rows: { id: string; attempts: number }[],
) {
  if (!rows.length) return;
  try {
    await deps.queue.enqueueSends(rows);
  } catch (error) {
    deps.logger.warn(
      { err: error instanceof Error ? error.message : String(error), rows: rows.length },
      'queue unreachable; the next tick sends these',
    );
  }
}
