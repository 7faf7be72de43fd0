import { and, eq, lte } from 'drizzle-orm';
import { enqueueOutbox, type OutboxRow } from '../../db/repositories/outbox.ts';
import { cycles } from '../../db/schema/index.ts';
import type { AppDeps } from '../deps.ts';

/** Tick stage 3: cycles whose time is up are closed; the summary and the final prompt state follow. */
export async function closeDueCycles(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<OutboxRow[]> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(cycles)
      .where(and(eq(cycles.status, 'open'), lte(cycles.closesAt, now)))
      .for('no key update', { skipLocked: true });
    const written: OutboxRow[] = [];
    for (const cycle of due) {
      await tx.update(cycles).set({ status: 'closed', closedAt: now }).where(eq(cycles.id, cycle.id));
      for (const [key, kind] of [
        [`refresh:${cycle.id}:closed`, 'refresh'],
        [`summary:${cycle.id}`, 'summary'],
      ] as const) {
        const row = await enqueueOutbox(tx, { key, kind, teamId: cycle.teamId, cycleId: cycle.id });
        if (row) written.push(row);
      }
    }
    return written;
  });
}
