import type { Logger } from 'pino';
import type { ChatAdapter, Platform } from '../core/chat/port.ts';
import type { Clock } from '../core/clock.ts';
import type { Db } from '../db/client.ts';

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
}
