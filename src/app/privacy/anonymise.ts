import { and, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import { foldRatings } from '../../core/privacy/retention.ts';
import { forChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { cycles, responses } from '../../db/schema/index.ts';

/**
 * What is left of an answer once it is anonymised: the row, so a round's participation still adds
 * up, and its rating folded into the round's counts. No words, no rating on the row, no person.
 * Retention, a person's "delete my answers" and the owner's erase all end here.
 */
export async function anonymiseResponses(tx: Db, which: SQL): Promise<number> {
  const rows = await tx
    .select({ id: responses.id, cycleId: responses.cycleId, rating: responses.rating })
    .from(responses)
    .where(
      and(which, or(isNotNull(responses.personId), isNotNull(responses.body), isNotNull(responses.rating))),
    )
    .for('update');
  await foldIntoRounds(tx, rows);
  await forChunks(
    rows.map((r) => r.id),
    (ids) =>
      tx
        .update(responses)
        .set({ personId: null, body: null, rating: null, editedAt: null })
        .where(inArray(responses.id, ids)),
  );
  return rows.length;
}

/** Raw ratings past the owner's limit: folded into the round's counts; the answer's words stay. */
export async function foldRawRatings(tx: Db, which: SQL): Promise<number> {
  const rows = await tx
    .select({ id: responses.id, cycleId: responses.cycleId, rating: responses.rating })
    .from(responses)
    .where(and(which, isNotNull(responses.rating)))
    .for('update');
  await foldIntoRounds(tx, rows);
  await forChunks(
    rows.map((r) => r.id),
    (ids) => tx.update(responses).set({ rating: null }).where(inArray(responses.id, ids)),
  );
  return rows.length;
}

async function foldIntoRounds(tx: Db, rows: { cycleId: string; rating: number | null }[]) {
  const byRound = new Map<string, number[]>();
  for (const row of rows) {
    if (row.rating === null) continue;
    byRound.set(row.cycleId, [...(byRound.get(row.cycleId) ?? []), row.rating]);
  }
  for (const [cycleId, ratings] of byRound) {
    const [round] = await tx
      .select({ counts: cycles.ratingCounts })
      .from(cycles)
      .where(inArray(cycles.id, [cycleId]))
      .for('update');
    await tx
      .update(cycles)
      .set({ ratingCounts: foldRatings(round?.counts, ratings) })
      .where(inArray(cycles.id, [cycleId]));
  }
}
