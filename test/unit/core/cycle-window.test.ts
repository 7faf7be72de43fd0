import { describe, expect, it } from 'vitest';
import { decideOpening, nudgeDueAt } from '../../../src/core/loop/cycle-window.ts';
import { DEFAULT_WORKING_HOURS } from '../../../src/core/schedule/index.ts';

const zone = 'Europe/Oslo';
const base = { zone, workingHours: DEFAULT_WORKING_HOURS, closeAfterHours: 144 };

describe('deciding to open a cycle', () => {
  it('opens on time and closes after the configured hours', () => {
    const at = new Date('2026-11-26T13:00:00Z'); // Thursday 14:00 in Oslo
    const decision = decideOpening({
      ...base,
      occurrence: at,
      now: at,
      nextOccurrence: new Date('2026-12-03T13:00:00Z'),
    });
    expect(decision).toEqual({ action: 'open', closesAt: new Date('2026-12-02T13:00:00Z') });
  });

  it('skips a week whose day is a public holiday, saying which', () => {
    const ascension = new Date('2027-05-06T12:00:00Z');
    const decision = decideOpening({
      ...base,
      occurrence: ascension,
      now: ascension,
      nextOccurrence: new Date('2027-05-13T12:00:00Z'),
    });
    expect(decision).toEqual({ action: 'skip', reason: 'public_holiday:ascension-day' });
  });

  it('waits for working hours after downtime, and then never overlaps the next cycle', () => {
    const occurrence = new Date('2026-11-26T13:00:00Z');
    const night = new Date('2026-11-30T22:00:00Z');
    expect(
      decideOpening({ ...base, occurrence, now: night, nextOccurrence: new Date('2026-12-03T13:00:00Z') }),
    ).toEqual({
      action: 'wait',
    });
    const morning = new Date('2026-12-01T07:00:00Z');
    expect(
      decideOpening({ ...base, occurrence, now: morning, nextOccurrence: new Date('2026-12-03T13:00:00Z') }),
    ).toEqual({
      action: 'open',
      closesAt: new Date('2026-12-03T12:59:00Z'),
    });
  });
});

describe('when reminders are due', () => {
  const opensAt = new Date('2026-11-26T13:00:00Z'); // Thursday 14:00
  const closesAt = new Date('2026-12-02T13:00:00Z');

  it('moves a reminder that falls on a weekend to Monday morning', () => {
    // 48 h after Thursday 14:00 is Saturday 14:00.
    expect(
      nudgeDueAt({
        opensAt,
        closesAt,
        afterHours: [48],
        round: 0,
        zone,
        workingHours: DEFAULT_WORKING_HOURS,
      }),
    ).toEqual(new Date('2026-11-30T06:30:00Z'));
  });

  it('gives no reminder after the cycle closes, nor beyond the configured rounds', () => {
    expect(
      nudgeDueAt({
        opensAt,
        closesAt,
        afterHours: [200],
        round: 0,
        zone,
        workingHours: DEFAULT_WORKING_HOURS,
      }),
    ).toBeNull();
    expect(
      nudgeDueAt({
        opensAt,
        closesAt,
        afterHours: [24],
        round: 1,
        zone,
        workingHours: DEFAULT_WORKING_HOURS,
      }),
    ).toBeNull();
  });
});
