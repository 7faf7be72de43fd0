import { isoWeekKey, localDate, parseIsoWeekKey } from './iso-week.ts';
import { OSLO, type WeeklySchedule } from './types.ts';
import {
  addDays,
  instantAt,
  isoWeekdayNumber,
  isoWeekdayOf,
  type PlainDate,
  parseClockTime,
  plainDateOf,
  wallClock,
} from './wall-clock.ts';

export interface Occurrence {
  at: Date;
  /** ISO week of `at` in the schedule's zone: the cycle the occurrence belongs to. */
  weekKey: string;
  localDate: string;
}

/**
 * First instant strictly after `after` when the wall clock in `zone` shows the schedule's weekday and
 * time. Strictness lets a caller pass the previous occurrence and get the following week.
 */
export function nextOccurrence(schedule: WeeklySchedule, after: Date, zone: string = OSLO): Occurrence {
  const minutes = parseClockTime(schedule.time);
  const today = plainDateOf(wallClock(after, zone));
  const daysAhead = (isoWeekdayNumber(schedule.weekday) - isoWeekdayOf(today) + 7) % 7;
  let at = instantAt(addDays(today, daysAhead), minutes, zone);
  if (at.getTime() <= after.getTime()) at = instantAt(addDays(today, daysAhead + 7), minutes, zone);
  return { at, weekKey: isoWeekKey(at, zone), localDate: localDate(at, zone) };
}

/** The schedule's instant within ISO week `weekKey` ('2026-W53'). */
export function occurrenceInWeek(schedule: WeeklySchedule, weekKey: string, zone: string = OSLO): Date {
  const { year, week } = parseIsoWeekKey(weekKey);
  const minutes = parseClockTime(schedule.time);
  // 4 January is always in week 1, so step back to its Monday and forward whole weeks.
  const jan4: PlainDate = { year, month: 1, day: 4 };
  const monday = addDays(jan4, 1 - isoWeekdayOf(jan4) + (week - 1) * 7);
  return instantAt(addDays(monday, isoWeekdayNumber(schedule.weekday) - 1), minutes, zone);
}
