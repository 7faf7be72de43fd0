import Holidays from 'date-holidays';
import type { Localized } from '../locale.ts';

export interface DayOff {
  key: string;
  name: Localized;
  /** False for 24 and 31 December: days off by custom, not by law. */
  statutory: boolean;
}

/**
 * The statutory public holidays, keyed by their rule in date-holidays' Norway data
 * (data/countries/NO.yaml). The data also lists observances (21 Feb, Samefolkets dag, …) and some
 * versions leave them untyped, so only rules named here count. Fixed dates come first: when 17 May
 * is also Whit Monday (2027) or Ascension Day falls on 1 May, the fixed-date name wins.
 */
const STATUTORY: ReadonlyArray<readonly [rule: string, key: string, name: Localized]> = [
  ['01-01', 'new-years-day', { nb: 'Første nyttårsdag', nn: 'Første nyttårsdag', en: "New Year's Day" }],
  ['05-01', 'labour-day', { nb: '1. mai', nn: '1. mai', en: 'Labour Day' }],
  ['05-17', 'constitution-day', { nb: '17. mai', nn: '17. mai', en: 'Constitution Day' }],
  ['12-25', 'christmas-day', { nb: 'Første juledag', nn: 'Første juledag', en: 'Christmas Day' }],
  ['12-26', 'boxing-day', { nb: 'Andre juledag', nn: 'Andre juledag', en: 'Boxing Day' }],
  ['easter -3', 'maundy-thursday', { nb: 'Skjærtorsdag', nn: 'Skjærtorsdag', en: 'Maundy Thursday' }],
  ['easter -2', 'good-friday', { nb: 'Langfredag', nn: 'Langfredag', en: 'Good Friday' }],
  ['easter', 'easter-sunday', { nb: 'Første påskedag', nn: 'Første påskedag', en: 'Easter Sunday' }],
  ['easter 1', 'easter-monday', { nb: 'Andre påskedag', nn: 'Andre påskedag', en: 'Easter Monday' }],
  [
    'easter 39',
    'ascension-day',
    { nb: 'Kristi himmelfartsdag', nn: 'Kristi himmelfartsdag', en: 'Ascension Day' },
  ],
  ['easter 49', 'whit-sunday', { nb: 'Første pinsedag', nn: 'Første pinsedag', en: 'Whit Sunday' }],
  ['easter 50', 'whit-monday', { nb: 'Andre pinsedag', nn: 'Andre pinsedag', en: 'Whit Monday' }],
];

/** Keyed by 'MM-DD'. Fixed dates need no library, and 31 Dec is a half day there (from 14:00). */
const CUSTOMARY: ReadonlyMap<string, DayOff> = new Map([
  [
    '12-24',
    { key: 'christmas-eve', name: { nb: 'Julaften', nn: 'Julaftan', en: 'Christmas Eve' }, statutory: false },
  ],
  [
    '12-31',
    {
      key: 'new-years-eve',
      name: { nb: 'Nyttårsaften', nn: 'Nyttårsaftan', en: "New Year's Eve" },
      statutory: false,
    },
  ],
]);

const LOCAL_DATE = /^(\d{4})-(\d{2}-\d{2})$/;

let norway: Holidays | undefined;
const byYear = new Map<number, ReadonlyMap<string, DayOff>>();

/** Called in scheduling loops, so the library is built once and each year is computed once. */
function daysOffIn(year: number): ReadonlyMap<string, DayOff> {
  const cached = byYear.get(year);
  if (cached) return cached;
  norway ??= new Holidays('NO');
  const dateByRule = new Map<string, string>();
  for (const holiday of norway.getHolidays(year)) dateByRule.set(holiday.rule, holiday.date.slice(0, 10));
  const days = new Map<string, DayOff>();
  for (const [rule, key, name] of STATUTORY) {
    const date = dateByRule.get(rule);
    if (date && !days.has(date)) days.set(date, { key, name, statutory: true });
  }
  byYear.set(year, days);
  return days;
}

/** The Norwegian public holiday (or customary day off) on a local date 'YYYY-MM-DD', or null. */
export function publicHolidayOn(localDate: string): DayOff | null {
  const match = LOCAL_DATE.exec(localDate);
  if (!match) throw new RangeError(`not a local date (YYYY-MM-DD): ${JSON.stringify(localDate)}`);
  return daysOffIn(Number(match[1])).get(localDate) ?? CUSTOMARY.get(match[2]!) ?? null;
}

/** Default day-off rule when no school calendar is known: holidays and 24/31 December. */
export function isPublicDayOff(localDate: string): boolean {
  return publicHolidayOn(localDate) !== null;
}
