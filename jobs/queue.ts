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
const READY_WAIT_MS = 1_000;

/** Whether the connection is ready now or becomes so within `ms`. */
function readyWithin(connection: Redis, ms: number): Promise<boolean> {
  if (connection.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      connection.off('ready', onReady);
      resolve(ready);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    connection.on('ready', onReady);
  });
}

export function createJobQueue(connection: Redis, options: { prefix?: string } = {}): JobQueue {
  const queue = new Queue(QUEUE_NAME, { connection, prefix: options.prefix ?? REDIS_PREFIX });
  return {
    queue,
    async enqueueSends(rows) {
      // Redis away: the rows are safe in PostgreSQL and the tick hands them over once it is back.
      // Waiting in ioredis's offline queue instead held a person's answer past Slack's 3 s. A new
      // connection (the CLI's) gets a moment to finish connecting.
      if (rows.length && !(await readyWithin(connection, READY_WAIT_MS))) {
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
