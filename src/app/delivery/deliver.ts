import { eq } from 'drizzle-orm';
import type { Platform } from '../../core/chat/port.ts';
import { PermanentDeliveryError, RateLimitedError } from '../../core/errors.ts';
import { teamWithSchool } from '../../db/repositories/organisation.ts';
import {
  claimOutbox,
  markFailed,
  markSent,
  markSkipped,
  releaseForRetry,
} from '../../db/repositories/outbox.ts';
import { cycles } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { NotReadyError } from './errors.ts';
import { sendOutbox } from './render-outbox.ts';

export type DeliveryResult = 'sent' | 'skipped' | 'not_claimed';

const NOT_READY_DELAY_MS = 5_000;

/**
 * Sends one outbox row. Claiming first makes two workers (or a job retried while a slow first try
 * is still running) send it once. Errors put the row back with a time to try again and are rethrown,
 * so the queue's own retry and backoff apply; a permanent error marks the row failed for good.
 */
export async function deliverOutbox(deps: AppDeps, outboxId: string): Promise<DeliveryResult> {
  const now = deps.clock.now();
  const row = await claimOutbox(deps.db, outboxId, now);
  if (!row) return 'not_claimed';
  try {
    const ctx = row.teamId ? await teamWithSchool(deps.db, row.teamId) : null;
    if (!ctx) throw new PermanentDeliveryError(`outbox ${row.key} has no team`);
    const adapter = deps.adapters[ctx.team.platform as Platform];
    if (!adapter) throw new PermanentDeliveryError(`no chat adapter for platform "${ctx.team.platform}"`);
    const outcome = await sendOutbox({ db: deps.db, adapter, row, ...ctx });
    if ('skip' in outcome) {
      await markSkipped(deps.db, row.id, outcome.skip);
      return 'skipped';
    }
    await deps.db.transaction(async (tx) => {
      await markSent(tx, row.id, deps.clock.now(), outcome.sent);
      // Replies, counts and the summary hang on the prompt: remember where it is, with the same write.
      if (row.kind === 'prompt' && row.cycleId && outcome.sent) {
        await tx
          .update(cycles)
          .set({ promptMessageId: outcome.sent.messageId })
          .where(eq(cycles.id, row.cycleId));
      }
    });
    return 'sent';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PermanentDeliveryError) {
      await markFailed(deps.db, row.id, message);
    } else {
      const wait =
        error instanceof RateLimitedError
          ? error.retryAfterMs
          : error instanceof NotReadyError
            ? NOT_READY_DELAY_MS
            : 0;
      await releaseForRetry(deps.db, row.id, new Date(deps.clock.now().getTime() + wait), message);
    }
    deps.logger.warn({ outbox: row.key, attempts: row.attempts, err: message }, 'delivery failed');
    throw error;
  }
}
