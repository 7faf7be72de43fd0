import { isPublicDayOff } from './holidays.ts';
import { OSLO, type WorkingHours } from './types.ts';
import {
  addDays,
  formatPlainDate,
  instantAt,
  isoWeekdayNumber,
  isoWeekdayOf,
  type PlainDate,
  parseClockTime,
  plainDateOf,
  wallClock,
} from './wall-clock.ts';

/** A year of days off plus slack; beyond that the configuration leaves no working day at all. */
const MAX_DAYS_AHEAD = 400;

export type IsDayOff = (localDate: string) => boolean;

interface ParsedHours {
  days: ReadonlySet<number>;
  from: number;
  to: number;
}

function parseHours(hours: WorkingHours): ParsedHours {
  const from = parseClockTime(hours.from);
  const to = parseClockTime(hours.to);
  if (from >= to) throw new RangeError(`working hours must start before they end: ${hours.from}–${hours.to}`);
  return { days: new Set(hours.days.map(isoWeekdayNumber)), from, to };
}

function isWorkingDay(date: PlainDate, hours: ParsedHours, isDayOff: IsDayOff): boolean {
  return hours.days.has(isoWeekdayOf(date)) && !isDayOff(formatPlainDate(date));
}

export function isWithinWorkingHours(
  instant: Date,
  hours: WorkingHours,
  zone: string = OSLO,
  isDayOff: IsDayOff = isPublicDayOff,
): boolean {
  const parsed = parseHours(hours);
  const now = wallClock(instant, zone);
  const minuteOfDay = now.hour * 60 + now.minute + (now.second * 1000 + now.millisecond) / 60_000;
  if (minuteOfDay < parsed.from || minuteOfDay >= parsed.to) return false;
  return isWorkingDay(plainDateOf(now), parsed, isDayOff);
}

/** `instant` itself when it is inside working hours, else the start of the next working day. */
export function nextWorkingMoment(
  instant: Date,
  hours: WorkingHours,
  zone: string = OSLO,
  isDayOff: IsDayOff = isPublicDayOff,
): Date {
  if (isWithinWorkingHours(instant, hours, zone, isDayOff)) return instant;
  const parsed = parseHours(hours);
  const today = plainDateOf(wallClock(instant, zone));
  for (let i = 0; i <= MAX_DAYS_AHEAD; i++) {
    const date = addDays(today, i);
    if (!isWorkingDay(date, parsed, isDayOff)) continue;
    const start = instantAt(date, parsed.from, zone);
    if (start.getTime() > instant.getTime()) return start;
  }
  throw new Error(`no working moment within ${MAX_DAYS_AHEAD} days of ${instant.toISOString()}`);
}
