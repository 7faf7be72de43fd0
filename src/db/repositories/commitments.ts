import { and, asc, count, eq, inArray, lt } from 'drizzle-orm';
import type { CommitmentInput } from '../../core/loop/commitment-form.ts';
import type { CommitmentView } from '../../core/loop/views.ts';
import type { Db } from '../client.ts';
import { commitmentOwners, commitments, people } from '../schema/index.ts';

export type CommitmentRow = typeof commitments.$inferSelect;

export async function createCommitment(
  db: Db,
  input: CommitmentInput & { teamId: string; originCycleId: string | null; createdBy: string; now: Date },
): Promise<CommitmentRow> {
  const [row] = await db
    .insert(commitments)
    .values({
      teamId: input.teamId,
      originCycleId: input.originCycleId,
      createdBy: input.createdBy,
      what: input.what,
      trigger: input.trigger,
      evidence: input.evidence,
      dueDate: input.dueDate,
      createdAt: input.now,
      updatedAt: input.now,
      history: [{ at: input.now.toISOString(), by: input.createdBy, change: 'created' }],
    })
    .returning();
  if (input.ownerIds.length) {
    await db
      .insert(commitmentOwners)
      .values(input.ownerIds.map((personId) => ({ commitmentId: row!.id, personId })));
  }
  return row!;
}

async function toViews(db: Db, rows: CommitmentRow[]): Promise<CommitmentView[]> {
  if (!rows.length) return [];
  const owners = await db
    .select({ commitmentId: commitmentOwners.commitmentId, name: people.name })
    .from(commitmentOwners)
    .innerJoin(people, eq(people.id, commitmentOwners.personId))
    .where(
      inArray(
        commitmentOwners.commitmentId,
        rows.map((r) => r.id),
      ),
    );
  return rows.map((r) => ({
    id: r.id,
    what: r.what,
    trigger: r.trigger,
    evidence: r.evidence,
    dueDate: r.dueDate,
    ownerNames: owners
      .filter((o) => o.commitmentId === r.id)
      .map((o) => o.name)
      .sort(),
  }));
}

export async function commitmentView(db: Db, commitmentId: string): Promise<CommitmentView | null> {
  const rows = await db.select().from(commitments).where(eq(commitments.id, commitmentId));
  return (await toViews(db, rows))[0] ?? null;
}

/** The team's open commitments, oldest first: what the next prompt carries forward. */
export async function openCommitmentsOf(
  db: Db,
  teamId: string,
  options: { createdBefore?: Date } = {},
): Promise<CommitmentView[]> {
  const conditions = [eq(commitments.teamId, teamId), eq(commitments.status, 'open')];
  if (options.createdBefore) conditions.push(lt(commitments.createdAt, options.createdBefore));
  const rows = await db
    .select()
    .from(commitments)
    .where(and(...conditions))
    .orderBy(asc(commitments.createdAt));
  return toViews(db, rows);
}

export async function countCommitments(
  db: Db,
  where: { teamId: string; originCycleId?: string; status?: string },
) {
  const conditions = [eq(commitments.teamId, where.teamId)];
  if (where.originCycleId) conditions.push(eq(commitments.originCycleId, where.originCycleId));
  if (where.status) conditions.push(eq(commitments.status, where.status));
  const rows = await db
    .select({ n: count() })
    .from(commitments)
    .where(and(...conditions));
  return rows[0]?.n ?? 0;
}

/** What a cycle did to the ledger: the commitments made in it, and those closed while it was open. */
export async function cycleLedger(
  db: Db,
  cycle: { id: string; teamId: string; opensAt: Date; closesAt: Date },
) {
  const rows = await db.select().from(commitments).where(eq(commitments.teamId, cycle.teamId));
  return {
    made: rows.filter((r) => r.originCycleId === cycle.id).map((r) => r.what),
    closed: rows
      .filter((r) => r.closedAt && r.closedAt >= cycle.opensAt && r.closedAt <= cycle.closesAt)
      .map((r) => ({ what: r.what, status: r.status })),
  };
}
