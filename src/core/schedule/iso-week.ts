import { DateTime } from 'luxon';
import { OSLO } from './types.ts';
import { wallClock } from './wall-clock.ts';

const WEEK_KEY = /^(\d{4})-W(\d{2})$/;

function formatWeekKey(weekYear: number, week: number): string {
  return `${String(weekYear).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** ISO 8601 week of `instant` as seen in `zone`, keyed by week-year: 2027-01-03 is '2026-W53'. */
export function isoWeekKey(instant: Date, zone: string = OSLO): string {
  const dt = wallClock(instant, zone);
  return formatWeekKey(dt.weekYear, dt.weekNumber);
}

/** 'YYYY-MM-DD' of `instant` as seen in `zone`. */
export function localDate(instant: Date, zone: string = OSLO): string {
  return wallClock(instant, zone).toFormat('yyyy-MM-dd');
}

export function weeksInIsoYear(weekYear: number): number {
  // 28 December always lies in the last ISO week of its year.
  return DateTime.utc(weekYear, 12, 28).weekNumber;
}

/** Inverse of isoWeekKey; rejects week 53 in years that only have 52. */
export function parseIsoWeekKey(key: string): { year: number; week: number } {
  const match = WEEK_KEY.exec(key);
  const year = Number(match?.[1]);
  const week = Number(match?.[2]);
  if (!match || week < 1 || week > weeksInIsoYear(year)) {
    throw new RangeError(`not an ISO week key (YYYY-Www): ${JSON.stringify(key)}`);
  }
  return { year, week };
}
