export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The org file writes working_hours days short ('mon') and schedule days long ('monday'). */
export const SHORT_DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type ShortDay = (typeof SHORT_DAYS)[number];

export const SHORT_TO_WEEKDAY: Readonly<Record<ShortDay, Weekday>> = Object.freeze({
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
});

export interface WeeklySchedule {
  weekday: Weekday;
  /** 'HH:MM', wall-clock time in the team's zone. */
  time: string;
  cadence: 'weekly';
}

/** `from` is inclusive and `to` exclusive, both 'HH:MM' wall-clock; spans past midnight are not supported. */
export interface WorkingHours {
  days: readonly Weekday[];
  from: string;
  to: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = Object.freeze({
  days: Object.freeze(['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] as const),
  from: '07:30',
  to: '16:30',
});

export const OSLO = 'Europe/Oslo';
