import { and, count, gte, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { teamShare } from '../../core/loop/rating.ts';
import { isoWeekKey } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import { cycles, responses } from '../../db/schema/index.ts';

/** One team's rounds this school year, oldest first: a team-level share, never who. */
export interface ParticipationTrend {
  teamId: string;
  teamName: string;
  points: { week: string; percent: number | null; skipped: boolean }[];
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
  const fromWeek = isoWeekKey(from.toJSDate(), from.zoneName ?? undefined);
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
