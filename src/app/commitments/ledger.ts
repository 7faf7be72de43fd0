import { asc, eq, inArray } from 'drizzle-orm';
import type { LedgerItem, LedgerStatus } from '../../core/commitments/ledger-card.ts';
import { NotFoundError } from '../../core/errors.ts';
import { localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { commitmentOwners, commitments, followUps, people, schools, teams } from '../../db/schema/index.ts';

export type LedgerFilter = 'all' | 'open' | 'overdue' | 'done' | 'dropped';

export interface LedgerEntry {
  id: string;
  what: string;
  trigger: string;
  evidence: string;
  /** Names; empty means the whole team. */
  owners: string[];
  dueDate: string | null;
  status: string;
  overdue: boolean;
  impact: string | null;
  createdAt: string;
  closedAt: string | null;
  /** How many times the date moved. */
  adjusted: number;
  followUps: { kind: string; at: string; status: string; reason: string | null }[];
}

/**
 * A team's commitments as the team keeps them: owners, date, status, the effect once done, and the
 * follow-ups planned or sent — what a department head can trust and an operator can check.
 */
export async function teamLedger(
  db: Db,
  teamKey: string,
  opts: { filter?: LedgerFilter; now: Date },
): Promise<{ team: string; name: string; entries: LedgerEntry[] }> {
  const [row] = await db
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(teams.key, teamKey));
  if (!row) throw new NotFoundError(`no team with key "${teamKey}"`);
  const today = localDate(opts.now, row.school.timezone);
  const rows = await db
    .select()
    .from(commitments)
    .where(eq(commitments.teamId, row.team.id))
    .orderBy(asc(commitments.createdAt));
  const ids = rows.map((r) => r.id);
  const [owners, planned] = ids.length
    ? await Promise.all([
        db
          .select({ commitmentId: commitmentOwners.commitmentId, name: people.name })
          .from(commitmentOwners)
          .innerJoin(people, eq(people.id, commitmentOwners.personId))
          .where(inArray(commitmentOwners.commitmentId, ids)),
        db.select().from(followUps).where(inArray(followUps.commitmentId, ids)).orderBy(asc(followUps.dueAt)),
      ])
    : [[], []];
  const entries = rows.map(
    (r): LedgerEntry => ({
      id: r.id,
      what: r.what,
      trigger: r.trigger,
      evidence: r.evidence,
      owners: owners
        .filter((o) => o.commitmentId === r.id)
        .map((o) => o.name)
        .sort(),
      dueDate: r.dueDate,
      status: r.status,
      overdue: r.status === 'open' && r.dueDate !== null && r.dueDate < today,
      impact: r.impact,
      createdAt: r.createdAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      adjusted: r.history.filter((h) => h.change.startsWith('adjusted')).length,
      followUps: planned
        .filter((f) => f.commitmentId === r.id)
        .map((f) => ({ kind: f.kind, at: f.dueAt.toISOString(), status: f.status, reason: f.reason })),
    }),
  );
  const filter = opts.filter ?? 'all';
  const kept = entries.filter((e) =>
    filter === 'all' ? true : filter === 'overdue' ? e.overdue : e.status === filter,
  );
  return { team: row.team.key, name: row.team.name, entries: kept };
}

/** The ledger's entries as the core's ledger card draws them (the team's view and a leader's detail). */
export function ledgerItems(entries: LedgerEntry[]): LedgerItem[] {
  return entries.map((e) => ({
    id: e.id,
    what: e.what,
    trigger: e.trigger,
    evidence: e.evidence,
    dueDate: e.dueDate,
    ownerNames: e.owners,
    status: e.status as LedgerStatus,
    overdue: e.overdue,
    impact: e.impact,
  }));
}
