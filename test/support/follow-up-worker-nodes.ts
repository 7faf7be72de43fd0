/**
 * Worker processes for the follow-up tests, started inside the test process: each node has its own
 * PostgreSQL pool, Redis connections, job queue and BullMQ worker on the local platform, and is either
 * shut down gracefully or crashes. Its platform can hold the next follow-up mid-delivery.
 */
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { LocalAdapter } from '../../adapters/local/adapter.ts';
import { createJobQueue, type JobQueue } from '../../jobs/queue.ts';
import { createWorker } from '../../jobs/worker.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import type { ConversationRef, MessageRef } from '../../src/core/chat/port.ts';
import type { Clock } from '../../src/core/clock.ts';
import type { Card } from '../../src/core/ui/model.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { followUpOf } from './follow-up-records.ts';
import { silentLogger } from './loop-harness.ts';

/**
 * The local platform, with one difference a test needs: the next follow-up it posts can be held
 * mid-delivery (claimed, not yet posted), as in a worker that is stopped or dies at that moment.
 */
export class HoldableLocalAdapter extends LocalAdapter {
  private held: { entered: (conversationId: string) => void; release: Promise<void> } | null = null;

  holdNextFollowUp() {
    let entered!: (conversationId: string) => void;
    let release!: () => void;
    const reached = new Promise<string>((resolve) => {
      entered = resolve;
    });
    this.held = {
      entered,
      release: new Promise<void>((resolve) => {
        release = resolve;
      }),
    };
    return { reached, release };
  }

  override async post(to: ConversationRef, card: Card): Promise<MessageRef> {
    const held = this.held;
    if (held && followUpOf(card)) {
      this.held = null;
      held.entered(to.conversationId);
      await held.release;
    }
    return super.post(to, card);
  }
}

/** One worker process: its own PostgreSQL pool, Redis connections, queue and BullMQ worker. */
export interface WorkerNode {
  name: string;
  database: Database;
  redis: Redis;
  workerRedis: Redis;
  queue: JobQueue;
  adapter: HoldableLocalAdapter;
  deps: AppDeps;
  worker: ReturnType<typeof createWorker>;
  /** Closes everything gracefully (the worker waits for the jobs it is running). */
  shutdown(): Promise<void>;
  /** Dies as a killed process would: jobs in flight never finish, connections just drop. */
  crash(): Promise<void>;
}

/** Starts a node on the database at `url` and the run's Redis, with queue keys under `prefix`. */
export async function startWorkerNode(
  name: string,
  o: { url: string; clock: Clock; prefix: string },
): Promise<WorkerNode> {
  const { clock, prefix } = o;
  const database = await openDatabase({ url: o.url }, { max: 4 });
  const redis = new Redis(inject('redisUrl'), { maxRetriesPerRequest: null });
  const workerRedis = redis.duplicate();
  const queue = createJobQueue(redis, { prefix });
  const adapter = new HoldableLocalAdapter(database.db);
  const deps: AppDeps = {
    db: database.db,
    clock,
    adapters: { local: adapter },
    queue,
    logger: silentLogger,
  };
  const worker = createWorker(deps, workerRedis, { prefix, concurrency: 4 });
  let closed = false;
  return {
    name,
    database,
    redis,
    workerRedis,
    queue,
    adapter,
    deps,
    worker,
    async shutdown() {
      if (closed) return;
      closed = true;
      await worker.close();
      await queue.close();
      await workerRedis.quit();
      await redis.quit();
      await database.close();
    },
    async crash() {
      if (closed) return;
      closed = true;
      await worker.close(true);
      workerRedis.disconnect();
      redis.disconnect();
      await database.close();
    },
  };
}
