import { and, asc, count, eq, isNotNull, ne } from 'drizzle-orm';
import type { DigestTeam, RectorDigest } from '../../core/digest/rector-digest.ts';
import { themesOf } from '../../core/digest/themes.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/locale.ts';
import { teamShare } from '../../core/loop/rating.ts';
import { stepAt } from '../../core/programmes/index.ts';
import { isoWeekKey, localDate } from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { membersOf } from '../../db/repositories/organisation.ts';
import { programmeVersion } from '../../db/repositories/programmes.ts';
import {
  commitments,
  cycles,
  programmeRuns,
  responses,
  schools,
  sharedUpdates,
  supportRequests,
  teams,
} from '../../db/schema/index.ts';
import { resolveLocale } from '../locale.ts';

/** One team's week in team-level figures: how many answered as a share, never who. */
async function digestTeam(
  db: Db,
  team: typeof teams.$inferSelect,
  ctx: { weekKey: string; zone: string; today: string; locale: Locale },
): Promise<DigestTeam> {
  const [run] = await db
    .select()
    .from(programmeRuns)
    .where(and(eq(programmeRuns.teamId, team.id), eq(programmeRuns.status, 'active')));
  const programme = run ? await programmeVersion(db, run.programmeKey, run.programmeVersion) : undefined;
  const [cycle] = await db
    .select()
    .from(cycles)
    .where(and(eq(cycles.teamId, team.id), eq(cycles.weekKey, ctx.weekKey)));
  let week: DigestTeam['week'] = { status: 'none' };
  if (cycle?.status === 'skipped') week = { status: 'skipped', reason: cycle.skipReason ?? '' };
  else if (cycle) {
    const [members, [answered]] = await Promise.all([
      membersOf(db, team.id),
      db.select({ n: count() }).from(responses).where(eq(responses.cycleId, cycle.id)),
    ]);
    week = {
      status: 'held',
      participationPercent: teamShare(answered?.n ?? 0, members.length),
    };
  }
  const all = await db.select().from(commitments).where(eq(commitments.teamId, team.id));
  const inWeek = (at: Date | null) => at !== null && isoWeekKey(at, ctx.zone) === ctx.weekKey;
  const shared = await db
    .select({ body: sharedUpdates.body, at: sharedUpdates.decidedAt })
    .from(sharedUpdates)
    .where(and(eq(sharedUpdates.teamId, team.id), isNotNull(sharedUpdates.body)))
    .orderBy(asc(sharedUpdates.decidedAt));
  const waiting = await db
    .select()
    .from(supportRequests)
    .where(and(eq(supportRequests.teamId, team.id), ne(supportRequests.status, 'answered')))
    .orderBy(asc(supportRequests.createdAt));
  // The step the team is on: the last one asked (the run already points at the next).
  const step = run && programme ? Math.min(Math.max(1, run.stepIndex), programme.steps.length) : 0;
  return {
    name: team.name,
    programme:
      run && programme && stepAt(programme, step - 1)
        ? { title: programme.title[ctx.locale], step, total: programme.steps.length }
        : null,
    week,
    commitments: {
      made: all.filter((c) => inWeek(c.createdAt)).length,
      closed: all.filter((c) => c.status !== 'open' && inWeek(c.closedAt)).length,
      overdue: all.filter((c) => c.status === 'open' && c.dueDate !== null && c.dueDate < ctx.today).length,
      open: all.filter((c) => c.status === 'open').length,
    },
    shared: shared.filter((s) => inWeek(s.at)).map((s) => s.body ?? ''),
    support: waiting.map((r) => ({ text: r.body, date: localDate(r.createdAt, ctx.zone) })),
  };
}

/**
 * The rector's weekly digest for a school and the week of `now`: every active team in team-level
 * figures, what the teams chose to share this week, and the words that recur in it.
 */
export async function loadRectorDigest(
  db: Db,
  schoolKey: string,
  now: Date,
  locale?: string | null,
): Promise<RectorDigest> {
  const [school] = await db.select().from(schools).where(eq(schools.key, schoolKey));
  if (!school) throw new NotFoundError(`no school with key "${schoolKey}"`);
  const resolved = resolveLocale(locale, school.locale);
  const ctx = {
    weekKey: isoWeekKey(now, school.timezone),
    zone: school.timezone,
    today: localDate(now, school.timezone),
    locale: resolved,
  };
  const rows = await db.select().from(teams).where(eq(teams.schoolId, school.id)).orderBy(asc(teams.name));
  const digestTeams = await Promise.all(rows.map((team) => digestTeam(db, team, ctx)));
  return {
    locale: resolved,
    schoolName: school.name,
    zone: school.timezone,
    weekKey: ctx.weekKey,
    teams: digestTeams,
    themes: themesOf(digestTeams.flatMap((t) => t.shared)),
  };
}
