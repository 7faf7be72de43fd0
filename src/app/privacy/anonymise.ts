import { and, eq, inArray, isNotNull, or, type SQL } from 'drizzle-orm';
import { foldRatings } from '../../core/privacy/retention.ts';
import { forChunks } from '../../db/chunks.ts';
import type { Db } from '../../db/client.ts';
import { enqueueOutbox } from '../../db/repositories/outbox.ts';
import { cycles, outbox, responses, sharedUpdates } from '../../db/schema/index.ts';

/**
 * What is left of an answer once it is anonymised: the row, so a round's participation still adds
 * up, and its rating folded into the round's counts. No words, no rating on the row, no person.
 * Retention, a person's "delete my answers" and the owner's erase all end here.
 */
export async function anonymiseResponses(
  tx: Db,
  which: SQL,
  /**
   * Change Refleks's echoes in the thread too: for a person's own deletion and an erase. Not for
   * retention: a year-old thread is the platform's to keep or expire, and rewriting thousands of old
   * messages a night would spend the platforms' rate limits on nothing anyone reads.
   */
  options: { unsayEchoes: boolean },
): Promise<number> {
  const rows = await tx
    .select({
      id: responses.id,
      cycleId: responses.cycleId,
      rating: responses.rating,
      body: responses.body,
      teamId: cycles.teamId,
    })
    .from(responses)
    .innerJoin(cycles, eq(cycles.id, responses.cycleId))
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
  await unquote(tx, rows);
  if (options.unsayEchoes) await unsayEchoes(tx, rows);
  return rows.length;
}

/**
 * The shared text without these quotes. A quote is `«answer»` on its own line below the lead's text,
 * and an answer may itself hold line breaks (two thread replies), so it is cut as a whole.
 */
export function withoutQuotes(text: string, quotes: string[]): string {
  let rest = text;
  for (const quote of quotes) rest = rest.split(`\n${quote}`).join('').split(quote).join('');
  return rest.trim();
}

/** An answer a team lead quoted to leadership leaves the shared text with it. */
async function unquote(tx: Db, rows: { cycleId: string; body: string | null }[]) {
  const quoted = rows.filter((r) => r.body);
  if (!quoted.length) return;
  const shared = await tx
    .select()
    .from(sharedUpdates)
    .where(inArray(sharedUpdates.cycleId, [...new Set(quoted.map((r) => r.cycleId))]));
  for (const update of shared) {
    if (!update.body) continue;
    const gone = quoted.filter((r) => r.cycleId === update.cycleId).map((r) => `«${r.body}»`);
    const body = withoutQuotes(update.body, gone);
    if (body === update.body) continue;
    await tx
      .update(sharedUpdates)
      .set({ body: body || null })
      .where(eq(sharedUpdates.id, update.id));
  }
}

/**
 * Refleks's own copy of the answer in the thread ("Answer from Ola: …") is Refleks's message: it is
 * changed to say the answer was deleted (the person's own replies in Slack or Teams stay theirs).
 */
async function unsayEchoes(tx: Db, rows: { id: string; cycleId: string; teamId: string }[]) {
  if (!rows.length) return;
  const echoed = await tx
    .select({ key: outbox.key })
    .from(outbox)
    .where(
      inArray(
        outbox.key,
        rows.map((r) => `echo:${r.id}`),
      ),
    );
  const keys = new Set(echoed.map((e) => e.key));
  for (const row of rows.filter((r) => keys.has(`echo:${r.id}`))) {
    await enqueueOutbox(tx, {
      key: `echo-deleted:${row.id}`,
      kind: 'echo_update',
      teamId: row.teamId,
      cycleId: row.cycleId,
      payload: { responseId: row.id },
    });
  }
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
