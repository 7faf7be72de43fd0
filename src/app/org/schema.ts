import { IANAZone } from 'luxon';
import { z } from 'zod';
import { LOCALES } from '../../core/locale.ts';
import { RETENTION_BOUNDS } from '../../core/privacy/retention.ts';
import {
  DEFAULT_WORKING_HOURS,
  OSLO,
  SHORT_DAYS,
  SHORT_TO_WEEKDAY,
  type ShortDay,
  WEEKDAYS,
  type Weekday,
} from '../../core/schedule/index.ts';

/**
 * The organisation file (DESIGN §6) as a zod schema. Every object is strict: an IT admin's typo such
 * as `shedule:` must be an error, because silently ignoring it would leave the team on a default
 * they never chose. The parsed value is normalised (long weekday names, lower-case emails, defaults
 * filled in) so that `applyOrg` never has to guess. Cross-references (a team's school, a role's team)
 * are checked in references.ts, where they can be reported together with these issues.
 */

/** Keys end up in URLs, CLI arguments and the local adapter's channel ids: keep them plain. */
const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const keySchema = z
  .string({ error: 'expected a key (lowercase letters, digits and dashes)' })
  .regex(KEY, { error: 'a key may only use lowercase letters, digits and dashes, e.g. "sinsen-5trinn"' });

const nameSchema = z.string({ error: 'expected a name' }).trim().min(1, { error: 'must not be empty' });

/** Platform ids (Slack T…/C…/U…, Teams GUIDs) are opaque: only require non-empty text. */
const idSchema = z.string({ error: 'expected an id (text)' }).trim().min(1, { error: 'must not be empty' });

const localeSchema = z.enum(LOCALES, { error: `expected one of ${LOCALES.join(', ')}` });

const clockTimeSchema = z
  .string({ error: 'expected a time "HH:MM" (24-hour clock, in quotes)' })
  .regex(CLOCK_TIME, { error: 'expected a time "HH:MM" on the 24-hour clock, e.g. "14:00"' });

function clockMinutes(time: string): number | null {
  const match = CLOCK_TIME.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

function toWeekday(day: Weekday | ShortDay): Weekday {
  return day in SHORT_TO_WEEKDAY ? SHORT_TO_WEEKDAY[day as ShortDay] : (day as Weekday);
}

/** DESIGN §6 writes schedule days long ('thursday') and working days short ('thu'); both are accepted. */
const weekdaySchema = z
  .enum([...WEEKDAYS, ...SHORT_DAYS], { error: 'expected a weekday: monday … sunday (or mon … sun)' })
  .transform(toWeekday);

/** Stored in week order without repeats, so reordering the list in the file is not a change. */
const workingDaysSchema = z
  .array(weekdaySchema, { error: 'expected a list of days, e.g. [mon, tue, wed, thu, fri]' })
  .min(1, { error: 'name at least one working day' })
  .transform((days) => WEEKDAYS.filter((day) => days.includes(day)));

const defaultWorkingHours = () => ({
  days: [...DEFAULT_WORKING_HOURS.days],
  from: DEFAULT_WORKING_HOURS.from,
  to: DEFAULT_WORKING_HOURS.to,
});

const workingHoursSchema = z
  .strictObject({
    days: workingDaysSchema.default(() => [...DEFAULT_WORKING_HOURS.days]),
    from: clockTimeSchema.default(DEFAULT_WORKING_HOURS.from),
    to: clockTimeSchema.default(DEFAULT_WORKING_HOURS.to),
  })
  .superRefine((hours, ctx) => {
    // Spans past midnight are not supported by the scheduler (core/schedule/types.ts).
    const from = clockMinutes(hours.from);
    const to = clockMinutes(hours.to);
    if (from !== null && to !== null && from >= to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `must be later than from (${hours.from})` });
    }
  });

const timezoneSchema = z
  .string({ error: 'expected an IANA time zone, e.g. "Europe/Oslo"' })
  .refine((zone) => IANAZone.isValidZone(zone), {
    error: 'unknown time zone; use an IANA name such as "Europe/Oslo"',
  });

export const calendarSchema = z.strictObject({
  key: keySchema,
  file: z.string({ error: 'expected a file path' }).trim().min(1, { error: 'must not be empty' }),
});

/** A custom programme file (programmes/*.yaml); its key must match the file's own. */
export const programmeRefSchema = z.strictObject({
  key: keySchema,
  file: z.string({ error: 'expected a file path' }).trim().min(1, { error: 'must not be empty' }),
});

export const schoolSchema = z.strictObject({
  key: keySchema,
  name: nameSchema,
  locale: localeSchema.default('nb'),
  calendar: keySchema.optional(),
  working_hours: workingHoursSchema.default(defaultWorkingHours),
  timezone: timezoneSchema.default(OSLO),
  /** The rector's weekly digest: a weekday and a time in working hours (default Friday 13:00). */
  digest: z.strictObject({ weekday: weekdaySchema, time: clockTimeSchema }).optional(),
});

const scheduleSchema = z.strictObject({
  weekday: weekdaySchema,
  time: clockTimeSchema,
  cadence: z.literal('weekly', { error: 'only "weekly" is supported' }).default('weekly'),
});

const remindersSchema = z.strictObject({
  via: z.enum(['dm', 'thread'], { error: 'expected dm or thread' }).default('dm'),
  // An empty list is allowed and means "no reminders".
  after_hours: z
    .array(z.number({ error: 'expected a number of hours' }).positive({ error: 'must be more than 0' }), {
      error: 'expected a list of hours, e.g. [48]',
    })
    .refine((hours) => hours.every((h, i) => i === 0 || h > (hours[i - 1] as number)), {
      // Reminder rounds are sent in list order (app/cycles/write-due-nudges.ts).
      error: 'list the hours in increasing order',
    })
    .default(() => [48]),
});

const slackChannelSchema = z.strictObject({ team_id: idSchema, channel_id: idSchema });
const teamsChannelSchema = z.strictObject({ conversation_id: idSchema, tenant_id: idSchema.optional() });

export const teamSchema = z
  .strictObject({
    key: keySchema,
    school: keySchema,
    name: nameSchema,
    locale: localeSchema.optional(),
    programme: keySchema,
    schedule: scheduleSchema,
    reminders: remindersSchema.default(() => ({ via: 'dm' as const, after_hours: [48] })),
    close_after_hours: z
      .number({ error: 'expected a number of hours' })
      .int({ error: 'expected whole hours' })
      .positive({ error: 'must be more than 0' })
      .default(144),
    slack: slackChannelSchema.optional(),
    teams: teamsChannelSchema.optional(),
    /** A calendar of the team's own (AKS stays open in school holidays); else the school's. */
    calendar: keySchema.optional(),
    /** When the team's weekday has no school: the next school day of that week, or no prompt. */
    on_day_off: z.enum(['skip', 'move'], { error: 'expected skip or move' }).default('skip'),
  })
  .superRefine((team, ctx) => {
    // A team's cycle lives in exactly one channel; two bindings would post every prompt twice.
    if (team.slack && team.teams) {
      ctx.addIssue({
        code: 'custom',
        path: ['teams'],
        message: 'a team is bound to at most one platform: give slack or teams, not both',
      });
    }
  });

const slackUserSchema = z.strictObject({ team_id: idSchema, user_id: idSchema });
const teamsUserSchema = z.strictObject({ aad_object_id: idSchema, tenant_id: idSchema.optional() });

const teamRoleSchema = z.strictObject({
  role: z.enum(['member', 'team_lead']),
  team: keySchema,
});

/** A department head oversees either listed teams or a whole school, never both in one entry. */
const departmentHeadSchema = z
  .strictObject({
    role: z.literal('department_head'),
    teams: z
      .array(keySchema, { error: 'expected a list of team keys' })
      .min(1, { error: 'name at least one team' })
      .optional(),
    school: keySchema.optional(),
  })
  .superRefine((role, ctx) => {
    if ((role.teams === undefined) === (role.school === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: 'a department_head role needs either teams: [...] or school: KEY (one of them)',
      });
    }
  });

const rectorSchema = z.strictObject({ role: z.literal('rector'), school: keySchema });

/** Scoped to the file's owner (the municipality): there is one owner per file. */
const schoolOwnerSchema = z.strictObject({ role: z.literal('school_owner') });

export const ROLE_NAMES = ['member', 'team_lead', 'department_head', 'rector', 'school_owner'] as const;

export const roleSchema = z.discriminatedUnion(
  'role',
  [teamRoleSchema, departmentHeadSchema, rectorSchema, schoolOwnerSchema],
  { error: `expected a role: ${ROLE_NAMES.join(', ')}` },
);

export const personSchema = z.strictObject({
  email: z
    .string({ error: 'expected an email address' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'not a valid email address' })),
  name: nameSchema,
  locale: localeSchema.optional(),
  slack: slackUserSchema.optional(),
  teams: teamsUserSchema.optional(),
  roles: z.array(roleSchema, { error: 'expected a list of roles' }).default(() => []),
});

const bounded = (bounds: { min: number; max: number }) =>
  z
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .min(bounds.min, { error: `must be at least ${bounds.min}` })
    .max(bounds.max, { error: `at most ${bounds.max}` });

const retentionSchema = z.strictObject({
  responses_years_after_school_year: bounded(RETENTION_BOUNDS.responsesYearsAfterSchoolYear).optional(),
  commitments_years: bounded(RETENTION_BOUNDS.commitmentsYears).optional(),
  ratings_raw_days: bounded(RETENTION_BOUNDS.ratingsRawDays).optional(),
  logs_months: bounded(RETENTION_BOUNDS.logsMonths).optional(),
});

const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item, { error: `expected a list of ${what}` }).default(() => []);

export const orgFileSchema = z.strictObject({
  owner: z.strictObject({
    key: keySchema,
    name: nameSchema,
    // Below 3 a rating average or an aggregate could point at one person.
    min_group_size: z
      .number({ error: 'expected a whole number' })
      .int({ error: 'expected a whole number' })
      .min(3, { error: 'must be at least 3: smaller groups could expose a person' })
      .default(5),
    // Reminders are worth little once they are many: a cap per person per week across all kinds.
    reminders_per_week: z
      .number({ error: 'expected a whole number' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(20, { error: 'at most 20' })
      .default(3),
    // How long content is kept; each omitted key keeps the reference default (core/privacy/retention.ts).
    retention: retentionSchema.optional(),
  }),
  // Each file is read and checked by loadOrgFile, relative to the organisation file.
  calendars: list(calendarSchema, 'calendars'),
  programmes: list(programmeRefSchema, 'programmes'),
  schools: list(schoolSchema, 'schools'),
  teams: list(teamSchema, 'teams'),
  people: list(personSchema, 'people'),
});

/** The organisation file after validation and normalisation. */
export type OrgFile = z.output<typeof orgFileSchema>;
/** What an admin may write (defaults omitted, short weekday names). */
export type OrgFileInput = z.input<typeof orgFileSchema>;
export type OrgSchool = OrgFile['schools'][number];
export type OrgTeam = OrgFile['teams'][number];
export type OrgPerson = OrgFile['people'][number];
export type OrgRole = OrgPerson['roles'][number];
