import { eq } from 'drizzle-orm';
import { NotFoundError } from '../../core/errors.ts';
import {
  type DayOffPolicy,
  isoWeekKey,
  localDate,
  occurrenceInWeek,
  planPrompt,
  type SchoolCalendar,
  type WeeklySchedule,
  type WorkingHours,
} from '../../core/schedule/index.ts';
import type { Db } from '../../db/client.ts';
import { calendarOf, loadCalendars } from '../../db/repositories/calendars.ts';
import { schools, teams } from '../../db/schema/index.ts';

export interface PlannedWeek {
  week: string;
  /** The prompt's local date and time; absent when the week is skipped. */
  date?: string;
  time?: string;
  /** The team's weekday had no school and the prompt moved later in the week. */
  moved?: boolean;
  /** Why there is no prompt this week ('school_holiday:Høstferie', 'public_holiday:…', …). */
  skipped?: string;
}

export interface TeamCalendar {
  team: string;
  schoolYear: string;
  /** The calendar the plan used; null when the team's calendar does not cover the year asked for. */
  calendar: string | null;
  onDayOff: DayOffPolicy;
  weeks: PlannedWeek[];
}

/** Every ISO week from the one holding `first` to the one holding `last`. */
function weeksBetween(first: string, last: string, zone: string): string[] {
  const weeks: string[] = [];
  const end = isoWeekKey(new Date(`${last}T12:00:00Z`), zone);
  for (let day = new Date(`${first}T12:00:00Z`); ; day = new Date(day.getTime() + 7 * 86_400_000)) {
    const week = isoWeekKey(day, zone);
    weeks.push(week);
    if (week === end) return weeks;
  }
}

/**
 * What a school admin checks before the year starts: for each week of the school year, when the
 * team's prompt comes or why it does not. Without a calendar for that year, the school year is taken
 * as mid-August to mid-June and only public holidays count.
 */
export async function teamCalendar(db: Db, teamKey: string, schoolYear: string): Promise<TeamCalendar> {
  if (!/^\d{4}-\d{2}$/.test(schoolYear))
    throw new NotFoundError(`not a school year: "${schoolYear}" (e.g. 2026-27)`);
  const [row] = await db
    .select({ team: teams, school: schools })
    .from(teams)
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(teams.key, teamKey));
  if (!row) throw new NotFoundError(`no team with key "${teamKey}"`);
  const { team, school } = row;
  const own = calendarOf(await loadCalendars(db), team, school);
  const calendar: SchoolCalendar | null = own?.schoolYear === schoolYear ? own : null;
  const start = Number(schoolYear.slice(0, 4));
  const first = calendar?.firstDay ?? `${start}-08-15`;
  const last = calendar?.lastDay ?? `${start + 1}-06-20`;
  const onDayOff = team.onDayOff as DayOffPolicy;
  const weeks = weeksBetween(first, last, school.timezone).map((week): PlannedWeek => {
    const occurrence = occurrenceInWeek(team.schedule as WeeklySchedule, week, school.timezone);
    const plan = planPrompt({
      occurrence,
      zone: school.timezone,
      calendar,
      onDayOff,
      workingHours: school.workingHours as WorkingHours,
    });
    if ('skip' in plan) return { week, skipped: plan.skip };
    const date = localDate(plan.at, school.timezone);
    const time = plan.at.toLocaleTimeString('nb-NO', {
      timeZone: school.timezone,
      hour: '2-digit',
      minute: '2-digit',
    });
    return { week, date, time, ...(plan.moved ? { moved: true } : {}) };
  });
  return { team: team.key, schoolYear, calendar: calendar?.key ?? null, onDayOff, weeks };
}
