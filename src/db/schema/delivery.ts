import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';

/**
 * Every outbound message is first a row here, keyed by what it is (`prompt:<cycle>`,
 * `nudge:<cycle>:<person>:<n>` …). The unique key is what makes a doubled tick or a retried job harmless.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique(),
    kind: text('kind').notNull(),
    teamId: uuid('team_id'),
    cycleId: uuid('cycle_id'),
    personId: uuid('person_id'),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    platformRef: jsonb('platform_ref'),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('outbox_pending_idx').on(t.status, t.notBefore)],
);

/** Platform deliveries already seen; a retry of one of them is acknowledged and dropped. */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] }), index('inbound_events_at_idx').on(t.receivedAt)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    actorPersonId: uuid('actor_person_id'),
    action: text('action').notNull(),
    subjectKind: text('subject_kind'),
    subjectId: text('subject_id'),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [index('audit_events_at_idx').on(t.at)],
);

/** What kind of personal data was blocked and where; never the value itself. */
export const piiEvents = pgTable('pii_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  kind: text('kind').notNull(),
  place: text('place').notNull(),
  teamId: uuid('team_id'),
});

/** The embedded local platform keeps its channel history here, so a restart loses nothing. */
export const localMessages = pgTable(
  'local_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: integer('seq').generatedAlwaysAsIdentity(),
    conversationId: text('conversation_id').notNull(),
    threadId: uuid('thread_id'),
    authorUserId: text('author_user_id'),
    card: jsonb('card').notNull(),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }),
  },
  (t) => [index('local_messages_conversation_idx').on(t.conversationId, t.seq)],
);
