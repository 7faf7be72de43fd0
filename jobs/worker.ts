import { DelayedError, type Job, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { runTick } from '../src/app/cycles/tick.ts';
import { deliverOutbox } from '../src/app/delivery/deliver.ts';
import { NotReadyError } from '../src/app/delivery/errors.ts';
import type { AppDeps } from '../src/app/deps.ts';
import { PermanentDeliveryError, RateLimitedError } from '../src/core/errors.ts';
import type { Metrics } from '../src/http/metrics.ts';
import { jobCatalog, QUEUE_NAME, REDIS_PREFIX } from './catalog.ts';

const NOT_READY_DELAY_MS = 5_000;

async function processSend(deps: AppDeps, job: Job, token: string | undefined, metrics?: Metrics) {
  const { outboxId } = jobCatalog.send.schema.parse(job.data);
  try {
    const result = await deliverOutbox(deps, outboxId);
    metrics?.deliveries.inc({ result });
    return result;
  } catch (error) {
    metrics?.deliveries.inc({ result: error instanceof Error ? error.name : 'error' });
    if (error instanceof PermanentDeliveryError) throw new UnrecoverableError(error.message);
    // Waiting for the platform (429) or for the prompt a reply belongs to is not a failed attempt.
    const wait =
      error instanceof RateLimitedError
        ? error.retryAfterMs
        : error instanceof NotReadyError
          ? NOT_READY_DELAY_MS
          : null;
    if (wait !== null && token) {
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    throw error;
  }
}

export function createWorker(
  deps: AppDeps,
  connection: Redis,
  options: { prefix?: string; concurrency?: number; metrics?: Metrics } = {},
) {
  const { metrics } = options;
  const worker = new Worker(
    QUEUE_NAME,
    async (job, token) => {
      switch (job.name) {
        case 'tick':
          jobCatalog.tick.schema.parse(job.data);
          return timed(metrics, () => runTick(deps));
        case 'send':
          return processSend(deps, job, token, metrics);
        default:
          throw new UnrecoverableError(`unknown job ${job.name}`);
      }
    },
    {
      connection,
      prefix: options.prefix ?? REDIS_PREFIX,
      concurrency: options.concurrency ?? 8,
      autorun: true,
    },
  );
  worker.on('failed', (job, err) => {
    deps.logger.warn(
      { job: job?.name, id: job?.id, attempts: job?.attemptsMade, err: err.message },
      'job failed',
    );
  });
  worker.on('error', (err) => deps.logger.error({ err: err.message }, 'worker error'));
  return worker;
}

async function timed<T>(metrics: Metrics | undefined, fn: () => Promise<T>): Promise<T> {
  const end = metrics?.tickSeconds.startTimer();
  try {
    return await fn();
  } finally {
    end?.();
  }
}
