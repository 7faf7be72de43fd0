import { publicHolidayOn } from './holidays.ts';
import { isoWeekKey, localDate } from './iso-week.ts';
import { OSLO, type WorkingHours } from './types.ts';
import {
  addDays,
  formatPlainDate,
  instantAt,
  isoWeekdayNumber,
  isoWeekdayOf,
  type PlainDate,
  plainDateOf,
  wallClock,
} from './wall-clock.ts';

/**
 * One school year of one owner (or of an AKS), as data: the first and last school day, holiday
 * ranges, and single days without pupils (planning days, extra days off). Dates are local
 * `YYYY-MM-DD`, so they compare as strings. Public holidays need not be listed: they always count.
 */
export interface SchoolCalendar {
  key: string;
  /** '2026-27'. */
  schoolYear: string;
  firstDay: string;
  lastDay: string;
  holidays: { name: string; from: string; to: string }[];
  daysOff: { name: string; date: string; kind: 'day_off' | 'planning_day' }[];
}

/** What a team does when its weekday has no school: the next school day of the same week, or nothing. */
export type DayOffPolicy = 'skip' | 'move';

/**
 * Why `date` is no school day, as a reason recorded with a skipped week ('public_holiday:ascension-day',
 * 'school_holiday:Høstferie', 'day_off:…', 'planning_day:…', 'outside_school_year'); null on a school
 * day. Without a calendar only public holidays count.
 */
export function noSchoolReason(date: string, calendar: SchoolCalendar | null): string | null {
  const holiday = publicHolidayOn(date);
  if (holiday) return `public_holiday:${holiday.key}`;
  if (!calendar) return null;
  if (date < calendar.firstDay || date > calendar.lastDay) return 'outside_school_year';
  const range = calendar.holidays.find((h) => h.from <= date && date <= h.to);
  if (range) return `school_holiday:${range.name}`;
  const single = calendar.daysOff.find((d) => d.date === date);
  return single ? `${single.kind}:${single.name}` : null;
}

export type PromptPlan = { at: Date; moved: boolean } | { skip: string };

/**
 * Where the week's prompt goes. `occurrence` is the team's ordinary weekly moment; on a day without
 * school the prompt moves to the next school day of the same ISO week at the same wall-clock time
 * (policy 'move', and only onto the school's working days), or the week is skipped with the reason.
 */
export function planPrompt(input: {
  occurrence: Date;
  zone?: string;
  calendar: SchoolCalendar | null;
  onDayOff: DayOffPolicy;
  workingHours: WorkingHours;
}): PromptPlan {
  const zone = input.zone ?? OSLO;
  const reason = noSchoolReason(localDate(input.occurrence, zone), input.calendar);
  if (!reason) return { at: input.occurrence, moved: false };
  if (input.onDayOff === 'skip') return { skip: reason };
  const local = wallClock(input.occurrence, zone);
  const minutes = local.hour * 60 + local.minute;
  const day: PlainDate = plainDateOf(local);
  const workdays = new Set(input.workingHours.days.map(isoWeekdayNumber));
  const week = isoWeekKey(input.occurrence, zone);
  for (let ahead = 1; isoWeekdayOf(day) + ahead <= 7; ahead++) {
    const candidate = addDays(day, ahead);
    if (!workdays.has(isoWeekdayOf(candidate))) continue;
    if (noSchoolReason(formatPlainDate(candidate), input.calendar)) continue;
    const at = instantAt(candidate, minutes, zone);
    if (isoWeekKey(at, zone) === week) return { at, moved: true };
  }
  return { skip: reason };
}
