import { and, count, eq, isNotNull } from 'drizzle-orm';
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
  return new Set(rows.map((r) => r.personId));
}

/** Insert or edit; returns whether this was the person's first answer in the cycle. */
export async function saveResponse(
  db: Db,
  input: { cycleId: string; personId: string; body: string; now: Date },
): Promise<{ response: ResponseRow; created: boolean }> {
  const existing = await responseOf(db, input.cycleId, input.personId);
  if (existing) {
    const [row] = await db
      .update(responses)
      .set({ body: input.body, editedAt: input.now })
      .where(eq(responses.id, existing.id))
      .returning();
    return { response: row!, created: false };
  }
  const [row] = await db
    .insert(responses)
    .values({ cycleId: input.cycleId, personId: input.personId, body: input.body, createdAt: input.now })
    .returning();
  return { response: row!, created: true };
}
