import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Every job Refleks runs: its name, the shape of its data (checked when a job is read back from
 * Redis, which may hold anything) and how it retries and is cleaned up.
 */
export const jobCatalog = {
  tick: {
    schema: z.object({}).passthrough(),
    options: { removeOnComplete: true, removeOnFail: { count: 100 } },
  },
  send: {
    schema: z.object({ outboxId: z.uuid() }),
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: { age: 3_600, count: 5_000 },
      removeOnFail: { age: 7 * 24 * 3_600 },
    },
  },
} as const satisfies Record<string, { schema: z.ZodType; options: JobsOptions }>;

export type JobName = keyof typeof jobCatalog;
export type JobData<N extends JobName> = z.infer<(typeof jobCatalog)[N]['schema']>;

export const QUEUE_NAME = 'refleks';
/**
 * Every Refleks key in Redis starts with this. The braces are a Redis Cluster hash tag: all of a
 * queue's keys land in one slot, which BullMQ's multi-key scripts need on a cluster (and which changes
 * nothing on a single Redis). Changing it orphans jobs under the old prefix; the tick re-creates what
 * is due from PostgreSQL.
 */
export const REDIS_PREFIX = '{refleks}';
export const TICK_EVERY_MS = 60_000;

/**
 * Deterministic: the same outbox row at the same attempt is one job, however often the tick hands
 * it over. BullMQ refuses ':' in custom ids, hence the dashes.
 */
export function sendJobId(outboxId: string, attempts: number): string {
  return `send-${outboxId}-${attempts}`;
}
