import {
  type DayOffPolicy,
  type IsDayOff,
  isWithinWorkingHours,
  nextWorkingMoment,
  noSchoolReason,
  planPrompt,
  type SchoolCalendar,
  type WorkingHours,
} from '../schedule/index.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

export type OpenDecision =
  | { action: 'open'; closesAt: Date }
  | { action: 'skip'; reason: string }
  /** The team's weekday has no school this week: the prompt comes at `to`, later the same week. */
  | { action: 'move'; to: Date }
  | { action: 'wait' };

/** No messages on a day without school: public holidays, and the school calendar's days off. */
export function schoolDayOff(calendar: SchoolCalendar | null): IsDayOff {
  return (date) => noSchoolReason(date, calendar) !== null;
}

/**
 * What to do with a team whose scheduled moment has come. A day without school (a public holiday, or
 * a holiday or day off in the school's calendar) skips the week and says why, or moves the prompt to
 * the next school day of the week when the team asked for that. Outside working hours we wait, so a
 * late catch-up after downtime lands in the morning, not at night. A cycle never overlaps the next
 * one, however late it opens.
 */
export function decideOpening(input: {
  occurrence: Date;
  now: Date;
  zone: string;
  workingHours: WorkingHours;
  closeAfterHours: number;
  nextOccurrence: Date;
  calendar?: SchoolCalendar | null;
  onDayOff?: DayOffPolicy;
}): OpenDecision {
  const calendar = input.calendar ?? null;
  const plan = planPrompt({
    occurrence: input.occurrence,
    zone: input.zone,
    calendar,
    onDayOff: input.onDayOff ?? 'skip',
    workingHours: input.workingHours,
  });
  if ('skip' in plan) return { action: 'skip', reason: plan.skip };
  if (plan.moved && plan.at.getTime() > input.now.getTime()) return { action: 'move', to: plan.at };
  if (!isWithinWorkingHours(input.now, input.workingHours, input.zone, schoolDayOff(calendar)))
    return { action: 'wait' };
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
  calendar?: SchoolCalendar | null;
}): Date | null {
  const hours = input.afterHours[input.round];
  if (hours === undefined) return null;
  const raw = new Date(input.opensAt.getTime() + hours * HOUR);
  const due = nextWorkingMoment(raw, input.workingHours, input.zone, schoolDayOff(input.calendar ?? null));
  return due < input.closesAt ? due : null;
}
