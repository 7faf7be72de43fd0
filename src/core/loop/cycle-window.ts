import {
  isWithinWorkingHours,
  localDate,
  nextWorkingMoment,
  publicHolidayOn,
  type WorkingHours,
} from '../schedule/index.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type OpenDecision =
  | { action: 'open'; closesAt: Date }
  | { action: 'skip'; reason: string }
  | { action: 'wait' };

/**
 * What to do with a team whose scheduled moment has come. A holiday skips the week (and says so);
 * outside working hours we wait, so a late catch-up after downtime lands in the morning, not at night.
 * A cycle never overlaps the next one, however late it opens.
 */
export function decideOpening(input: {
  occurrence: Date;
  now: Date;
  zone: string;
  workingHours: WorkingHours;
  closeAfterHours: number;
  nextOccurrence: Date;
}): OpenDecision {
  const holiday = publicHolidayOn(localDate(input.occurrence, input.zone));
  if (holiday) return { action: 'skip', reason: `public_holiday:${holiday.key}` };
  if (!isWithinWorkingHours(input.now, input.workingHours, input.zone)) return { action: 'wait' };
  const byLength = input.now.getTime() + input.closeAfterHours * HOUR;
  const beforeNext = input.nextOccurrence.getTime() - MINUTE;
  return { action: 'open', closesAt: new Date(Math.min(byLength, beforeNext)) };
}

/**
 * When reminder round `round` (0-based) is due: `afterHours[round]` after opening, moved into working
 * hours. Null when there is no such round or it would only come after the cycle closed.
 */
export function nudgeDueAt(input: {
  opensAt: Date;
  closesAt: Date;
  afterHours: number[];
  round: number;
  zone: string;
  workingHours: WorkingHours;
}): Date | null {
  const hours = input.afterHours[input.round];
  if (hours === undefined) return null;
  const raw = new Date(input.opensAt.getTime() + hours * HOUR);
  const due = nextWorkingMoment(raw, input.workingHours, input.zone);
  return due < input.closesAt ? due : null;
}
