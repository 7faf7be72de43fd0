import { DateTime, IANAZone } from 'luxon';
import { WEEKDAYS, type Weekday } from './types.ts';

/** A calendar date as printed on a wall calendar, with no zone attached. */
export interface PlainDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight for 'HH:MM'. */
export function parseClockTime(time: string): number {
  const match = CLOCK_TIME.exec(time);
  if (!match) throw new RangeError(`not a clock time (HH:MM): ${JSON.stringify(time)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** ISO weekday number, Monday = 1. */
export function isoWeekdayNumber(day: Weekday): number {
  const index = WEEKDAYS.indexOf(day);
  if (index < 0) throw new RangeError(`not a weekday: ${JSON.stringify(day)}`);
  return index + 1;
}

function ianaZone(zone: string): IANAZone {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`unknown time zone: ${JSON.stringify(zone)}`);
  return tz;
}

/** The wall clock in `zone` at `instant`; throws on an invalid Date or zone rather than computing NaN. */
export function wallClock(instant: Date, zone: string): DateTime<true> {
  const dt = DateTime.fromJSDate(instant, { zone: ianaZone(zone) });
  if (!dt.isValid) throw new RangeError(`invalid instant: ${String(instant)}`);
  return dt;
}

export function plainDateOf(dt: DateTime): PlainDate {
  return { year: dt.year, month: dt.month, day: dt.day };
}

export function addDays(date: PlainDate, days: number): PlainDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function isoWeekdayOf(date: PlainDate): number {
  return ((new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7) + 1;
}

export function formatPlainDate(date: PlainDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${pad(date.month)}-${pad(date.day)}`;
}

/**
 * The instant the wall clock in `zone` shows `minutes` after midnight on `date`.
 * Luxon resolves an ambiguous autumn time to the later instant; a team expects the first one, so the
 * offsets are resolved here. A time skipped in spring moves forward by the length of the gap
 * (02:30 becomes 03:30 in Oslo).
 */
export function instantAt(date: PlainDate, minutes: number, zone: string): Date {
  const tz = ianaZone(zone);
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  const offsetBefore = tz.offset(wall - DAY_MS);
  const offsetAfter = tz.offset(wall + DAY_MS);
  const fits = [offsetBefore, offsetAfter]
    .map((offset) => wall - offset * MINUTE_MS)
    .filter((at) => tz.offset(at) * MINUTE_MS === wall - at);
  if (fits.length > 0) return new Date(Math.min(...fits));
  return new Date(wall - offsetBefore * MINUTE_MS);
}
