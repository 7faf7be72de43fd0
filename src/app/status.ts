import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Locale } from '../core/locale.ts';
import { stepAt } from '../core/programmes/index.ts';
import { isoWeekKey } from '../core/schedule/index.ts';
import type { Db } from '../db/client.ts';
import { answeredCount } from '../db/repositories/cycles.ts';
import { membersOf } from '../db/repositories/organisation.ts';
import { programmeVersion } from '../db/repositories/programmes.ts';
import { cycles, people, platformIdentities, programmeRuns, schools, teams } from '../db/schema/index.ts';
import { resolveLocale } from './locale.ts';

export interface TeamStatus {
  team: string;
  name: string;
  school: string;
  platform: string;
  /** Why Refleks cannot reach the team's channel, when the platform said so. */
  unreachable: { reason: string; since: string | null } | null;
  /**
   * Members the platform said cannot be written to (blocked the app, deactivated): their reminders
   * stop, and someone should talk to them. Only the address and the platform's reason, nothing else.
   */
  unreachablePeople: { email: string; reason: string }[];
  /** Weeks without a prompt, newest first (at most 10), each with the reason recorded at the time. */
  skippedWeeks: { week: string; reason: string }[];
  programme: string | null;
  /** The question the next held cycle will ask, in the team's language; null when none is left. */
  nextQuestion: string | null;
  step: number | null;
  nextPromptAt: string | null;
  nextPromptWeek: string | null;
  openCycle: {
    week: string;
    step: number | null;
    answered: number;
    expected: number;
    closesAt: string;
  } | null;
}

async function nextQuestionOf(
  db: Db,
  run: typeof programmeRuns.$inferSelect | undefined,
  locale: Locale,
): Promise<string | null> {
  if (!run) return null;
  const programme = await programmeVersion(db, run.programmeKey, run.programmeVersion);
  return (programme && stepAt(programme, run.stepIndex)?.question[locale]) ?? null;
}

/** What an operator needs to see at a glance: per team, what comes next and what is open now. */
export async function teamStatuses(db: Db): Promise<TeamStatus[]> {
  const rows = await db
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .orderBy(asc(teams.key));
  const result: TeamStatus[] = [];
  for (const { team, school } of rows) {
    const [run] = await db
      .select()
      .from(programmeRuns)
      .where(and(eq(programmeRuns.teamId, team.id), eq(programmeRuns.status, 'active')));
    const [open] = await db
      .select()
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.status, 'open')));
    const skipped = await db
      .select({ week: cycles.weekKey, reason: cycles.skipReason })
      .from(cycles)
      .where(and(eq(cycles.teamId, team.id), eq(cycles.status, 'skipped')))
      .orderBy(desc(cycles.weekKey))
      .limit(10);
    const members = await membersOf(db, team.id);
    const expected = members.length;
    const unreachablePeople = members.length
      ? await db
          .select({ email: people.email, reason: platformIdentities.unreachableReason })
          .from(platformIdentities)
          .innerJoin(people, eq(people.id, platformIdentities.personId))
          .where(
            and(
              inArray(
                platformIdentities.personId,
                members.map((m) => m.personId),
              ),
              eq(platformIdentities.platform, team.platform),
              isNotNull(platformIdentities.unreachableReason),
            ),
          )
          .orderBy(asc(people.email))
      : [];
    result.push({
      team: team.key,
      name: team.name,
      school: school.key,
      platform: team.platform,
      unreachable: team.unreachableReason
        ? { reason: team.unreachableReason, since: team.unreachableSince?.toISOString() ?? null }
        : null,
      skippedWeeks: skipped.map((w) => ({ week: w.week, reason: w.reason ?? '' })),
      unreachablePeople: unreachablePeople.map((p) => ({ email: p.email, reason: p.reason ?? '' })),
      programme: run ? run.programmeKey : null,
      nextQuestion: await nextQuestionOf(db, run, resolveLocale(team.locale, school.locale)),
      step: run ? run.stepIndex + 1 : null,
      nextPromptAt: team.nextRunAt?.toISOString() ?? null,
      nextPromptWeek: team.nextRunAt ? isoWeekKey(team.nextRunAt, school.timezone) : null,
      openCycle: open
        ? {
            week: open.weekKey,
            step: open.stepIndex === null ? null : open.stepIndex + 1,
            answered: await answeredCount(db, open.id),
            expected,
            closesAt: open.closesAt.toISOString(),
          }
        : null,
    });
  }
  return result;
}
