import { describe, expect, it } from 'vitest';
import { nextOccurrence, occurrenceInWeek, type WeeklySchedule } from '../../../src/core/schedule/index.ts';

const thursday14: WeeklySchedule = { weekday: 'thursday', time: '14:00', cadence: 'weekly' };
const sunday0230: WeeklySchedule = { weekday: 'sunday', time: '02:30', cadence: 'weekly' };
const at = (iso: string) => new Date(iso);
const nextAt = (schedule: WeeklySchedule, after: string, zone?: string) =>
  nextOccurrence(schedule, at(after), zone).at.toISOString();

describe('nextOccurrence', () => {
  it('keeps 14:00 Oslo time across the spring change (2027-03-28)', () => {
    expect(nextAt(thursday14, '2027-03-20T00:00:00Z')).toBe('2027-03-25T13:00:00.000Z');
    expect(nextAt(thursday14, '2027-03-26T00:00:00Z')).toBe('2027-04-01T12:00:00.000Z');
  });

  it('keeps 14:00 Oslo time across the autumn change (2026-10-25)', () => {
    expect(nextAt(thursday14, '2026-10-17T00:00:00Z')).toBe('2026-10-22T12:00:00.000Z');
    expect(nextAt(thursday14, '2026-10-23T00:00:00Z')).toBe('2026-10-29T13:00:00.000Z');
  });

  it('is strictly after: exactly at an occurrence gives the next week', () => {
    expect(nextAt(thursday14, '2027-03-25T13:00:00.000Z')).toBe('2027-04-01T12:00:00.000Z');
    expect(nextAt(thursday14, '2027-03-25T12:59:59.999Z')).toBe('2027-03-25T13:00:00.000Z');
    expect(nextAt(thursday14, '2026-10-22T12:00:00.000Z')).toBe('2026-10-29T13:00:00.000Z');
  });

  it('moves the non-existent Sunday 02:30 in March forward to 03:30 summer time', () => {
    expect(nextAt(sunday0230, '2027-03-27T12:00:00Z')).toBe('2027-03-28T01:30:00.000Z');
    // Between 02:00 and 03:30 local that day, the shifted time is still ahead.
    expect(nextAt(sunday0230, '2027-03-28T01:15:00Z')).toBe('2027-03-28T01:30:00.000Z');
  });

  it('takes the first of the two 02:30s in October, and only that one', () => {
    expect(nextAt(sunday0230, '2026-10-24T12:00:00Z')).toBe('2026-10-25T00:30:00.000Z');
    expect(nextAt(sunday0230, '2026-10-25T00:30:00Z')).toBe('2026-11-01T01:30:00.000Z');
  });

  it("uses today's weekday in the zone, not in UTC", () => {
    const monday0800: WeeklySchedule = { weekday: 'monday', time: '08:00', cadence: 'weekly' };
    // Sunday 23:30 UTC is Monday 00:30 in Oslo: the occurrence is the same Oslo Monday.
    expect(nextAt(monday0800, '2027-01-10T23:30:00Z')).toBe('2027-01-11T07:00:00.000Z');
    expect(nextAt(monday0800, '2027-01-10T23:30:00Z', 'UTC')).toBe('2027-01-11T08:00:00.000Z');
  });

  it('reports week key and local date in the zone, including week 53', () => {
    expect(nextOccurrence(thursday14, at('2026-12-25T00:00:00Z'))).toEqual({
      at: at('2026-12-31T13:00:00Z'),
      weekKey: '2026-W53',
      localDate: '2026-12-31',
    });
    const late: WeeklySchedule = { weekday: 'sunday', time: '23:30', cadence: 'weekly' };
    expect(nextOccurrence(late, at('2027-01-01T00:00:00Z'))).toEqual({
      at: at('2027-01-03T22:30:00Z'),
      weekKey: '2026-W53',
      localDate: '2027-01-03',
    });
  });

  it('supports other zones', () => {
    expect(nextAt(thursday14, '2026-03-01T00:00:00Z', 'America/New_York')).toBe('2026-03-05T19:00:00.000Z');
    expect(nextAt(thursday14, '2026-03-09T00:00:00Z', 'America/New_York')).toBe('2026-03-12T18:00:00.000Z');
  });

  it('rejects malformed times', () => {
    for (const time of ['7:30', '24:00', '14:60', '14.00', '']) {
      expect(() => nextOccurrence({ ...thursday14, time }, at('2027-01-01T00:00:00Z')), time).toThrow(
        RangeError,
      );
    }
  });
});

describe('occurrenceInWeek', () => {
  it('finds the instant within an ISO week', () => {
    expect(occurrenceInWeek(thursday14, '2026-W53').toISOString()).toBe('2026-12-31T13:00:00.000Z');
    expect(occurrenceInWeek(thursday14, '2027-W13').toISOString()).toBe('2027-04-01T12:00:00.000Z');
    expect(occurrenceInWeek(thursday14, '2027-W01').toISOString()).toBe('2027-01-07T13:00:00.000Z');
    expect(occurrenceInWeek(thursday14, '2025-W01').toISOString()).toBe('2025-01-02T13:00:00.000Z');
  });

  it('handles the daylight-saving edges like nextOccurrence does', () => {
    expect(occurrenceInWeek(sunday0230, '2027-W12').toISOString()).toBe('2027-03-28T01:30:00.000Z');
    expect(occurrenceInWeek(sunday0230, '2026-W43').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('agrees with nextOccurrence over two years of weeks', () => {
    let after = at('2026-01-01T00:00:00Z');
    for (let i = 0; i < 104; i++) {
      const next = nextOccurrence(sunday0230, after);
      expect(occurrenceInWeek(sunday0230, next.weekKey).getTime(), next.weekKey).toBe(next.at.getTime());
      after = next.at;
    }
  });

  it('throws on a week the year does not have', () => {
    expect(() => occurrenceInWeek(thursday14, '2027-W53')).toThrow(RangeError);
  });
});
