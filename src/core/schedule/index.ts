export { type DayOff, isPublicDayOff, publicHolidayOn } from './holidays.ts';
export { isoWeekKey, localDate, parseIsoWeekKey, weeksInIsoYear } from './iso-week.ts';
export { nextOccurrence, type Occurrence, occurrenceInWeek } from './next-occurrence.ts';
export {
  type DayOffPolicy,
  noSchoolReason,
  type PromptPlan,
  planPrompt,
  type SchoolCalendar,
} from './school-calendar.ts';
export {
  DEFAULT_WORKING_HOURS,
  OSLO,
  SHORT_DAYS,
  SHORT_TO_WEEKDAY,
  type ShortDay,
  WEEKDAYS,
  type Weekday,
  type WeeklySchedule,
  type WorkingHours,
} from './types.ts';
export { parseClockTime } from './wall-clock.ts';
export { type IsDayOff, isWithinWorkingHours, nextWorkingMoment } from './working-hours.ts';
