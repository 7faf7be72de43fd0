import { OSLO, type WorkingHours } from '../schedule/index.ts';
import {
  addDays,
  formatPlainDate,
  instantAt,
  isoWeekdayNumber,
  isoWeekdayOf,
  type PlainDate,
} from '../schedule/wall-clock.ts';

/**
 * When Refleks follows up a commitment with a due date (implementation intentions: a concrete when
 * and a way of knowing). Few messages, each quoting the team's own words:
 * - the school day before it is due, a reminder;
 * - on the due day, a question with Done / Adjust / Drop;
 * - two school days after, if still open, one gentle reminder — after that it only shows in the
 *   team's next prompt, never in more messages.
 */
export type FollowUpKind = 'before_due' | 'due' | 'overdue';

/** Morning of a school day: early enough to act on, inside every school's working hours. */
export const FOLLOW_UP_TIME = 9 * 60;
/** Messages per person per ISO week across every reminder (prompt reminders and follow-ups). */
export const DEFAULT_WEEKLY_CAP = 3;
const OVERDUE_AFTER_SCHOOL_DAYS = 2;

export interface PlannedFollowUp {
  kind: FollowUpKind;
  at: Date;
}

function parseDate(date: string): PlainDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The n-th school day after (n > 0) or before (n < 0) `from`, within a month; null when none. */
function schoolDay(from: PlainDate, n: number, isSchoolDay: (d: PlainDate) => boolean): PlainDate | null {
  const step = Math.sign(n);
  let left = Math.abs(n);
  for (let i = 1; i <= 31; i++) {
    const day = addDays(from, i * step);
    if (isSchoolDay(day) && --left === 0) return day;
  }
  return null;
}

export function planFollowUps(input: {
  dueDate: string;
  now: Date;
  zone?: string;
  workingHours: WorkingHours;
  /** Public holidays and the school calendar's days without school. */
  isDayOff: (date: string) => boolean;
}): PlannedFollowUp[] {
  const zone = input.zone ?? OSLO;
  const workdays = new Set(input.workingHours.days.map(isoWeekdayNumber));
  const isSchoolDay = (d: PlainDate) => workdays.has(isoWeekdayOf(d)) && !input.isDayOff(formatPlainDate(d));
  const due = parseDate(input.dueDate);
  // A due date on a day without school is followed up on the next school day.
  const dueDay = isSchoolDay(due) ? due : schoolDay(due, 1, isSchoolDay);
  const days: [FollowUpKind, PlainDate | null][] = [
    ['before_due', dueDay && schoolDay(dueDay, -1, isSchoolDay)],
    ['due', dueDay],
    ['overdue', dueDay && schoolDay(dueDay, OVERDUE_AFTER_SCHOOL_DAYS, isSchoolDay)],
  ];
  return days.flatMap(([kind, day]) => {
    if (!day) return [];
    const at = instantAt(day, FOLLOW_UP_TIME, zone);
    return at.getTime() > input.now.getTime() ? [{ kind, at }] : [];
  });
}

/** The follow-up time (09:00) on a local date, as an instant. */
export function followUpMomentOn(date: string, zone: string = OSLO): Date {
  return instantAt(parseDate(date), FOLLOW_UP_TIME, zone);
}
