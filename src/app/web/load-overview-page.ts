import { and, eq, gte, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { RectorDigest } from '../../core/digest/rector-digest.ts';
import type { HomeView } from '../../core/home/home-card.ts';
import type { Locale } from '../../core/locale.ts';
import type { Db } from '../../db/client.ts';
import { commitments, people, roleAssignments, schools } from '../../db/schema/index.ts';
import { loadRectorDigest } from '../digest/rector-digest.ts';
import { auditSharedRead } from '../home/audit-shared-read.ts';
import { loadHomeView } from '../home/load-home-view.ts';
import { type ParticipationTrend, participationTrends, schoolYearStart } from '../home/school-year.ts';

/** Commitments made in a month, by where they stand now. */
export interface CommitmentMonth {
  month: string;
  open: number;
  done: number;
  dropped: number;
}

export interface OverviewPage {
  view: HomeView;
  schoolYearStart: string;
  trends: ParticipationTrend[];
  commitmentMonths: CommitmentMonth[];
  digests: RectorDigest[];
}

async function commitmentMonths(db: Db, teamIds: string[], from: DateTime, now: Date, zone: string) {
  const months: CommitmentMonth[] = [];
  const end = DateTime.fromJSDate(now, { zone }).startOf('month');
  for (let m = from.startOf('month'); m <= end; m = m.plus({ months: 1 }))
    months.push({ month: m.toFormat('yyyy-MM'), open: 0, done: 0, dropped: 0 });
  if (!teamIds.length) return months;
  const rows = await db
    .select({ status: commitments.status, createdAt: commitments.createdAt })
    .from(commitments)
    .where(and(inArray(commitments.teamId, teamIds), gte(commitments.createdAt, from.toJSDate())));
  for (const row of rows) {
    const month = DateTime.fromJSDate(row.createdAt, { zone }).toFormat('yyyy-MM');
    const bucket = months.find((m) => m.month === month);
    if (bucket && (row.status === 'open' || row.status === 'done' || row.status === 'dropped'))
      bucket[row.status]++;
  }
  return months;
}

/**
 * Everything the web overview shows the person: the same leader view as App Home and the Teams card
 * (loadHomeView), the school year's trends for the same teams, and a rector's digest of this week.
 * Reading it is a leader read of shared content, so it is audited like the other two.
 */
export async function loadOverviewPage(
  db: Db,
  personId: string,
  now: Date,
  locale?: Locale,
): Promise<OverviewPage> {
  const [person] = await db.select().from(people).where(eq(people.id, personId));
  if (!person) throw new Error(`no person ${personId}`);
  const view = await loadHomeView(db, { id: person.id, locale: locale ?? person.locale }, now);
  const leaderTeams = view.leader?.teams ?? [];
  const from = schoolYearStart(now, view.zone);
  const rectorOf = await db
    .select({ key: schools.key })
    .from(roleAssignments)
    .innerJoin(schools, eq(schools.id, roleAssignments.scopeId))
    .where(
      and(
        eq(roleAssignments.personId, personId),
        eq(roleAssignments.role, 'rector'),
        eq(roleAssignments.scopeKind, 'school'),
      ),
    );
  const [trends, months, digests] = await Promise.all([
    participationTrends(db, leaderTeams, from),
    commitmentMonths(
      db,
      leaderTeams.map((t) => t.id),
      from,
      now,
      view.zone,
    ),
    Promise.all(rectorOf.map((s) => loadRectorDigest(db, s.key, now, view.locale))),
  ]);
  // A rector sees a team in the digest and among the teams: one read of it, audited once.
  const read = new Map<string, unknown[]>();
  // Support requests are the team's words as much as its shared text.
  for (const team of [...leaderTeams, ...digests.flatMap((d) => d.teams)])
    read.set(team.name, [...(read.get(team.name) ?? []), ...team.shared, ...team.support]);
  await auditSharedRead(db, {
    personId,
    where: 'web',
    teams: [...read].map(([name, shared]) => ({ name, shared })),
  });
  return { view, schoolYearStart: from.toISODate() ?? '', trends, commitmentMonths: months, digests };
}
