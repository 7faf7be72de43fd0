import { describe, expect, it } from 'vitest';
import { isoWeekKey, localDate, parseIsoWeekKey, weeksInIsoYear } from '../../../src/core/schedule/index.ts';

describe('isoWeekKey', () => {
  it('puts the turn of 2026/2027 in 2026-W53 until Monday 4 January', () => {
    expect(isoWeekKey(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-03T12:00:00Z'))).toBe('2026-W53');
    expect(isoWeekKey(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
  });

  it('uses the week-year, not the calendar year', () => {
    expect(isoWeekKey(new Date('2024-12-30T12:00:00Z'))).toBe('2025-W01');
    expect(isoWeekKey(new Date('2026-06-01T12:00:00Z'))).toBe('2026-W23');
  });

  it('reads late Sunday evening UTC as Monday in Oslo (winter, UTC+1)', () => {
    const instant = new Date('2027-01-10T23:30:00Z');
    expect(isoWeekKey(instant)).toBe('2027-W02');
    expect(localDate(instant)).toBe('2027-01-11');
    expect(isoWeekKey(instant, 'UTC')).toBe('2027-W01');
    expect(localDate(instant, 'UTC')).toBe('2027-01-10');
  });

  it('reads late Sunday evening UTC as Monday in Oslo (summer, UTC+2)', () => {
    const instant = new Date('2026-06-14T22:30:00Z');
    expect(isoWeekKey(instant)).toBe('2026-W25');
    expect(isoWeekKey(instant, 'UTC')).toBe('2026-W24');
    expect(isoWeekKey(new Date('2026-06-14T21:59:59Z'))).toBe('2026-W24');
  });

  it('rejects an invalid date or zone instead of returning NaN weeks', () => {
    expect(() => isoWeekKey(new Date('nope'))).toThrow(RangeError);
    expect(() => isoWeekKey(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('parseIsoWeekKey', () => {
  it('round-trips keys', () => {
    expect(parseIsoWeekKey('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeekKey('2027-W01')).toEqual({ year: 2027, week: 1 });
  });

  it('knows which years have 53 weeks', () => {
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2027)).toBe(52);
    expect(() => parseIsoWeekKey('2027-W53')).toThrow(RangeError);
  });

  it.each(['2026-W00', '2026-W54', '2026-W1', '2026W01', '2026-w01', ' 2026-W01', 'garbage', ''])(
    'throws on %j',
    (key) => {
      expect(() => parseIsoWeekKey(key)).toThrow(RangeError);
    },
  );
});
