import { eq } from 'drizzle-orm';
import type { MessageRef, Platform } from '../../core/chat/port.ts';
import { NotFoundError, PermanentDeliveryError, RateLimitedError } from '../../core/errors.ts';
import { teamWithSchool } from '../../db/repositories/organisation.ts';
import {
  type Claim,
  claimOutbox,
  markFailed,
  markSent,
  markSkipped,
  releaseForRetry,
} from '../../db/repositories/outbox.ts';
import {
  clearTeamUnreachable,
  markPersonUnreachable,
  markTeamUnreachable,
} from '../../db/repositories/reachability.ts';
import { cycles } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';
import { NotReadyError } from './errors.ts';
import { sendOutbox } from './render-outbox.ts';

export type DeliveryResult = 'sent' | 'skipped' | 'not_claimed' | 'superseded';

const NOT_READY_DELAY_MS = 5_000;
const MAX_BACKOFF_MS = 10 * 60_000;
/** After this many tries a message is given up on and marked failed, for an operator to look at. */
export const MAX_ATTEMPTS = 12;
/**
 * Waiting is not failing: a message held back by the platform's limits (429, our own shared budget)
 * or waiting for its prompt gets many more turns before anyone gives up on it.
 */
export const MAX_WAITS = 120;

/** How long to wait before the next try: what the platform asked for, or a growing pause. */
function retryDelay(error: unknown, attempts: number): number {
  if (error instanceof RateLimitedError) return error.retryAfterMs;
  if (error instanceof NotReadyError) return NOT_READY_DELAY_MS;
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/**
 * Sends one outbox row. Claiming first makes two workers (or a job retried while a slow first try
 * is still running) send it once. Errors put the row back with a time to try again and are rethrown,
 * so the queue's own retry and backoff apply; a permanent error marks the row failed for good.
 */
export async function deliverOutbox(deps: AppDeps, outboxId: string): Promise<DeliveryResult> {
  const row = await claimOutbox(deps.db, outboxId, deps.clock.now(), deps.outboxLeaseMs);
  if (!row) return 'not_claimed';
  try {
    const ctx = row.teamId ? await teamWithSchool(deps.db, row.teamId) : null;
    if (!ctx) throw new PermanentDeliveryError(`outbox ${row.key} has no team`);
    const adapter = deps.adapters[ctx.team.platform as Platform];
    if (!adapter) throw new PermanentDeliveryError(`no chat adapter for platform "${ctx.team.platform}"`);
    const outcome = await sendOutbox({ db: deps.db, adapter, row, ...ctx, links: deps.links });
    if ('skip' in outcome) return (await markSkipped(deps.db, row, outcome.skip)) ? 'skipped' : 'superseded';
    const recorded = await recordSent(deps, row, outcome.sent);
    // Something reached the team's channel: whatever made it unreachable is over.
    if (recorded && outcome.sent?.conversation.conversationId === ctx.team.channelId) {
      await clearTeamUnreachable(deps.db, ctx.team.id);
    }
    return recorded ? 'sent' : 'superseded';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof PermanentDeliveryError) await noteUnreachable(deps, row, error);
    // A message that is gone (NotFound) cannot be updated by trying again either.
    const waiting = error instanceof RateLimitedError || error instanceof NotReadyError;
    const permanent =
      error instanceof PermanentDeliveryError ||
      error instanceof NotFoundError ||
      row.attempts >= (waiting ? MAX_WAITS : MAX_ATTEMPTS);
    if (permanent) {
      await markFailed(deps.db, row, message);
    } else {
      const notBefore = new Date(deps.clock.now().getTime() + retryDelay(error, row.attempts));
      await releaseForRetry(deps.db, row, notBefore, message);
    }
    deps.logger.warn({ outbox: row.key, attempts: row.attempts, err: message }, 'delivery failed');
    throw permanent && !(error instanceof PermanentDeliveryError)
      ? new PermanentDeliveryError(message, { cause: error })
      : error;
  }
}

const RECORD_TRIES = 4;
const RECORD_PAUSE_MS = 500;

/**
 * Records a post that went out. Worth several tries: giving up puts the row back, and it is posted
 * again — after a database restart the first query on a new connection can still fail.
 */
async function recordSent(
  deps: AppDeps,
  row: Claim & { kind: string; cycleId: string | null },
  sent: MessageRef | null,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction(async (tx) => {
        if (!(await markSent(tx, row, deps.clock.now(), sent))) return false;
        // Replies, counts and the summary hang on the prompt: remember where it is, with the same write.
        if (row.kind === 'prompt' && row.cycleId && sent) {
          await tx.update(cycles).set({ promptMessageId: sent.messageId }).where(eq(cycles.id, row.cycleId));
        }
        return true;
      });
    } catch (error) {
      if (attempt >= RECORD_TRIES) throw error;
      deps.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'recording a sent message',
      );
      await new Promise((resolve) => setTimeout(resolve, RECORD_PAUSE_MS * attempt));
    }
  }
}

/** A permanent failure says what is gone; mark it so an operator sees it in `refleks status`. */
async function noteUnreachable(
  deps: AppDeps,
  row: { teamId: string | null; personId: string | null },
  error: PermanentDeliveryError,
) {
  if (!error.unreachable || !row.teamId) return;
  const ctx = await teamWithSchool(deps.db, row.teamId);
  if (!ctx) return;
  if (error.unreachable === 'person' && row.personId) {
    await markPersonUnreachable(
      deps.db,
      { personId: row.personId, platform: ctx.team.platform, tenantId: ctx.team.tenantId },
      error.message,
    );
  } else if (error.unreachable !== 'person') {
    await markTeamUnreachable(deps.db, ctx.team.id, error.message, deps.clock.now());
  }
}
