import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { SendQueue } from '../src/app/deps.ts';
import { RefleksError } from '../src/core/errors.ts';
import { jobCatalog, QUEUE_NAME, REDIS_PREFIX, sendJobId, TICK_EVERY_MS } from './catalog.ts';

export interface JobQueue extends SendQueue {
  queue: Queue;
  /** One scheduler for the whole deployment: upserting it again from another process changes nothing. */
  scheduleTick(): Promise<void>;
  runTickNow(): Promise<void>;
  close(): Promise<void>;
}

const BULK = 1_000;

export function createJobQueue(connection: Redis, options: { prefix?: string } = {}): JobQueue {
  const queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix ?? REDIS_PREFIX });
  return {
    queue,
    async enqueueSends(rows) {
      // Redis away: the rows are safe in PostgreSQL and the tick hands them over once it is back.
      // Waiting in ioredis's offline queue instead held a person's answer past Slack's 3 s.
      if (rows.length && connection.status !== 'ready') {
        throw new RefleksError('queue_unavailable', `Redis is not ready (${connection.status})`);
      }
      // In chunks: one addBulk is one MULTI, and ten thousand jobs in one would hold Redis up.
      for (let i = 0; i < rows.length; i += BULK) {
        await queue.addBulk(
          rows.slice(i, i + BULK).map((row) => ({
            name: 'send',
            data: { outboxId: row.id },
            opts: { ...jobCatalog.send.options, jobId: sendJobId(row.id, row.attempts) },
          })),
        );
      }
    },
    async scheduleTick() {
      await queue.upsertJobScheduler(
        'tick',
        { every: TICK_EVERY_MS },
        { name: 'tick', data: {}, opts: jobCatalog.tick.options },
      );
    },
    async runTickNow() {
      await queue.add('tick', {}, jobCatalog.tick.options);
    },
    close: () => queue.close(),
  };
}
