import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarFileSchema, toSchoolCalendar } from '../../../src/app/calendars/schema.ts';
import { OrgFileError, parseYamlText } from '../../../src/app/org/index.ts';
import {
  DEFAULT_WORKING_HOURS,
  isoWeekKey,
  localDate,
  noSchoolReason,
  occurrenceInWeek,
  planPrompt,
  type SchoolCalendar,
  type Weekday,
} from '../../../src/core/schedule/index.ts';

const load = (file: string): SchoolCalendar =>
  toSchoolCalendar(parseYamlText(readFileSync(file, 'utf8'), file, calendarFileSchema));
const oslo2627 = load('calendars/oslo-2026-27.yaml');
const oslo2526 = load('calendars/oslo-2025-26.yaml');

/** The plan for every ISO week of a school year, for a team meeting on `weekday` at 14:00. */
function year(calendar: SchoolCalendar, weekday: Weekday, onDayOff: 'skip' | 'move' = 'skip') {
  const weeks: string[] = [];
  for (
    let d = new Date(`${calendar.firstDay}T12:00:00Z`);
    localDate(d) <= calendar.lastDay;
    d = new Date(d.getTime() + 7 * 86_400_000)
  )
    weeks.push(isoWeekKey(d));
  return weeks.map((week) => {
    const plan = planPrompt({
      occurrence: occurrenceInWeek({ weekday, time: '14:00', cadence: 'weekly' }, week),
      calendar,
      onDayOff,
      workingHours: DEFAULT_WORKING_HOURS,
    });
    return { week, plan };
  });
}

const skipped = (plans: ReturnType<typeof year>) =>
  Object.fromEntries(plans.flatMap(({ week, plan }) => ('skip' in plan ? [[week, plan.skip]] : [])));

describe('the Oslo school calendar, a whole school year at a time', () => {
  it('2026/27, Thursdays at 14:00: the weeks without a prompt and why', () => {
    const plans = year(oslo2627, 'thursday');
    expect(plans[0]!.week).toBe('2026-W34');
    expect(plans.at(-1)!.week).toBe('2027-W24');
    expect(skipped(plans)).toEqual({
      '2026-W40': 'school_holiday:Høstferie',
      // A public holiday (or 24/31 December) is named before the holiday it falls in.
      '2026-W52': 'public_holiday:christmas-eve',
      // 2026 has an ISO week 53 (28 Dec – 3 Jan), and it is in the Christmas break.
      '2026-W53': 'public_holiday:new-years-eve',
      '2027-W08': 'school_holiday:Vinterferie',
      '2027-W12': 'public_holiday:maundy-thursday',
      '2027-W18': 'public_holiday:ascension-day',
    });
    expect(plans).toHaveLength(44);
  });

  it('2026/27 starts on Monday 17 August: a Monday team gets its first prompt in week 34', () => {
    const plans = year(oslo2627, 'monday');
    expect(plans[0]).toMatchObject({ week: '2026-W34' });
    expect(skipped(plans)).toMatchObject({
      '2027-W13': 'public_holiday:easter-monday',
      '2027-W20': 'public_holiday:constitution-day', // 17 May is also Whit Monday in 2027
    });
  });

  it('keeps 14:00 on the wall clock across both DST changes', () => {
    const at = (week: string) => {
      const plan = year(oslo2627, 'thursday').find((p) => p.week === week)!.plan;
      return 'at' in plan ? plan.at.toISOString() : plan.skip;
    };
    expect(at('2026-W43')).toBe('2026-10-22T12:00:00.000Z'); // summer time, UTC+2
    expect(at('2026-W44')).toBe('2026-10-29T13:00:00.000Z'); // after 25 October, UTC+1
    expect(at('2027-W11')).toBe('2027-03-18T13:00:00.000Z');
    expect(at('2027-W13')).toBe('2027-04-01T12:00:00.000Z'); // after 28 March, UTC+2
  });

  it('2025/26, Fridays: the election day is a Monday, the Friday after Ascension Day is free', () => {
    expect(skipped(year(oslo2526, 'friday'))).toEqual({
      '2025-W40': 'school_holiday:Høstferie',
      '2025-W52': 'public_holiday:boxing-day',
      '2026-W01': 'school_holiday:Juleferie',
      '2026-W08': 'school_holiday:Vinterferie',
      '2026-W14': 'public_holiday:good-friday',
      '2026-W18': 'public_holiday:labour-day',
      '2026-W20': 'day_off:Fridag etter Kristi himmelfartsdag',
    });
    expect(noSchoolReason('2025-09-08', oslo2526)).toBe('day_off:Valgdag (stortingsvalget)');
  });

  it('moves a prompt to the next school day of the week when the team asks for that, never into the next week', () => {
    const plans = year(oslo2627, 'monday', 'move');
    const whitMonday = plans.find((p) => p.week === '2027-W20')!.plan;
    expect(whitMonday).toEqual({ at: new Date('2027-05-18T12:00:00Z'), moved: true });
    // A whole week of holiday has no later school day: still skipped, with the reason.
    expect(plans.find((p) => p.week === '2026-W40')!.plan).toEqual({ skip: 'school_holiday:Høstferie' });
    // Thursday is Ascension Day and Friday is off too: nothing left in week 18.
    const thursday = year(oslo2627, 'thursday', 'move').find((p) => p.week === '2027-W18')!.plan;
    expect(thursday).toEqual({ skip: 'public_holiday:ascension-day' });
  });

  it('counts nothing outside the school year and only public holidays without a calendar', () => {
    expect(noSchoolReason('2027-06-21', oslo2627)).toBe('outside_school_year');
    expect(noSchoolReason('2026-08-14', oslo2627)).toBe('outside_school_year');
    expect(noSchoolReason('2026-09-30', null)).toBeNull();
    expect(noSchoolReason('2026-12-25', null)).toBe('public_holiday:christmas-day');
  });
});

describe('calendar files', () => {
  const parse = (text: string) => parseYamlText(text, 'calendars/x.yaml', calendarFileSchema);
  const issues = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (error instanceof OrgFileError) return error.issues.map((i) => `${i.line}: ${i.message}`);
      throw error;
    }
    return [];
  };

  it('names the line of each problem: a bad date, a range backwards, an unknown key', () => {
    expect(
      issues(
        [
          'key: x',
          'name: X',
          'school_year: 2026-27',
          'first_day: 2026-08-17',
          'last_day: 2027-06-18',
          'holidays:',
          '  - { name: Høstferie, from: 2026-10-02, to: 2026-09-28 }',
          '  - { name: Vinterferie, from: 2027-02-30, to: 2027-02-26 }',
          'dayz_off: []',
        ].join('\n'),
      ),
    ).toEqual([
      '7: holidays[0].to: "from" must not be after "to"',
      '8: holidays[1].from: not a date in the calendar',
      expect.stringMatching(/^9: unknown key "dayz_off"/),
    ]);
  });

  it('ships Oslo calendars that parse', () => {
    expect(oslo2627).toMatchObject({ key: 'oslo-2026-27', schoolYear: '2026-27', firstDay: '2026-08-17' });
    expect(oslo2526.holidays.map((h) => h.name)).toEqual([
      'Høstferie',
      'Juleferie',
      'Vinterferie',
      'Påskeferie',
    ]);
  });
});
