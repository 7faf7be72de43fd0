import { DateTime } from 'luxon';
import { z } from 'zod';
import type { SchoolCalendar } from '../../core/schedule/index.ts';
import { keySchema } from '../org/schema.ts';

const isDate = (value: string) => DateTime.fromISO(value).isValid;

const dateSchema = z
  .string({ error: 'expected a date, YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'expected a date, YYYY-MM-DD' })
  .refine(isDate, { error: 'not a date in the calendar' });

const nameSchema = z.string({ error: 'expected a name' }).trim().min(1, { error: 'must not be empty' });

const rangeSchema = z
  .strictObject({ name: nameSchema, from: dateSchema, to: dateSchema })
  // Only between two real dates: a malformed one has its own error already.
  .refine((range) => !isDate(range.from) || !isDate(range.to) || range.from <= range.to, {
    error: '"from" must not be after "to"',
    path: ['to'],
  });

const daySchema = z.strictObject({ name: nameSchema, date: dateSchema });

/**
 * One school year's calendar file (calendars/oslo-2026-27.yaml). Public holidays are not listed: they
 * are always days off. Everything is local dates, so nothing here depends on a time zone.
 */
export const calendarFileSchema = z
  .strictObject({
    key: keySchema,
    name: nameSchema,
    school_year: z
      .string({ error: 'expected a school year, e.g. "2026-27"' })
      .regex(/^\d{4}-\d{2}$/, { error: 'expected a school year, e.g. "2026-27"' }),
    first_day: dateSchema,
    last_day: dateSchema,
    holidays: z.array(rangeSchema, { error: 'expected a list of holidays' }).default(() => []),
    days_off: z.array(daySchema, { error: 'expected a list of days off' }).default(() => []),
    planning_days: z.array(daySchema, { error: 'expected a list of planning days' }).default(() => []),
  })
  .superRefine((file, ctx) => {
    const [start, end] = file.school_year.split('-');
    if (Number(end) !== (Number(start) + 1) % 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['school_year'],
        message: 'the second year must follow the first',
      });
    }
    if (!file.first_day.startsWith(`${start}-`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['first_day'],
        message: `must be in ${start}, the school year's start`,
      });
    }
    if (file.last_day <= file.first_day) {
      ctx.addIssue({ code: 'custom', path: ['last_day'], message: 'must be after first_day' });
    }
    const outside = (date: string) => date < file.first_day || date > file.last_day;
    file.holidays.forEach((h, i) => {
      if (outside(h.from) || outside(h.to))
        ctx.addIssue({
          code: 'custom',
          path: ['holidays', i],
          message: 'must lie within first_day–last_day',
        });
    });
    for (const list of ['days_off', 'planning_days'] as const) {
      file[list].forEach((d, i) => {
        if (outside(d.date))
          ctx.addIssue({
            code: 'custom',
            path: [list, i, 'date'],
            message: 'must lie within first_day–last_day',
          });
      });
    }
  });

export type CalendarFile = z.output<typeof calendarFileSchema>;

export function toSchoolCalendar(file: CalendarFile): SchoolCalendar {
  return {
    key: file.key,
    schoolYear: file.school_year,
    firstDay: file.first_day,
    lastDay: file.last_day,
    holidays: file.holidays.map(({ name, from, to }) => ({ name, from, to })),
    daysOff: [
      ...file.days_off.map(({ name, date }) => ({ name, date, kind: 'day_off' as const })),
      ...file.planning_days.map(({ name, date }) => ({ name, date, kind: 'planning_day' as const })),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  };
}
