import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { RetentionPolicy } from '../../core/privacy/retention.ts';
import { createdAt, id, updatedAt } from './columns.ts';

export const owners = pgTable('owners', {
  id: id(),
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** The fewest answers behind any aggregate shown (ratings, owner reports); never below 3. */
  minGroupSize: integer('min_group_size').notNull().default(5),
  /** Reminders (prompt reminders and commitment follow-ups) per person per ISO week. */
  weeklyReminderCap: integer('weekly_reminder_cap').notNull().default(3),
  /** The term ('2026H') whose owner digest was last written, so each term's is written once. */
  lastDigestTerm: text('last_digest_term'),
  /** How long content is kept (src/core/privacy/retention.ts); null: the reference defaults. */
  retention: jsonb('retention').$type<Partial<RetentionPolicy>>(),
  /** The local date ('2026-11-23') of the last retention run, so each day's runs once. */
  retentionRanOn: text('retention_ran_on'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface WorkingHoursJson {
  days: string[];
  from: string;
  to: string;
}

export const schools = pgTable('schools', {
  id: id(),
  key: text('key').notNull().unique(),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => owners.id),
  name: text('name').notNull(),
  locale: text('locale').notNull().default('nb'),
  calendarKey: text('calendar_key'),
  timezone: text('timezone').notNull().default('Europe/Oslo'),
  workingHours: jsonb('working_hours').$type<WorkingHoursJson>().notNull(),
  /** When the rector's weekly digest goes out ({ weekday, time }); null: Friday 13:00. */
  digestSchedule: jsonb('digest_schedule').$type<{ weekday: string; time: string }>(),
  /** The ISO week of the last digest written, so each week's is written once. */
  lastDigestWeek: text('last_digest_week'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export interface ScheduleJson {
  weekday: string;
  time: string;
  cadence: 'weekly';
}

export interface RemindersJson {
  via: 'dm' | 'thread';
  afterHours: number[];
}

export const teams = pgTable(
  'teams',
  {
    id: id(),
    key: text('key').notNull().unique(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => schools.id),
    name: text('name').notNull(),
    /** null: the school's language. */
    locale: text('locale'),
    programmeKey: text('programme_key').notNull(),
    schedule: jsonb('schedule').$type<ScheduleJson>().notNull(),
    reminders: jsonb('reminders').$type<RemindersJson>().notNull(),
    /** How long a cycle stays open for answers. */
    closeAfterHours: integer('close_after_hours').notNull().default(144),
    platform: text('platform').notNull(),
    tenantId: text('tenant_id').notNull(),
    channelId: text('channel_id').notNull(),
    /**
     * 'file': the binding comes from org.yaml. 'chat': someone chose this team for a channel where
     * Refleks was added; org.yaml keeps it as long as it names no binding of its own for the team.
     */
    bindingSource: text('binding_source').notNull().default('file'),
    /** The team's own calendar (AKS); null: the school's. */
    calendarKey: text('calendar_key'),
    /** 'skip' | 'move': what a weekday without school does to the week's prompt. */
    onDayOff: text('on_day_off').notNull().default('skip'),
    active: boolean('active').notNull().default(true),
    /** Set when the platform says the channel or the installation is gone; cleared by the next success. */
    unreachableReason: text('unreachable_reason'),
    unreachableSince: timestamp('unreachable_since', { withTimezone: true }),
    /** The next scheduled prompt; the tick claims teams whose time has come. */
    nextRunAt: timestamp('next_run_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('teams_due_idx').on(t.nextRunAt).where(sql`${t.active}`),
    // Every leader's and owner's view starts from a school's teams.
    index('teams_school_idx').on(t.schoolId),
  ],
);

export const people = pgTable('people', {
  id: id(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** null: the team's or the school's language. */
  locale: text('locale'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const platformIdentities = pgTable(
  'platform_identities',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    tenantId: text('tenant_id').notNull(),
    userId: text('user_id').notNull(),
    /** The direct conversation with this person, once opened (Teams needs it for proactive messages). */
    directConversationId: text('direct_conversation_id'),
    /** Set when the platform says this person cannot be reached (deactivated, blocked the app). */
    unreachableReason: text('unreachable_reason'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('platform_identities_user_uq').on(t.platform, t.tenantId, t.userId)],
);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: id(),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    scopeKind: text('scope_kind').notNull(),
    scopeId: uuid('scope_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_assignments_uq').on(t.personId, t.role, t.scopeKind, t.scopeId),
    index('role_assignments_scope_idx').on(t.scopeKind, t.scopeId),
  ],
);

/** School calendars by key, one school year each, as read from the files org.yaml lists. */
export const calendars = pgTable('calendars', {
  key: text('key').primaryKey(),
  schoolYear: text('school_year').notNull(),
  /** The core's SchoolCalendar, as JSON. */
  definition: jsonb('definition').notNull(),
  updatedAt: updatedAt(),
});
