import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { people, teams } from './organisation.ts';

export const programmes = pgTable(
  'programmes',
  {
    id: id(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    builtin: boolean('builtin').notNull().default(true),
    definition: jsonb('definition').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('programmes_key_version_uq').on(t.key, t.version)],
);

/**
 * Programmes an owner wrote (programmes/*.yaml), one row per version. A changed file adds a version;
 * runs and cycles keep the version they started with, so history is never rewritten.
 */
export const programmeVersions = pgTable(
  'programme_versions',
  {
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** The core's Programme, as JSON. */
    definition: jsonb('definition').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.key, t.version] })],
);

export const programmeRuns = pgTable(
  'programme_runs',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    programmeKey: text('programme_key').notNull(),
    programmeVersion: integer('programme_version').notNull(),
    /** The step the next held cycle will use. */
    stepIndex: integer('step_index').notNull().default(0),
    status: text('status').notNull().default('active'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('programme_runs_one_active_uq').on(t.teamId).where(sql`${t.status} = 'active'`)],
);

export const cycles = pgTable(
  'cycles',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    runId: uuid('run_id').references(() => programmeRuns.id),
    weekKey: text('week_key').notNull(),
    stepIndex: integer('step_index'),
    stepKey: text('step_key'),
    status: text('status').notNull(),
    skipReason: text('skip_reason'),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    closesAt: timestamp('closes_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /** The prompt message; replies and the summary go in its thread. */
    promptMessageId: text('prompt_message_id'),
    /** How many reminder rounds have been written to the outbox. */
    nudgeRounds: integer('nudge_rounds').notNull().default(0),
    /**
     * Ratings folded out of the answers (counts of 1…5), once the raw values are deleted: after the
     * owner's rating retention, or when a person's answers are erased. See core/privacy/retention.ts.
     */
    ratingCounts: jsonb('rating_counts').$type<number[]>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('cycles_team_week_uq').on(t.teamId, t.weekKey),
    index('cycles_open_idx').on(t.status, t.closesAt),
  ],
);

export const responses = pgTable(
  'responses',
  {
    id: id(),
    cycleId: uuid('cycle_id')
      .notNull()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    /** Null once the answer is anonymised (erased by its author or the owner, or past retention). */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    body: text('body'),
    rating: integer('rating'),
    visibility: text('visibility').notNull().default('team'),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('responses_cycle_person_uq').on(t.cycleId, t.personId)],
);

export interface CommitmentHistoryEntry {
  at: string;
  by: string | null;
  change: string;
}

export const commitments = pgTable(
  'commitments',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    originCycleId: uuid('origin_cycle_id').references(() => cycles.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => people.id, { onDelete: 'set null' }),
    what: text('what').notNull(),
    trigger: text('trigger').notNull(),
    evidence: text('evidence').notNull(),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status').notNull().default('open'),
    impact: text('impact'),
    history: jsonb('history').$type<CommitmentHistoryEntry[]>().notNull().default([]),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [index('commitments_team_status_idx').on(t.teamId, t.status)],
);

export const commitmentOwners = pgTable(
  'commitment_owners',
  {
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.commitmentId, t.personId] })],
);

/**
 * What a team lead chose to share with leadership at a "share upward?" step: the text (null when the
 * team shares nothing this time). Leaders see this and the team's name; never the answers behind it.
 */
export const sharedUpdates = pgTable(
  'shared_updates',
  {
    id: id(),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    cycleId: uuid('cycle_id')
      .notNull()
      .unique()
      .references(() => cycles.id, { onDelete: 'cascade' }),
    body: text('body'),
    decidedBy: uuid('decided_by').references(() => people.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
    /** The school (its rector) passed this text on to the school owner; cleared by a withdrawal. */
    ownerApprovedAt: timestamp('owner_approved_at', { withTimezone: true }),
    ownerApprovedBy: uuid('owner_approved_by').references(() => people.id, { onDelete: 'set null' }),
  },
  // The digests and the overview read one team's (or school's) decisions over a span of time.
  (t) => [index('shared_updates_team_decided_idx').on(t.teamId, t.decidedAt)],
);

/**
 * Planned follow-ups of commitments: scheduled work kept in PostgreSQL, so a Redis flush or a killed
 * worker loses none (the tick writes each one's message when it is due). `key` makes planning the
 * same follow-up twice harmless; moving a due date cancels the planned ones and plans anew.
 */
export const followUps = pgTable(
  'follow_ups',
  {
    id: id(),
    key: text('key').notNull().unique(),
    commitmentId: uuid('commitment_id')
      .notNull()
      .references(() => commitments.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** The owner it goes to; null: a whole-team commitment, asked in the team's channel. */
    personId: uuid('person_id').references(() => people.id, { onDelete: 'cascade' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** planned | sent | cancelled | skipped */
    status: text('status').notNull().default('planned'),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('follow_ups_due_idx').on(t.status, t.dueAt)],
);

/**
 * Every reminder written to a person (prompt reminders and follow-ups), by ISO week: the weekly cap
 * counts these, so the policy holds across all kinds of reminder.
 */
export const personMessages = pgTable(
  'person_messages',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    weekKey: text('week_key').notNull(),
    ref: text('ref').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.ref] }),
    index('person_messages_week_idx').on(t.personId, t.weekKey),
  ],
);
