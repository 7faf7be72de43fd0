import { DateTime, type WeekdayNumbers } from 'luxon';

/** Date arithmetic in Oslo's wall clock for tests that walk through a school year. */
const ZONE = 'Europe/Oslo';

export const osloTime = (date: string, time: string) => DateTime.fromISO(`${date}T${time}`, { zone: ZONE });
export const inOslo = (instant: Date) => DateTime.fromJSDate(instant, { zone: ZONE });
export const addDays = (date: string, days: number) => DateTime.fromISO(date).plus({ days }).toISODate()!;
/** The local date of `weekday` (1 = Monday) in ISO week '2026-W40'. */
export const dateInWeek = (week: string, weekday: WeekdayNumbers) => {
  const [year, number] = week.split('-W').map(Number) as [number, number];
  return DateTime.fromObject({ weekYear: year, weekNumber: number, weekday }, { zone: ZONE }).toISODate()!;
};
export const weekOf = (date: string) => DateTime.fromISO(date, { zone: ZONE }).toFormat("kkkk-'W'WW");
