import { and, count, eq, inArray, isNotNull, type SQLWrapper } from 'drizzle-orm';
import { CycleClosedError } from '../../core/errors.ts';
import type { Db } from '../client.ts';
import { cycles, responses } from '../schema/index.ts';

export type CycleRow = typeof cycles.$inferSelect;
export type ResponseRow = typeof responses.$inferSelect;

export async function cycleById(db: Db, cycleId: string): Promise<CycleRow | null> {
  // A malformed id from outside must read as "not found", not as a database error.
  if (!/^[0-9a-f-]{36}$/i.test(cycleId)) return null;
  const rows = await db.select().from(cycles).where(eq(cycles.id, cycleId));
  return rows[0] ?? null;
}

export async function openCycleOfTeam(db: Db, teamId: string): Promise<CycleRow | null> {
  const rows = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, teamId), eq(cycles.status, 'open')));
  return rows[0] ?? null;
}

export async function cycleByPromptMessage(
  db: Db,
  teamId: string,
  messageId: string,
): Promise<CycleRow | null> {
  const rows = await db
    .select()
    .from(cycles)
    .where(
      and(
        eq(cycles.teamId, teamId),
        eq(cycles.promptMessageId, messageId),
        isNotNull(cycles.promptMessageId),
      ),
    );
  return rows[0] ?? null;
}

export async function answeredCount(db: Db, cycleId: string): Promise<number> {
  const rows = await db.select({ n: count() }).from(responses).where(eq(responses.cycleId, cycleId));
  return rows[0]?.n ?? 0;
}

/**
 * answeredCount of many cycles in one grouped query; cycles without answers are absent. Anonymised
 * answers count, as there. `cycleIds` may be a subquery: a term of an owner is tens of thousands.
 */
export async function answeredCounts(
  db: Db,
  cycleIds: readonly string[] | SQLWrapper,
): Promise<Map<string, number>> {
  if (Array.isArray(cycleIds) && !cycleIds.length) return new Map();
  const rows = await db
    .select({ cycleId: responses.cycleId, n: count() })
    .from(responses)
    .where(inArray(responses.cycleId, cycleIds))
    .groupBy(responses.cycleId);
  return new Map(rows.map((r) => [r.cycleId, r.n]));
}

export async function responseOf(db: Db, cycleId: string, personId: string): Promise<ResponseRow | null> {
  const rows = await db
    .select()
    .from(responses)
    .where(and(eq(responses.cycleId, cycleId), eq(responses.personId, personId)));
  return rows[0] ?? null;
}

export async function responderIds(db: Db, cycleId: string): Promise<Set<string>> {
  const rows = await db
    .select({ personId: responses.personId })
    .from(responses)
    .where(eq(responses.cycleId, cycleId));
  // An anonymised answer (erased, or past retention) still counts, but it is nobody's.
  return new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])));
}

/**
 * The person's response row in the cycle, created empty if there is none, and locked for the rest of
 * the transaction. Two first answers at once meet at the unique index: one creates, the other waits
 * and then edits, and neither is lost.
 */
export async function lockResponse(
  tx: Db,
  input: { cycleId: string; personId: string; now: Date },
): Promise<{ response: ResponseRow; created: boolean }> {
  const [inserted] = await tx
    .insert(responses)
    .values({ cycleId: input.cycleId, personId: input.personId, body: null, createdAt: input.now })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { response: inserted, created: true };
  const [row] = await tx
    .select()
    .from(responses)
    .where(and(eq(responses.cycleId, input.cycleId), eq(responses.personId, input.personId)))
    .for('update');
  return { response: row!, created: false };
}

export async function setResponseBody(
  tx: Db,
  responseId: string,
  body: string | null,
  editedAt: Date | null,
  /** Only a rating step's form passes one; undefined leaves the stored rating as it is. */
  rating?: number | null,
) {
  const [row] = await tx
    .update(responses)
    .set({ body, editedAt, ...(rating === undefined ? {} : { rating }) })
    .where(eq(responses.id, responseId))
    .returning();
  return row!;
}

/** Insert or edit; returns whether this was the person's first answer in the cycle. */
export async function saveResponse(
  db: Db,
  input: { cycleId: string; personId: string; body: string; now: Date },
): Promise<{ response: ResponseRow; created: boolean }> {
  return db.transaction(async (tx) => {
    const { response, created } = await lockResponse(tx, input);
    return {
      response: await setResponseBody(tx, response.id, input.body, created ? null : input.now),
      created,
    };
  });
}

/** Locks an open cycle against closing while an answer is written into it; throws if it is closed. */
export async function requireOpenCycle(tx: Db, cycleId: string): Promise<void> {
  const [row] = await tx
    .select({ status: cycles.status })
    .from(cycles)
    .where(eq(cycles.id, cycleId))
    .for('share');
  if (row?.status !== 'open') throw new CycleClosedError(cycleId);
}
