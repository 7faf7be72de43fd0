import { and, count, eq, gte, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { RectorDigest } from '../../core/digest/rector-digest.ts';
import type { HomeView } from '../../core/home/home-card.ts';
import type { Locale } from '../../core/locale.ts';
import { teamShare } from '../../core/loop/rating.ts';
import type { Db } from '../../db/client.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import { commitments, cycles, people, responses, roleAssignments, schools } from '../../db/schema/index.ts';
import { loadRectorDigest } from '../digest/rector-digest.ts';
import { auditSharedRead } from '../home/audit-shared-read.ts';
import { loadHomeView } from '../home/load-home-view.ts';

/** One team's rounds this school year, oldest first: a team-level share, never who. */
export interface ParticipationTrend {
  teamId: string;
  teamName: string;
  points: { week: string; percent: number | null; skipped: boolean }[];
}

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

/** 1 August of the school year `now` falls in, in the school's zone. */
export function schoolYearStart(now: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone });
  return DateTime.fromObject(
    { year: local.month >= 8 ? local.year : local.year - 1, month: 8, day: 1 },
    { zone },
  );
}

export async function participationTrends(db: Db, teams: { id: string; name: string }[], from: DateTime) {
  if (!teams.length) return [];
  const fromWeek = `${from.weekYear}-W${String(from.weekNumber).padStart(2, '0')}`;
  const rows = await db
    .select()
    .from(cycles)
    .where(
      and(
        inArray(
          cycles.teamId,
          teams.map((t) => t.id),
        ),
        gte(cycles.weekKey, fromWeek),
      ),
    );
  const counts = rows.length
    ? await db
        .select({ cycleId: responses.cycleId, n: count() })
        .from(responses)
        .where(
          inArray(
            responses.cycleId,
            rows.map((c) => c.id),
          ),
        )
        .groupBy(responses.cycleId)
    : [];
  const answered = new Map(counts.map((c) => [c.cycleId, c.n]));
  return Promise.all(
    teams.map(async (team): Promise<ParticipationTrend> => {
      const members = (await membersOf(db, team.id)).length;
      const points = rows
        .filter((c) => c.teamId === team.id && c.status !== 'open')
        .sort((a, b) => a.weekKey.localeCompare(b.weekKey))
        .map((c) =>
          c.status === 'skipped'
            ? { week: c.weekKey, percent: null, skipped: true }
            : { week: c.weekKey, percent: teamShare(answered.get(c.id) ?? 0, members), skipped: false },
        );
      return { teamId: team.id, teamName: team.name, points };
    }),
  );
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
  for (const team of [...leaderTeams, ...digests.flatMap((d) => d.teams)])
    read.set(team.name, [...(read.get(team.name) ?? []), ...team.shared]);
  await auditSharedRead(db, {
    personId,
    where: 'web',
    teams: [...read].map(([name, shared]) => ({ name, shared })),
  });
  return { view, schoolYearStart: from.toISODate() ?? '', trends, commitmentMonths: months, digests };
}
