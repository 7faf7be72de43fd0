import { describe, expect, it } from 'vitest';
import { isPublicDayOff, publicHolidayOn } from '../../../src/core/schedule/index.ts';

const keyOn = (date: string) => publicHolidayOn(date)?.key ?? null;

describe('publicHolidayOn', () => {
  it('finds Ascension Day 2027 on Thursday 6 May', () => {
    expect(new Date('2027-05-06T12:00:00Z').getUTCDay()).toBe(4);
    expect(publicHolidayOn('2027-05-06')).toEqual({
      key: 'ascension-day',
      name: { nb: 'Kristi himmelfartsdag', nn: 'Kristi himmelfartsdag', en: 'Ascension Day' },
      statutory: true,
    });
  });

  it('finds the Easter days of 2027 and nothing on Easter Saturday', () => {
    expect(keyOn('2027-03-24')).toBeNull();
    expect(keyOn('2027-03-25')).toBe('maundy-thursday');
    expect(keyOn('2027-03-26')).toBe('good-friday');
    expect(keyOn('2027-03-27')).toBeNull();
    expect(keyOn('2027-03-28')).toBe('easter-sunday');
    expect(keyOn('2027-03-29')).toBe('easter-monday');
    expect(keyOn('2027-03-30')).toBeNull();
    expect(publicHolidayOn('2027-03-29')?.name).toEqual({
      nb: 'Andre påskedag',
      nn: 'Andre påskedag',
      en: 'Easter Monday',
    });
  });

  it('finds 17 May, and prefers it when it is also Whit Monday (2027)', () => {
    expect(keyOn('2026-05-17')).toBe('constitution-day');
    expect(keyOn('2027-05-16')).toBe('whit-sunday');
    expect(keyOn('2027-05-17')).toBe('constitution-day');
    expect(keyOn('2026-05-25')).toBe('whit-monday');
  });

  it('does not count observances such as 21 February, 8 May or Midsummer Eve', () => {
    for (const date of ['2026-02-21', '2027-02-21', '2026-02-06', '2026-05-08', '2026-06-23', '2026-07-29']) {
      expect(publicHolidayOn(date), date).toBeNull();
    }
  });

  it('treats 24 and 31 December as customary days off', () => {
    expect(publicHolidayOn('2026-12-24')).toEqual({
      key: 'christmas-eve',
      name: { nb: 'Julaften', nn: 'Julaftan', en: 'Christmas Eve' },
      statutory: false,
    });
    expect(publicHolidayOn('2026-12-31')?.name).toEqual({
      nb: 'Nyttårsaften',
      nn: 'Nyttårsaftan',
      en: "New Year's Eve",
    });
    expect(keyOn('2026-12-25')).toBe('christmas-day');
    expect(keyOn('2026-12-26')).toBe('boxing-day');
    expect(keyOn('2027-01-01')).toBe('new-years-day');
    expect(keyOn('2026-12-23')).toBeNull();
    expect(keyOn('2026-12-27')).toBeNull();
  });

  it('matches an independent Easter computation on every day of 2024–2040', () => {
    for (let year = 2024; year <= 2040; year++) {
      const expected = expectedDaysOff(year);
      for (
        let d = new Date(Date.UTC(year, 0, 1));
        d.getUTCFullYear() === year;
        d.setUTCDate(d.getUTCDate() + 1)
      ) {
        const date = isoDate(d);
        expect(keyOn(date), date).toBe(expected.get(date) ?? null);
      }
    }
  });

  it('throws on malformed dates', () => {
    expect(() => publicHolidayOn('17.05.2026')).toThrow(RangeError);
    expect(() => publicHolidayOn('2026-5-17')).toThrow(RangeError);
  });

  it('isPublicDayOff agrees with publicHolidayOn', () => {
    expect(isPublicDayOff('2027-05-06')).toBe(true);
    expect(isPublicDayOff('2026-12-24')).toBe(true);
    expect(isPublicDayOff('2027-05-07')).toBe(false);
  });
});

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Anonymous Gregorian algorithm (Meeus/Jones/Butcher), kept independent of date-holidays. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function expectedDaysOff(year: number): Map<string, string> {
  const days = new Map<string, string>([
    [`${year}-01-01`, 'new-years-day'],
    [`${year}-05-01`, 'labour-day'],
    [`${year}-05-17`, 'constitution-day'],
    [`${year}-12-24`, 'christmas-eve'],
    [`${year}-12-25`, 'christmas-day'],
    [`${year}-12-26`, 'boxing-day'],
    [`${year}-12-31`, 'new-years-eve'],
  ]);
  const easter = easterSunday(year);
  const moveable: Array<[number, string]> = [
    [-3, 'maundy-thursday'],
    [-2, 'good-friday'],
    [0, 'easter-sunday'],
    [1, 'easter-monday'],
    [39, 'ascension-day'],
    [49, 'whit-sunday'],
    [50, 'whit-monday'],
  ];
  for (const [offset, key] of moveable) {
    const date = isoDate(new Date(easter.getTime() + offset * 86_400_000));
    if (!days.has(date)) days.set(date, key);
  }
  return days;
}
