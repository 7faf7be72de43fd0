import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WORKING_HOURS,
  isWithinWorkingHours,
  nextWorkingMoment,
  SHORT_TO_WEEKDAY,
  type WorkingHours,
} from '../../../src/core/schedule/index.ts';

const at = (iso: string) => new Date(iso);
const next = (iso: string, hours: WorkingHours = DEFAULT_WORKING_HOURS, isDayOff?: (d: string) => boolean) =>
  nextWorkingMoment(at(iso), hours, undefined, isDayOff).toISOString();

describe('DEFAULT_WORKING_HOURS', () => {
  it('is Monday to Friday 07:30–16:30', () => {
    expect(DEFAULT_WORKING_HOURS).toEqual({
      days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      from: '07:30',
      to: '16:30',
    });
    expect(SHORT_TO_WEEKDAY.sat).toBe('saturday');
  });
});

describe('isWithinWorkingHours', () => {
  it('includes the start and excludes the end (Tuesday 2026-09-15, UTC+2)', () => {
    expect(isWithinWorkingHours(at('2026-09-15T05:29:59Z'), DEFAULT_WORKING_HOURS)).toBe(false);
    expect(isWithinWorkingHours(at('2026-09-15T05:30:00Z'), DEFAULT_WORKING_HOURS)).toBe(true);
    expect(isWithinWorkingHours(at('2026-09-15T14:29:59Z'), DEFAULT_WORKING_HOURS)).toBe(true);
    expect(isWithinWorkingHours(at('2026-09-15T14:30:00Z'), DEFAULT_WORKING_HOURS)).toBe(false);
  });

  it('is false on weekends and public holidays unless the day-off rule says otherwise', () => {
    expect(isWithinWorkingHours(at('2026-09-12T10:00:00Z'), DEFAULT_WORKING_HOURS)).toBe(false);
    expect(isWithinWorkingHours(at('2027-05-06T10:00:00Z'), DEFAULT_WORKING_HOURS)).toBe(false);
    expect(
      isWithinWorkingHours(at('2027-05-06T10:00:00Z'), DEFAULT_WORKING_HOURS, 'Europe/Oslo', () => false),
    ).toBe(true);
  });

  it('rejects hours that end before they start', () => {
    const inverted: WorkingHours = { ...DEFAULT_WORKING_HOURS, from: '16:30', to: '07:30' };
    expect(() => isWithinWorkingHours(at('2026-09-15T10:00:00Z'), inverted)).toThrow(RangeError);
  });
});

describe('nextWorkingMoment', () => {
  it('returns the instant itself inside working hours', () => {
    const instant = at('2026-09-15T10:00:00Z');
    expect(nextWorkingMoment(instant, DEFAULT_WORKING_HOURS)).toBe(instant);
  });

  it('moves early morning to 07:30 the same day', () => {
    expect(next('2026-09-15T03:00:00Z')).toBe('2026-09-15T05:30:00.000Z');
  });

  it('moves Saturday to Monday 07:30', () => {
    expect(next('2026-09-12T10:00:00Z')).toBe('2026-09-14T05:30:00.000Z');
  });

  it('moves Friday 17:00 to Monday 07:30', () => {
    expect(next('2026-09-11T15:00:00Z')).toBe('2026-09-14T05:30:00.000Z');
    expect(next('2027-01-08T16:00:00Z')).toBe('2027-01-11T06:30:00.000Z');
  });

  it('skips Easter: Maundy Thursday 2027 moves to the Tuesday after Easter Monday, now in summer time', () => {
    expect(next('2027-03-25T09:00:00Z')).toBe('2027-03-30T05:30:00.000Z');
  });

  it('skips Christmas: Christmas Eve 2026 (Thursday) moves to Monday 28 December', () => {
    expect(next('2026-12-24T09:00:00Z')).toBe('2026-12-28T06:30:00.000Z');
  });

  it('uses a school calendar when given one', () => {
    const winterBreak = (date: string) => date >= '2027-02-22' && date <= '2027-02-26';
    expect(next('2027-02-19T16:00:00Z', DEFAULT_WORKING_HOURS, winterBreak)).toBe('2027-03-01T06:30:00.000Z');
  });

  it('honours custom days and times', () => {
    const hours: WorkingHours = { days: ['wednesday'], from: '12:00', to: '13:00' };
    expect(next('2026-09-15T10:00:00Z', hours)).toBe('2026-09-16T10:00:00.000Z');
  });

  it('gives up instead of looping forever', () => {
    expect(() => next('2026-09-15T20:00:00Z', { ...DEFAULT_WORKING_HOURS, days: [] })).toThrow(/400 days/);
    expect(() => next('2026-09-15T20:00:00Z', DEFAULT_WORKING_HOURS, () => true)).toThrow(/400 days/);
  });
});
